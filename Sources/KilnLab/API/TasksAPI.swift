/// `GET /nodes/{node}/tasks/{upid}/status` and `…/log`.
enum TasksAPI {
    static var routes: [PVERoute] {
        [
            PVERoute(.get, "/nodes/{node}/tasks/{upid}/status") { request, cluster in
                var check = ParameterCheck(request)
                try check.finish()
                return PVEReply(try await cluster.findTask(request).statusJSON)
            },
            PVERoute(.get, "/nodes/{node}/tasks/{upid}/log") { request, cluster in
                var check = ParameterCheck(request)
                let start = check.integer("start", minimum: 0) ?? 0
                let limit = check.integer("limit", minimum: 0) ?? 50
                check.accept("download")
                try check.finish()
                let task = try await cluster.findTask(request)
                let lines = task.log.enumerated().dropFirst(start).prefix(limit).map { index, text -> JSON in
                    ["n": .int(index + 1), "t": .string(text)]
                }
                return PVEReply(.array(Array(lines)), extra: ["total": .int(task.log.count)])
            },
        ]
    }
}

extension ProxmoxCluster {
    func findTask(_ request: PVERequest) throws -> LabTask {
        let text = request.pathValue("upid")
        guard let upid = UPID(text) else { throw PVEError.parameter("upid", "unable to parse worker upid '\(text)'") }
        _ = try requireNode(request.pathValue("node"))
        guard upid.node == request.pathValue("node"), let task = tasks[upid.description] else {
            throw PVEError.server("no such task")
        }
        return task
    }
}
