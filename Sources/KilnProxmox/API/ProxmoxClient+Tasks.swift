extension ProxmoxClient {
    /// `GET /nodes/{node}/tasks/{upid}/status`, on the node named in the UPID.
    public func taskStatus(_ upid: UPID) async throws -> ProxmoxTaskStatus {
        try await call(.get, Self.path("nodes", upid.node, "tasks", upid.rawValue, "status"), reading: ProxmoxTaskStatus.init)
    }

    /// `GET /nodes/{node}/tasks/{upid}/log`: `limit` lines from line `start` (0-based).
    public func taskLog(_ upid: UPID, start: Int = 0, limit: Int = 50) async throws -> ProxmoxTaskLog {
        let path = Self.path("nodes", upid.node, "tasks", upid.rawValue, "log")
        var attempts = 0
        let body = try await envelope(.get, path, ["start": .int(max(0, start)), "limit": .int(limit)], attempts: &attempts)
        let lines = (body["data"]?.array ?? []).compactMap { item -> ProxmoxTaskLog.Line? in
            guard let text = item["t"]?.string else { return nil }
            return ProxmoxTaskLog.Line(number: item["n"]?.int ?? 0, text: text)
        }
        return ProxmoxTaskLog(lines: lines, total: body["total"]?.int)
    }
}
