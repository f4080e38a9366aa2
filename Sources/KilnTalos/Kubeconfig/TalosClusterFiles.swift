import Foundation

/// Where kiln writes a cluster's client files: `<state dir>/<cluster>/talosconfig` and
/// `kubeconfig`, next to the cluster's state, 0600 like the state itself.
public struct TalosClusterFiles: Sendable, Equatable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public var talosconfig: String { (directory as NSString).appendingPathComponent("talosconfig") }
    public var kubeconfig: String { (directory as NSString).appendingPathComponent("kubeconfig") }
}
