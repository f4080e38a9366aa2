/// One fault: which requests it hits, how often, and what it does to them.
///
/// ```json
/// {"match": "POST /nodes/{node}/qemu/{vmid}/clone", "probability": 0.3, "error": {"status": 500, "message": "got timeout"}}
/// {"match": "POST /nodes/{node}/qemu/{vmid}/clone", "times": 2, "reset": true}
/// {"match": "GET /cluster/resources", "latency": 2}
/// ```
public struct FaultRule: Sendable, Codable, Equatable {
    public struct ErrorReply: Sendable, Codable, Equatable {
        public var status: Int
        public var message: String
        public init(status: Int, message: String) {
            self.status = status
            self.message = message
        }
    }

    public struct TaskError: Sendable, Codable, Equatable {
        /// The task's exit status, and the log's `TASK ERROR:` line.
        public var message: String
        /// Lines the task logs before failing.
        public var log: [String]
        public init(message: String, log: [String] = []) {
            self.message = message
            self.log = log
        }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            message = try c.decode(String.self, forKey: .message)
            log = try c.decodeIfPresent([String].self, forKey: .log) ?? []
        }
    }

    /// `METHOD /path/{template}`, a template alone (any method), or `*` / absent (every API request).
    public var match: String?
    /// Chance that a matching request is hit (0…1), drawn from the faults' seeded generator.
    public var probability: Double?
    /// One-shot: only the next `times` hits, then the rule is spent.
    public var times: Int?
    /// Added before answering, in PVE seconds (scaled by the lab's `speed`, like every timing).
    public var latency: Double?
    /// Answer this instead of running the call (nothing done).
    public var error: ErrorReply?
    /// Close the connection without answering.
    public var reset: Bool?
    /// Task-starting calls only: 500 "got no worker upid - start worker failed", nothing done.
    public var noWorker: Bool?
    /// Task-starting calls only: the task starts, logs `log`, and fails with `message`.
    public var failTask: TaskError?
    /// Task-starting calls only: the task keeps its config locks this many PVE seconds after it ends.
    public var holdLock: Double?

    public init(match: String? = nil, probability: Double? = nil, times: Int? = nil, latency: Double? = nil,
                error: ErrorReply? = nil, reset: Bool? = nil, noWorker: Bool? = nil, failTask: TaskError? = nil,
                holdLock: Double? = nil) {
        self.match = match
        self.probability = probability
        self.times = times
        self.latency = latency
        self.error = error
        self.reset = reset
        self.noWorker = noWorker
        self.failTask = failTask
        self.holdLock = holdLock
    }

    /// `{"error": …}` and friends, at most one per rule.
    var effect: FaultEffect? {
        if let error { return .error(error) }
        if reset == true { return .reset }
        if noWorker == true { return .noWorker }
        if let failTask { return .failTask(failTask) }
        if let holdLock { return .holdLock(holdLock) }
        return nil
    }

    /// Problems a config author should hear about at load time.
    var problems: [String] {
        var problems: [String] = []
        let effects = [error != nil, reset == true, noWorker == true, failTask != nil, holdLock != nil].filter { $0 }.count
        if effects > 1 { problems.append("a rule has one effect at most (error, reset, noWorker, failTask, holdLock)") }
        if let probability, !(0...1).contains(probability) { problems.append("probability must be between 0 and 1") }
        if let times, times < 0 { problems.append("times must not be negative") }
        if let match, FaultMatch(match) == nil { problems.append("match '\(match)' is not 'METHOD /path' or '/path' or '*'") }
        return problems
    }
}

/// What a rule does to a request it hits.
enum FaultEffect: Sendable, Equatable {
    case error(FaultRule.ErrorReply)
    case reset
    case noWorker
    case failTask(FaultRule.TaskError)
    case holdLock(Double)

    var startsTaskOnly: Bool {
        switch self {
        case .noWorker, .failTask, .holdLock: true
        case .error, .reset: false
        }
    }

    /// How the request log names it.
    var label: String {
        switch self {
        case .error(let reply): "error \(reply.status)"
        case .reset: "reset"
        case .noWorker: "noWorker"
        case .failTask: "failTask"
        case .holdLock: "holdLock"
        }
    }
}

/// A rule's `match`, parsed: an optional method and a path template (normalized) or everything.
struct FaultMatch: Sendable, Equatable {
    var method: String?
    var template: String?

    init?(_ text: String) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        switch parts.count {
        case 1 where parts[0] == "*": break
        case 1 where parts[0].hasPrefix("/"): template = PVESchema.normalize(parts[0])
        case 2 where parts[1].hasPrefix("/") || parts[1] == "*":
            method = parts[0] == "*" ? nil : parts[0].uppercased()
            template = parts[1] == "*" ? nil : PVESchema.normalize(parts[1])
        default: return nil
        }
    }

    func matches(method: String, template: String) -> Bool {
        (self.method == nil || self.method == method) && (self.template == nil || self.template == PVESchema.normalize(template))
    }
}
