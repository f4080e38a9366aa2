/// Why a machine config could not be generated or patched. Messages name the version, document
/// or path involved, never a value (configs carry the cluster's secrets).
public enum TalosConfigError: Error, Equatable, CustomStringConvertible {
    case unsupportedVersion(String, supported: [String])
    case patchNotYAML(source: String, problem: String)
    case patchNotAMapping(source: String, document: Int)
    case patchTargetMissing(source: String, document: String)

    public var description: String {
        switch self {
        case .unsupportedVersion(let name, let supported):
            "Talos version \(name) is not supported (supported contracts: \(supported.joined(separator: ", ")))"
        case .patchNotYAML(let source, let problem):
            "\(source): not valid YAML (\(problem))"
        case .patchNotAMapping(let source, let document):
            "\(source): document \(document) is not a mapping"
        case .patchTargetMissing(let source, let document):
            "\(source): the patch targets \(document), which the config does not have"
        }
    }
}
