import KilnTalos
import KilnTestSupport
import Testing

/// kiln writes, byte for byte, what Talos's own generator writes for the same inputs.
@Suite(.enabled(if: SharedReference.isAvailable, SharedReference.skipReason))
struct TalosMachineConfigGoldenTests {
    static let cases: [(String, TalosConfigInput.Role)] = GoldenInputs.versions.flatMap { version in
        TalosConfigInput.Role.allCases.map { (version.folder, $0) }
    }

    static func contract(_ folder: String) -> TalosContract {
        GoldenInputs.versions.first { $0.folder == folder }!.contract
    }

    @Test(arguments: cases)
    func baseConfigEqualsTalosGoldenFile(folder: String, role: TalosConfigInput.Role) throws {
        let input = GoldenInputs.base(role, Self.contract(folder), try GoldenInputs.secrets())
        let golden = try GoldenInputs.read("\(folder)/base-\(role.rawValue).yaml")
        let generated = try TalosMachineConfig.generate(input)
        // Compared as a Bool and reported masked: the files hold the test bundle's secrets.
        let difference = ConfigDiff.firstDifference(expected: golden, actual: generated)
        #expect(difference == nil, "\(folder)/base-\(role.rawValue).yaml: \(difference ?? "")")
    }

    @Test(arguments: cases)
    func overridesConfigWithPatchEqualsTalosGoldenFile(folder: String, role: TalosConfigInput.Role) throws {
        let contract = Self.contract(folder)
        let input = GoldenInputs.overrides(role, contract, try GoldenInputs.secrets())
        let golden = try GoldenInputs.read("\(folder)/overrides-\(role.rawValue).yaml")
        let generated = try TalosMachineConfig.generate(input, patches: [try GoldenInputs.patch(for: contract)])
        let difference = ConfigDiff.firstDifference(expected: golden, actual: generated)
        #expect(difference == nil, "\(folder)/overrides-\(role.rawValue).yaml: \(difference ?? "")")
    }
}
