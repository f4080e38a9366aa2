import Foundation
import KilnEngine
import KilnPlan

/// kiln's own talosconfig for a cluster, `<state dir>/<cluster>/talosconfig` (`.kiln/lab/talosconfig`),
/// mode 0600: one context named after the cluster, endpoints the control planes, nodes every node.
///
/// The client certificate is kept across runs, so a user's copy keeps working, until fewer than
/// 30 days of it remain (or it was issued by another OS CA): then a new one is issued.
public enum TalosconfigFile {
    public enum Outcome: String, Sendable, Equatable {
        /// No usable file was there: written with a new certificate.
        case created
        /// The certificate was close to expiry (or from another CA): a new one was issued.
        case renewed
        /// Endpoints or nodes changed: rewritten, certificate kept.
        case updated
        /// Already right: not touched.
        case kept
    }

    public static func path(for paths: StatePaths) -> String {
        URL(fileURLWithPath: paths.directory, isDirectory: true)
            .appendingPathComponent(paths.cluster, isDirectory: true)
            .appendingPathComponent("talosconfig").path
    }

    /// Writes the plan's talosconfig beside its state: endpoints = control-plane IPs, nodes = all
    /// node IPs.
    @discardableResult
    public static func write(for plan: Plan, secrets: TalosSecretsBundle, paths: StatePaths, now: Date = Date()) throws -> Outcome {
        try write(clusterName: plan.name, endpoints: plan.controlPlanes.map { "\($0.ip)" }, nodes: plan.nodes.map { "\($0.ip)" },
                  secrets: secrets, to: path(for: paths), now: now)
    }

    @discardableResult
    public static func write(clusterName: String, endpoints: [String], nodes: [String], secrets: TalosSecretsBundle,
                             to path: String, now: Date = Date()) throws -> Outcome {
        let osCA = secrets.certs.os.certificate
        // An unreadable or foreign file is replaced: kiln owns this path.
        let existing = (try? read(path)).flatMap { config in config.contexts.first { $0.name == clusterName } }
        let outcome: Outcome
        var context: Talosconfig.Context
        if let existing, existing.ca == osCA, existing.certificate.issuer == osCA.subject, !existing.needsRenewal(at: now) {
            context = existing
            guard context.endpoints != endpoints || context.nodes != nodes else { return .kept }
            context.endpoints = endpoints
            context.nodes = nodes
            outcome = .updated
        } else {
            context = try Talosconfig.admin(clusterName: clusterName, endpoints: endpoints, nodes: nodes, secrets: secrets, now: now)
                .contexts[0]
            outcome = existing == nil ? .created : .renewed
        }
        let text = try Talosconfig(context: clusterName, contexts: [context]).encoded()
        try PrivateFile.write(Array(text.utf8), to: path)
        return outcome
    }

    static func read(_ path: String) throws -> Talosconfig? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try Talosconfig.decode(yaml: String(decoding: data, as: UTF8.self), source: path)
    }
}
