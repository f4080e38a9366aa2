extension ProxmoxClient {
    /// Waits until task `upid` stops, polling its status on the node named in the UPID: every
    /// `polling.initial` at first, then slower, at most every `polling.cap` and at most a tenth of
    /// the time waited so far (`polling.elapsedFraction`). A 400 in the first
    /// `polling.visibilityGrace` means "not visible yet". Returns the final status when the exit
    /// status is `OK` or `WARNINGS: n`; otherwise throws `ProxmoxError` of kind `.task` with the
    /// last lines of the task log. Cancelling the calling task stops the wait (the PVE task
    /// itself keeps running). `progress` is called after every poll.
    public func waitForTask(_ upid: UPID, progress: (@Sendable (ProxmoxTaskProgress) -> Void)? = nil)
        async throws -> ProxmoxTaskStatus
    {
        let polling = options.polling
        let clock = options.clock
        let started = clock.now()
        var poll = 0
        while true {
            try Task.checkCancellation()
            do {
                let status = try await taskStatus(upid)
                progress?(ProxmoxTaskProgress(upid: upid, elapsed: clock.now() - started, status: status))
                if status.state == .stopped {
                    if status.succeeded { return status }
                    let exitStatus = status.exitStatus ?? "unknown"
                    let lines = (try? await taskLogTail(upid, lines: polling.logLines)) ?? []
                    throw ProxmoxError(kind: .task(upid: upid.rawValue, exitStatus: exitStatus, lastLogLines: lines),
                                       request: "task \(upid.type) \(upid.id) on \(upid.node)".replacingOccurrences(of: "  ", with: " "),
                                       reason: exitStatus)
                }
            } catch let error as ProxmoxError where error.status == 400 && clock.now() - started < polling.visibilityGrace {
                // Just created: PVE may not list the task yet.
                progress?(ProxmoxTaskProgress(upid: upid, elapsed: clock.now() - started, status: nil))
            }
            try await clock.sleep(polling.pause(after: poll, elapsed: clock.now() - started))
            poll += 1
        }
    }

    /// Dispatches and then waits: the shape of every task-starting call. `.alreadyDone` is
    /// returned as is (there is no task to wait on).
    public func runTask(_ dispatch: ProxmoxDispatch, progress: (@Sendable (ProxmoxTaskProgress) -> Void)? = nil)
        async throws -> ProxmoxTaskStatus?
    {
        guard let upid = dispatch.upid else { return nil }
        return try await waitForTask(upid, progress: progress)
    }

    /// The last `lines` lines of the task's log.
    func taskLogTail(_ upid: UPID, lines: Int) async throws -> [String] {
        let first = try await taskLog(upid, start: 0, limit: lines)
        var tail = first.lines
        if let total = first.total, total > first.lines.count, total > lines {
            tail = try await taskLog(upid, start: total - lines, limit: lines).lines
        }
        return tail.suffix(lines).map(\.text)
    }
}
