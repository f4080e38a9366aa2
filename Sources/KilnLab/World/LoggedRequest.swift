import Foundation

/// One request the lab answered: what `GET /lab/requests` lists.
public struct LoggedRequest: Sendable, Codable, Equatable {
    public var method: String
    /// The path below `/api2/json`, without the query.
    public var path: String
    public var query: String?
    /// `root@pam!kiln`, `root@pam`, or nil when unauthenticated.
    public var identity: String?
    public var status: Int
    public var time: Date
    /// The official schema (`--pve-schema`) refused it: a real PVE would have too.
    public var rejectedBySchema: Bool
    /// The fault that hit it (`error 500`, `reset`, `noWorker`, `failTask`, `holdLock`, `offline`), if any.
    public var fault: String?

    public init(method: String, path: String, query: String?, identity: String?, status: Int, time: Date,
                rejectedBySchema: Bool = false, fault: String? = nil) {
        self.method = method
        self.path = path
        self.query = query
        self.identity = identity
        self.status = status
        self.time = time
        self.rejectedBySchema = rejectedBySchema
        self.fault = fault
    }

    var json: JSON {
        var object: [String: JSON] = ["method": .string(method), "path": .string(path), "status": .int(status),
                                      "time": .double(time.timeIntervalSince1970), "rejectedBySchema": .bool(rejectedBySchema)]
        if let query { object["query"] = .string(query) }
        if let identity { object["identity"] = .string(identity) }
        if let fault { object["fault"] = .string(fault) }
        return .object(object)
    }
}
