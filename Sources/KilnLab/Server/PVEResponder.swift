import Foundation
import Hummingbird

/// Turns an HTTP request into a `PVERequest`, authenticates it, checks it against the official
/// schema when the lab has one, applies the faults in force, runs the route's handler, logs it,
/// and writes the answer or error in PVE's shape.
struct PVEResponder: Sendable {
    /// The query as the request log keeps it: secrets masked.
    static func redacted(_ query: String?) -> String? {
        guard let query else { return nil }
        return query.split(separator: "&").map { pair in
            let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            return ["password", "new-password", "cipassword", "ticket"].contains(name.lowercased()) ? "\(name)=***" : String(pair)
        }.joined(separator: "&")
    }

    /// A reason phrase fit for a status line: printable ASCII only.
    static func headerSafe(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { (0x20..<0x7F).contains($0.value) ? $0 : "?" }))
    }

    let cluster: ProxmoxCluster
    static let apiPrefix = "/api2/json"
    static let maxBody = 1 << 20

    /// What happened to a request besides its handler: for the log, and for a reset.
    private struct Outcome {
        var rejectedBySchema = false
        var fault: String?
        var reset = false
    }

    func respond(_ route: PVERoute, _ request: Request, _ context: BasicRequestContext) async -> Response {
        var request = request
        let path = String(request.uri.path.dropFirst(route.isLabControl ? 0 : Self.apiPrefix.count))
        var identity: Identity?
        var outcome = Outcome()
        let reply: Result<PVEReply, PVEError>
        do {
            let body = Data(buffer: try await request.collectBody(upTo: Self.maxBody))
            var pathValues: [String: String] = [:]
            for name in route.placeholders {
                let raw = context.parameters.get(name) ?? ""
                pathValues[name] = raw.removingPercentEncoding ?? raw
            }
            let parameters = try PVERequest.parameters(query: request.uri.query, body: body,
                                                        contentType: request.headers[.contentType])
            if route.authenticated {
                identity = try await cluster.identify(authorization: request.headers[.authorization],
                                                      cookie: request.headers[.cookie],
                                                      csrfHeader: request.headers.first { $0.name.canonicalName == "csrfpreventiontoken" }?.value,
                                                      isWrite: request.method != .get && request.method != .head)
            }
            let pveRequest = PVERequest(method: request.method.rawValue, template: route.path, path: path,
                                        pathValues: pathValues, parameters: parameters, identity: identity, body: body)
            reply = .success(try await run(route, pveRequest, &outcome))
        } catch let error as PVEError {
            reply = .failure(error)
        } catch {
            reply = .failure(PVEError.server("\(error)"))
        }
        let status: Int
        let body: JSON
        switch reply {
        case .success(let success):
            status = 200
            var object = success.extra
            object["data"] = success.data
            body = .object(object)
        case .failure(let error):
            status = error.status
            var object: [String: JSON] = ["data": .null, "message": .string(error.message + "\n")]
            if !error.errors.isEmpty { object["errors"] = .object(error.errors.mapValues { .string($0) }) }
            body = .object(object)
        }
        await cluster.record(LoggedRequest(method: request.method.rawValue, path: path, query: Self.redacted(request.uri.query),
                                           identity: identity?.description, status: outcome.reset ? 0 : status, time: Date(),
                                           rejectedBySchema: outcome.rejectedBySchema, fault: outcome.fault))
        let reason = switch reply {
        case .success: "OK"
        case .failure(let error): error.message
        }
        var headers: HTTPFields = [.contentType: "application/json;charset=UTF-8", .cacheControl: "max-age=0"]
        headers[HTTPFields.Element.Name(ReasonPhraseChannel.header)!] = Self.headerSafe(reason)
        if outcome.reset { headers[HTTPFields.Element.Name(ReasonPhraseChannel.resetHeader)!] = "1" }
        return Response(status: .init(code: status, reasonPhrase: reason), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(bytes: body.encoded())))
    }

    /// Between authentication and the handler, in PVE's order: a node that is down cannot be
    /// reached (pveproxy fails to proxy), then the schema check, then the injected faults.
    private func run(_ route: PVERoute, _ request: PVERequest, _ outcome: inout Outcome) async throws -> PVEReply {
        // The lab's controls and the 501 for unknown paths skip the checks.
        guard !route.isLabControl, route.path != "/**" else { return try await route.handler(request, cluster) }
        if let node = request.pathValues["node"], await cluster.isOffline(node) {
            outcome.fault = "offline"
            throw PVEError(status: 595, "No route to host")
        }
        if let schema = cluster.schema {
            do { try schema.check(method: request.method, template: route.path, path: request.path, values: request.schemaValues) } catch {
                outcome.rejectedBySchema = true
                throw error
            }
        }
        let decision = await cluster.decideFault(method: request.method, template: route.path, startsTask: route.startsTask)
        if decision.latency > 0 { try await Task.sleep(for: cluster.scaled(decision.latency)) }
        outcome.fault = decision.effect?.label
        switch decision.effect {
        case .error(let reply):
            throw PVEError(status: reply.status, reply.message)
        case .reset:
            outcome.reset = true
            throw PVEError(status: 500, "connection reset")
        case .noWorker:
            throw PVEError.server("got no worker upid - start worker failed")
        case .failTask, .holdLock:
            return try await FaultContext.$task.withValue(decision.effect) { try await route.handler(request, cluster) }
        case nil:
            return try await route.handler(request, cluster)
        }
    }
}
