/// `GET /nodes/{node}/tasks/{upid}/status`.
public struct ProxmoxTaskStatus: Sendable, Equatable {
    public enum State: String, Sendable { case running, stopped }

    public var state: State
    /// `OK`, `WARNINGS: n`, or the error text; nil while running.
    public var exitStatus: String?
    public var type: String?
    public var id: String?

    public init(state: State, exitStatus: String? = nil, type: String? = nil, id: String? = nil) {
        self.state = state
        self.exitStatus = exitStatus
        self.type = type
        self.id = id
    }

    init(_ value: ProxmoxValue) throws {
        let stateText = try value.required("status", "running or stopped", \.string)
        guard let state = State(rawValue: stateText) else {
            throw ProxmoxDecodingFailure(field: "status", expected: "running or stopped")
        }
        self.init(state: state, exitStatus: value["exitstatus"]?.string, type: value["type"]?.string,
                  id: value["id"]?.string)
    }

    /// Stopped with `OK` or `WARNINGS: n`.
    public var succeeded: Bool {
        guard state == .stopped, let exitStatus else { return false }
        return exitStatus == "OK" || warningCount != nil
    }

    /// n of `WARNINGS: n`.
    public var warningCount: Int? {
        guard let exitStatus, exitStatus.hasPrefix("WARNINGS:") else { return nil }
        return Int(exitStatus.dropFirst("WARNINGS:".count).trimmingCharacters(in: .whitespaces))
    }
}
