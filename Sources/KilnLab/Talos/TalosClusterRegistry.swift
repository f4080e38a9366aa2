import Foundation
import Synchronization

/// What the nodes of one lab share: which node is where (for `node`/`nodes` proxying), and per
/// Talos cluster (keyed by its OS CA certificate, as every config of a cluster carries the same
/// one) the OS CA key trustd would hand to workers, who bootstrapped it, and its etcd members.
/// A lock, not an actor: node states read it inside their own isolated methods.
public final class TalosClusterRegistry: Sendable {
    struct Member: Sendable, Equatable {
        var id: UInt64
        var host: String
        var joined: ContinuousClock.Instant
    }

    struct Cluster: Sendable {
        var name: String?
        var osCAKey: String?
        var bootstrap: (host: String, at: ContinuousClock.Instant)?
        var members: [Member] = []
        /// Configured control planes not in etcd yet: when they came up, and their join delay.
        var candidates: [String: (since: ContinuousClock.Instant, delay: Duration)] = [:]

        /// Promotes the candidates whose join time has come (etcd grows after the bootstrap).
        mutating func refresh(now: ContinuousClock.Instant) {
            guard let bootstrap else { return }
            for (host, candidate) in candidates.sorted(by: { $0.value.since < $1.value.since }) {
                let joins = max(candidate.since, bootstrap.at) + candidate.delay
                guard joins <= now else { continue }
                candidates[host] = nil
                if !members.contains(where: { $0.host == host }) {
                    members.append(Member(id: UInt64.random(in: 1...UInt64.max), host: host, joined: joins))
                }
            }
        }
    }

    private struct Contents: Sendable {
        var nodes: [String: TalosNodeState] = [:]
        var clusters: [String: Cluster] = [:]
    }

    private let contents = Mutex(Contents())

    public init() {}

    // MARK: Nodes

    func register(_ node: TalosNodeState, at host: String) { contents.withLock { $0.nodes[host] = node } }

    func forget(_ host: String) { contents.withLock { $0.nodes[host] = nil } }

    func node(at host: String) -> TalosNodeState? { contents.withLock { $0.nodes[host] } }

    // MARK: Clusters

    /// A config was accepted: a control plane's copy makes its OS CA key known (trustd's job).
    func saw(_ config: TalosMachineConfigSummary) {
        guard let key = config.osCACertificate else { return }
        contents.withLock { contents in
            var cluster = contents.clusters[key] ?? Cluster()
            cluster.name = cluster.name ?? config.clusterName
            if let caKey = config.osCAKey { cluster.osCAKey = caKey }
            contents.clusters[key] = cluster
        }
    }

    /// The OS CA key a control plane of this cluster brought, nil before any did.
    func osCAKey(of cluster: String) -> String? { contents.withLock { $0.clusters[cluster]?.osCAKey } }

    func name(of cluster: String) -> String? { contents.withLock { $0.clusters[cluster]?.name } }

    /// A control plane came up configured: it joins etcd after its delay once the cluster is bootstrapped.
    func controlPlaneUp(_ host: String, in cluster: String, joinDelay: Duration) {
        contents.withLock { contents in
            guard var record = contents.clusters[cluster], !record.members.contains(where: { $0.host == host }) else { return }
            record.candidates[host] = (.now, joinDelay)
            contents.clusters[cluster] = record
        }
    }

    /// Bootstraps the cluster from `host`: true the first time, false once it was done (from any node).
    func bootstrap(_ cluster: String, from host: String) -> Bool {
        contents.withLock { contents in
            var record = contents.clusters[cluster] ?? Cluster()
            guard record.bootstrap == nil else { return false }
            let now = ContinuousClock.now
            record.bootstrap = (host, now)
            record.candidates[host] = nil
            record.members = [Member(id: UInt64.random(in: 1...UInt64.max), host: host, joined: now)]
            contents.clusters[cluster] = record
            return true
        }
    }

    func isBootstrapped(_ cluster: String) -> Bool { contents.withLock { $0.clusters[cluster]?.bootstrap != nil } }

    /// etcd's members now, in joining order.
    func members(of cluster: String) -> [Member] {
        contents.withLock { contents in
            guard var record = contents.clusters[cluster] else { return [] }
            record.refresh(now: .now)
            contents.clusters[cluster] = record
            return record.members
        }
    }

    /// The leader: the bootstrap node while it is a member, else the longest-standing member.
    func leader(of cluster: String) -> Member? {
        let members = members(of: cluster)
        let bootstrapHost = contents.withLock { $0.clusters[cluster]?.bootstrap?.host }
        return members.first { $0.host == bootstrapHost } ?? members.first
    }

    /// A reset node: a graceful reset leaves etcd (`etcdctl member remove`); a hard one leaves
    /// its member behind, as a real etcd keeps a member that vanished.
    func reset(_ host: String, in cluster: String, leaveEtcd: Bool) {
        contents.withLock { contents in
            guard var record = contents.clusters[cluster] else { return }
            record.candidates[host] = nil
            if leaveEtcd { record.members.removeAll { $0.host == host } }
            contents.clusters[cluster] = record
        }
    }
}
