/// What a call that starts a task (clone, start, delete…) led to.
public enum ProxmoxDispatch: Sendable, Equatable {
    /// PVE accepted it and started task `upid`: wait on it, never send the call again.
    case started(UPID)
    /// A retry was answered "already exists": an earlier attempt that looked failed did create
    /// the object. The caller adopts it (looks it up) instead of failing. `error` is that answer.
    case alreadyDone(reason: String)

    /// The task, when one was started.
    public var upid: UPID? {
        if case .started(let upid) = self { return upid }
        return nil
    }
}
