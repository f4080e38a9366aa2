import Foundation
import KilnArchive
import KilnHTTP
import SwiftProtobuf

/// The machine API of one Talos node (apid, port 50000): gRPC over KilnHTTP's libcurl HTTP/2
/// with the trust `mode` asks for. One client = one TLS identity = one connection pool.
public struct TalosMachineClient: Sendable {
    public let host: String
    public let port: Int
    public let mode: TalosClientMode
    /// How long a call may take when the caller gives no deadline.
    public var defaultTimeout: Duration
    /// `node` metadata: the called node (the endpoint) proxies each call to this target.
    public private(set) var target: String?
    private let http: HTTPClient
    private let endpoint: URL

    /// `host:port`, as errors and progress name the node.
    public var address: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    public init(host: String, port: Int = 50000, mode: TalosClientMode,
                connectTimeout: Duration = .seconds(10), defaultTimeout: Duration = .seconds(60)) throws(TalosClientError) {
        self.host = host
        self.port = port
        self.mode = mode
        self.defaultTimeout = defaultTimeout
        let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        guard let url = URL(string: "https://\(address)") else {
            throw .transport(endpoint: address, reason: "not a host: \(host)")
        }
        endpoint = url
        // ALPN h2 (apid requires it); no redirects in gRPC; nodes are reached directly on their
        // addresses, so proxies from the environment do not apply.
        let configuration = HTTPClientConfiguration(
            tls: mode.tls, connectTimeout: connectTimeout, requestTimeout: defaultTimeout,
            version: .automatic, redirects: .none, proxy: .none)
        do {
            http = try HTTPClient(configuration: configuration)
        } catch {
            throw .transport(endpoint: address, reason: "the HTTP client could not start: \(error)")
        }
    }

    /// The same connection, with every call proxied by this endpoint to `node` (an address the
    /// endpoint can reach; talosctl's `--nodes` with one node). Replies then name the node.
    public func proxying(to node: String) -> TalosMachineClient {
        var copy = self
        copy.target = node
        return copy
    }

    // MARK: Calls

    /// The node's Talos version and platform (in maintenance mode too).
    public func version(deadline: ContinuousClock.Instant? = nil) async throws(TalosClientError) -> Machine_Version {
        try await single(.version, Google_Protobuf_Empty(), Machine_VersionResponse.self, deadline: deadline)
    }

    /// Sends a machine config. `mode` is always on the wire: Talos reads an omitted mode as
    /// REBOOT. The reply's `mode` is what the node actually did (AUTO resolves, maintenance
    /// turns REBOOT into NO_REBOOT).
    public func applyConfiguration(
        data: Data, mode: Machine_ApplyConfigurationRequest.Mode, dryRun: Bool = false,
        deadline: ContinuousClock.Instant? = nil
    ) async throws(TalosClientError) -> Machine_ApplyConfiguration {
        var request = Machine_ApplyConfigurationRequest()
        request.data = data
        request.mode = mode
        request.dryRun = dryRun
        return try await single(.applyConfiguration, request, Machine_ApplyConfigurationResponse.self, deadline: deadline)
    }

    /// Bootstraps etcd on this control plane. FailedPrecondition means "not yet", AlreadyExists
    /// means it was done before; both arrive as `.status(...)`.
    public func bootstrap(deadline: ContinuousClock.Instant? = nil) async throws(TalosClientError) -> Machine_Bootstrap {
        try await single(.bootstrap, Machine_BootstrapRequest(), Machine_BootstrapResponse.self, deadline: deadline)
    }

    public func etcdMemberList(queryLocal: Bool = false, deadline: ContinuousClock.Instant? = nil)
        async throws(TalosClientError) -> Machine_EtcdMembers {
        var request = Machine_EtcdMemberListRequest()
        request.queryLocal = queryLocal
        return try await single(.etcdMemberList, request, Machine_EtcdMemberListResponse.self, deadline: deadline)
    }

    public func serviceList(deadline: ContinuousClock.Instant? = nil) async throws(TalosClientError) -> Machine_ServiceList {
        try await single(.serviceList, Google_Protobuf_Empty(), Machine_ServiceListResponse.self, deadline: deadline)
    }

    /// This member's etcd view: its id, the leader's id, raft index, database size.
    public func etcdStatus(deadline: ContinuousClock.Instant? = nil) async throws(TalosClientError) -> Machine_EtcdStatus {
        try await single(.etcdStatus, Google_Protobuf_Empty(), Machine_EtcdStatusResponse.self, deadline: deadline)
    }

    /// Wipes the node back to maintenance. `graceful` first leaves etcd (control planes) and
    /// cordons/drains; `reboot` false powers it off instead of booting it again.
    public func reset(graceful: Bool, reboot: Bool, deadline: ContinuousClock.Instant? = nil)
        async throws(TalosClientError) -> Machine_Reset {
        var request = Machine_ResetRequest()
        request.graceful = graceful
        request.reboot = reboot
        request.mode = .all
        return try await single(.reset, request, Machine_ResetResponse.self, deadline: deadline)
    }

    public func reboot(deadline: ContinuousClock.Instant? = nil) async throws(TalosClientError) -> Machine_Reboot {
        try await single(.reboot, Machine_RebootRequest(), Machine_RebootResponse.self, deadline: deadline)
    }

    /// The admin kubeconfig as Talos serves it: the server stream's chunks concatenated (a tar.gz).
    public func kubeconfigArchive(deadline: ContinuousClock.Instant? = nil) async throws(TalosClientError) -> Data {
        let chunks = try await call(.kubeconfig, Google_Protobuf_Empty(), Common_Data.self, deadline: deadline)
        do {
            return try chunks.concatenatedBytes()
        } catch {
            throw .node(error)
        }
    }

    /// The admin kubeconfig file, taken out of the archive. Never logged: it holds a client key.
    public func kubeconfig(deadline: ContinuousClock.Instant? = nil) async throws(TalosClientError) -> Data {
        let archive = try await kubeconfigArchive(deadline: deadline)
        do {
            let entries = try Tar.entries(Gzip.decompress(archive, limit: 16 << 20))
            guard let file = entries.first(where: { $0.name == "kubeconfig" || $0.name.hasSuffix("/kubeconfig") }) else {
                throw ArchiveError("the archive holds no kubeconfig (entries: \(entries.map(\.name).joined(separator: ", ")))")
            }
            return file.contents
        } catch {
            throw .status(.protocolViolation("the Kubeconfig reply from \(address) is not the tar.gz Talos sends: \(error)"))
        }
    }

    /// A unary call fanned out to several nodes through this endpoint (`nodes` metadata): each
    /// node's reply or failure, as the endpoint aggregated them.
    public func fanOut<List: NodeReplyList>(
        _ method: MachineServiceMethod, _ message: some SwiftProtobuf.Message, _ type: List.Type,
        to nodes: [String], deadline: ContinuousClock.Instant? = nil
    ) async throws(TalosClientError) -> NodeResults<List.Reply> {
        let metadata: GRPCMetadata
        do {
            metadata = try GRPCMetadata.nodes(nodes)
        } catch {
            throw .status(error)
        }
        let replies = try await call(method, message, List.self, deadline: deadline, metadata: metadata)
        guard replies.count == 1, let list = replies.first else {
            throw .status(.protocolViolation("a unary call returned \(replies.count) messages"))
        }
        return list.results
    }

    // MARK: The exchange

    /// A unary call to this node: its one reply, or its failure.
    func single<List: NodeReplyList>(
        _ method: MachineServiceMethod, _ message: some SwiftProtobuf.Message, _ type: List.Type,
        deadline: ContinuousClock.Instant?
    ) async throws(TalosClientError) -> List.Reply {
        let replies = try await call(method, message, List.self, deadline: deadline)
        guard replies.count == 1, let list = replies.first else {
            throw .status(.protocolViolation("a unary call returned \(replies.count) messages"))
        }
        do {
            return try list.results.single()
        } catch {
            throw .node(error)
        }
    }

    /// Sends one call and decodes every message of its reply. Calls that change the node go on
    /// a fresh connection, so libcurl never sends them a second time on a reconnect.
    func call<Reply: SwiftProtobuf.Message>(
        _ method: MachineServiceMethod, _ message: some SwiftProtobuf.Message, _ type: Reply.Type,
        deadline: ContinuousClock.Instant?, metadata: GRPCMetadata? = nil
    ) async throws(TalosClientError) -> [Reply] {
        let now = ContinuousClock.now
        var request: HTTPRequest
        do {
            var metadata = metadata ?? GRPCMetadata()
            if metadata.fields.isEmpty, let target { metadata = try GRPCMetadata.node(target) }
            request = try GRPCCall.request(endpoint: endpoint, path: method.path, message: message,
                                           deadline: deadline ?? now + defaultTimeout, now: now, metadata: metadata)
        } catch {
            throw .status(error)
        }
        request.freshConnection = method.changesTheNode
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch let error as HTTPError {
            throw TalosClientError.from(error, endpoint: address)
        } catch is CancellationError {
            throw .status(.cancelled("the call to \(address) was cancelled"))
        } catch {
            throw .transport(endpoint: address, reason: "\(error)")
        }
        do {
            return try GRPCResponseDecoder.decode(response, as: Reply.self)
        } catch {
            throw .status(error)
        }
    }
}
