import KilnEngine

/// Why a command stopped, with what the user needs to fix it. Printed as `error: …` on
/// standard error, exit status 1. Never carries a secret.
public enum CLIError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The plan did not validate; its diagnostics were already printed.
    case invalidPlan(file: String)
    case notAnAddress(String)
    case noStateYet(cluster: String, path: String)
    case notInState(address: ResourceAddress, cluster: String, plan: String)
    /// The catalog could not turn the plan into resources.
    case resources(file: String, detail: String)
    case invalidEnvironment(variable: String, detail: String)
    case wouldOverwrite(path: String)
    case cannotWrite(path: String, detail: String)

    public var description: String {
        switch self {
        case .invalidPlan(let file):
            "\(file) has errors (above); fix them first"
        case .notAnAddress(let text):
            "`\(text)` is not a resource address: use TYPE.NAME, e.g. proxmox_vm.cp-1"
        case .noStateYet(let cluster, let path):
            "no state yet for cluster \(cluster) at \(path)"
        case .notInState(let address, let cluster, let plan):
            "no resource \(address) in the state of cluster \(cluster); `kiln state list \(plan)` lists what is there"
        case .resources(let file, let detail):
            "\(file): cannot work out the plan's resources: \(detail)"
        case .invalidEnvironment(let variable, let detail):
            "\(variable): \(detail)"
        case .wouldOverwrite(let path):
            "\(path) exists; choose another --out, or pass --force to replace it"
        case .cannotWrite(let path, let detail):
            "cannot write \(path): \(detail)"
        }
    }
}
