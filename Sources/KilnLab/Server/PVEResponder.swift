import Foundation
import Hummingbird

/// Turns an HTTP request into a `PVERequest`, authenticates it, runs the route's handler, logs
/// it, and writes the answer or error in PVE's shape.
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

    func respond(_ route: PVERoute, _ request: Request, _ context: BasicRequestContext) async -> Response {
        var request = request
        let path = String(request.uri.path.dropFirst(route.path.hasPrefix("/lab") ? 0 : Self.apiPrefix.count))
        var identity: Identity?
        let reply: Result<PVEReply, PVEError>
        do {
            let body = try await request.collectBody(upTo: Self.maxBody)
            var pathValues: [String: String] = [:]
            for name in route.placeholders {
                let raw = context.parameters.get(name) ?? ""
                pathValues[name] = raw.removingPercentEncoding ?? raw
            }
            let parameters = try PVERequest.parameters(query: request.uri.query, body: Data(buffer: body),
                                                        contentType: request.headers[.contentType])
            if route.authenticated {
                identity = try await cluster.identify(authorization: request.headers[.authorization],
                                                      cookie: request.headers[.cookie],
                                                      csrfHeader: request.headers.first { $0.name.canonicalName == "csrfpreventiontoken" }?.value,
                                                      isWrite: request.method != .get && request.method != .head)
            }
            let pveRequest = PVERequest(method: request.method.rawValue, template: route.path, path: path,
                                        pathValues: pathValues, parameters: parameters, identity: identity)
            reply = .success(try await route.handler(pveRequest, cluster))
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
                                           identity: identity?.description, status: status, time: Date()))
        let reason = switch reply {
        case .success: "OK"
        case .failure(let error): error.message
        }
        var headers: HTTPFields = [.contentType: "application/json;charset=UTF-8", .cacheControl: "max-age=0"]
        headers[HTTPFields.Element.Name(ReasonPhraseChannel.header)!] = Self.headerSafe(reason)
        return Response(status: .init(code: status, reasonPhrase: reason), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(bytes: body.encoded())))
    }
}
