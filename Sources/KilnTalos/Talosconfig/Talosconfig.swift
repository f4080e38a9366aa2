import Foundation
import KilnCrypto

/// The client file talosctl reads (`~/.talos/config`, or kiln's `.kiln/<cluster>/talosconfig`):
/// a current context and, per context, the endpoints, the target nodes and the credentials.
public struct Talosconfig: Sendable {
    public struct Context: Sendable {
        public var name: String
        /// Where talosctl connects (control-plane addresses).
        public var endpoints: [String]
        /// Which nodes commands target by default (may be empty).
        public var nodes: [String]
        /// The OS CA certificate apid's server certificates are checked against.
        public var ca: Certificate
        /// The client certificate and its key (`os:admin`).
        public var certificate: Certificate
        public var key: PrivateKey

        public init(name: String, endpoints: [String], nodes: [String], ca: Certificate, certificate: Certificate, key: PrivateKey) {
            self.name = name
            self.endpoints = endpoints
            self.nodes = nodes
            self.ca = ca
            self.certificate = certificate
            self.key = key
        }

        /// Renewal margin: `apply` re-issues the client certificate when less than this remains.
        public static let renewalMargin: TimeInterval = 30 * 24 * 3600

        /// Whether the client certificate should be renewed at `now`: less than `margin` left
        /// (or already expired, or not yet valid, which a renewal also fixes).
        public func needsRenewal(at now: Date = Date(), margin: TimeInterval = renewalMargin) -> Bool {
            now < certificate.notBefore || certificate.notAfter.timeIntervalSince(now) < margin
        }
    }

    /// The name of the current context.
    public var context: String
    /// Written sorted by name (Go marshals maps sorted); names are unique.
    public var contexts: [Context]

    public init(context: String, contexts: [Context]) {
        self.context = context
        self.contexts = contexts
    }

    public var currentContext: Context? { contexts.first { $0.name == context } }

    /// A talosconfig with one context named after the cluster, holding a fresh admin certificate
    /// issued by the bundle's OS CA at `now`.
    public static func admin(clusterName: String, endpoints: [String], nodes: [String] = [],
                             secrets: TalosSecretsBundle, now: Date = Date()) throws -> Talosconfig {
        let (certificate, key) = try TalosAdminCertificate.issue(by: secrets.certs.os, now: now)
        let context = Context(name: clusterName, endpoints: endpoints, nodes: nodes,
                              ca: secrets.certs.os.certificate, certificate: certificate, key: key)
        return Talosconfig(context: clusterName, contexts: [context])
    }
}

extension Talosconfig: CustomStringConvertible {
    public var description: String { "Talosconfig(context: \(context), contexts: \(contexts.map(\.name)), <redacted>)" }
}
