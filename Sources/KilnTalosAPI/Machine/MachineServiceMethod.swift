/// The machine API methods kiln calls, with their HTTP/2 paths and shapes. protoc-gen-swift
/// emits no service code, so the paths live here, next to the .proto they must agree with.
public enum MachineServiceMethod: String, Sendable, CaseIterable {
    case applyConfiguration = "ApplyConfiguration"
    case bootstrap = "Bootstrap"
    case etcdMemberList = "EtcdMemberList"
    case etcdStatus = "EtcdStatus"
    case kubeconfig = "Kubeconfig"
    case reboot = "Reboot"
    case reset = "Reset"
    case serviceList = "ServiceList"
    case version = "Version"

    public var path: String { "/machine.MachineService/\(rawValue)" }

    /// Kubeconfig answers with a stream of `common.Data` chunks; the others with one message.
    public var isServerStreaming: Bool { self == .kubeconfig }

    /// Whether sending the call twice could do the work twice. The transport must never retry
    /// these on a fresh connection after the request may have reached the node.
    public var changesTheNode: Bool {
        switch self {
        case .applyConfiguration, .bootstrap, .reboot, .reset: true
        case .etcdMemberList, .etcdStatus, .kubeconfig, .serviceList, .version: false
        }
    }
}
