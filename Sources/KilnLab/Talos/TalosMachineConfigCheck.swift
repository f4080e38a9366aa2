import Foundation
import Yams

/// The parts of a machine config the lab node acts on, read the way a real node refuses a config:
/// malformed YAML, no v1alpha1 document, an unknown `machine.type`, an OS CA key on a worker.
/// Schema validation is not here yet.
struct TalosMachineConfigSummary: Sendable, Equatable {
    enum MachineType: String, Sendable { case controlplane, worker }

    var machineType: MachineType
    /// `machine.ca.crt` / `machine.ca.key`, base64 of PEM as Talos writes them; the configured
    /// node's certificate will be issued by this CA.
    var osCACertificate: String?
    var osCAKey: String?
    var clusterName: String?
    /// `cluster.ca` (Kubernetes CA, base64 of PEM) and `cluster.controlPlane.endpoint`: what
    /// the admin kubeconfig is made of.
    var kubernetesCACertificate: String?
    var kubernetesCAKey: String?
    var controlPlaneEndpoint: String?

    /// Why a config is refused, worded as Talos words it where the lab knows the wording.
    struct Rejection: Error, Sendable, Equatable { var reason: String }

    static func parse(_ data: Data) throws(Rejection) -> TalosMachineConfigSummary {
        guard let text = String(data: data, encoding: .utf8) else {
            throw Rejection(reason: "failed to parse config: the config is not UTF-8 text")
        }
        // The parser document by document: `load_all`'s lazy sequence ends quietly at a syntax
        // error instead of throwing it.
        var documents: [Any] = []
        do {
            let parser = try Parser(yaml: text)
            while let node = try parser.nextRoot() { documents.append(node.any) }
        } catch {
            throw Rejection(reason: "failed to parse config: \(error)")
        }
        // v1.12+ configs are several documents; the v1alpha1 one holds `machine` and `cluster`.
        guard let root = documents.lazy.compactMap({ $0 as? [String: Any] }).first(where: { $0["machine"] != nil }) else {
            throw Rejection(reason: "config has no v1alpha1 document with a machine section")
        }
        guard let machine = root["machine"] as? [String: Any] else {
            throw Rejection(reason: "machine section is not a mapping")
        }
        let typeName = machine["type"] as? String ?? ""
        guard let type = MachineType(rawValue: typeName) else {
            throw Rejection(reason: "unknown machine type \"\(typeName)\"")
        }
        let ca = machine["ca"] as? [String: Any]
        let key = (ca?["key"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        if type == .worker, key != nil {
            throw Rejection(reason: "issuing Talos API CA key is not allowed on non-controlplane nodes")
        }
        let cluster = root["cluster"] as? [String: Any]
        let kubernetesCA = cluster?["ca"] as? [String: Any]
        return TalosMachineConfigSummary(
            machineType: type, osCACertificate: ca?["crt"] as? String, osCAKey: key,
            clusterName: cluster?["clusterName"] as? String,
            kubernetesCACertificate: kubernetesCA?["crt"] as? String,
            kubernetesCAKey: (kubernetesCA?["key"] as? String).flatMap { $0.isEmpty ? nil : $0 },
            controlPlaneEndpoint: (cluster?["controlPlane"] as? [String: Any])?["endpoint"] as? String)
    }
}
