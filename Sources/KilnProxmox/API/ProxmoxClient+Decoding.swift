import KilnHTTP

extension ProxmoxClient {
    /// `call`, then `read` on the data; a shape kiln cannot read is `.invalidResponse` naming the request.
    func call<T>(_ method: HTTPMethod, _ path: String, _ parameters: ProxmoxParameters = ProxmoxParameters(),
                 reading read: (ProxmoxValue) throws -> T) async throws -> T {
        let data = try await call(method, path, parameters)
        do {
            return try read(data)
        } catch let failure as ProxmoxDecodingFailure {
            throw ProxmoxError(kind: .invalidResponse, request: "\(method) \(path)", status: 200,
                               reason: "unexpected answer: \(failure)")
        }
    }

    func list<T>(_ data: ProxmoxValue, _ element: (ProxmoxValue) throws -> T) throws -> [T] {
        guard let items = data.array else { throw ProxmoxDecodingFailure(field: "data", expected: "a list") }
        return try items.map(element)
    }

    /// A dispatch whose answer is always a task (no adoption).
    func startTask(_ method: HTTPMethod, _ path: String, _ parameters: ProxmoxParameters) async throws -> UPID {
        switch try await dispatch(method, path, parameters) {
        case .started(let upid): return upid
        case .alreadyDone(let reason):
            throw ProxmoxError(kind: .alreadyExists, request: "\(method) \(path)", reason: reason)
        }
    }
}
