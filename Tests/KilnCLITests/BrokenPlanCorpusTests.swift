import Foundation
import KilnTestSupport
import Testing

/// Runs `kiln validate` on every case of `Tests/Fixtures/broken-plans` (see its README.md) and
/// compares the output byte for byte with `NAME.expected`.
@Suite struct BrokenPlanCorpusTests {
    static let folder = SharedReference.packageRoot.appendingPathComponent("Tests/Fixtures/broken-plans")

    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }()

    @Test func corpusIsLargeEnough() {
        #expect(Self.cases.count >= 30, "the corpus should cover every rule; found \(Self.cases.count) cases")
    }

    @Test(arguments: cases)
    func brokenPlan(_ name: String) throws {
        let expectedURL = Self.folder.appendingPathComponent("\(name).expected")
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        var arguments = ["validate"]
        let argsURL = Self.folder.appendingPathComponent("\(name).args")
        if let extra = try? String(contentsOf: argsURL, encoding: .utf8) {
            arguments += extra.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        }
        arguments.append("\(name).yaml")

        let result = try ProcessRunner.run(try KilnBinary.path(), arguments, currentDirectory: Self.folder.path)
        let output = result.stdout + result.stderr
        #expect(output == expected, "output of `kiln \(arguments.joined(separator: " "))` differs from \(name).expected:\n\(Self.diff(expected: expected, actual: output))")
        let expectedStatus: Int32 = expected.contains(": error:") ? 1 : 0
        #expect(result.status == expectedStatus, "exit status \(result.status), expected \(expectedStatus)")
        #expect(!output.contains("SUPERSECRET"), "a secret value from the plan was echoed")
    }

    /// A readable line diff: `-` expected, `+` actual, two lines of context around each change.
    static func diff(expected: String, actual: String) -> String {
        let a = expected.components(separatedBy: "\n"), b = actual.components(separatedBy: "\n")
        var lines: [String] = []
        for index in 0..<max(a.count, b.count) {
            let left = index < a.count ? a[index] : nil, right = index < b.count ? b[index] : nil
            if left == right { lines.append("  \(left ?? "")"); continue }
            if let left { lines.append("- \(left)") }
            if let right { lines.append("+ \(right)") }
        }
        return lines.joined(separator: "\n")
    }
}
