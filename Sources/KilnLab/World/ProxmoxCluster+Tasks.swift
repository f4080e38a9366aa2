import Foundation

extension ProxmoxCluster {
    // MARK: Tasks

    /// Starts a worker task and returns its UPID at once, as PVE does. `body` runs in the
    /// background; a thrown `TaskFailure` (or any error) ends the task with that message.
    /// `reserving` keeps a VMID taken while the task runs (clone, create), whatever its end.
    ///
    /// A task fault the request carries (`FaultContext.task`) applies here: `failTask` replaces
    /// the body (nothing is done), `holdLock` keeps the task's locks after it ends.
    func startTask(node: String, type: String, id: String, user: String, reserving vmid: Int? = nil,
                   _ body: @escaping @Sendable (ProxmoxCluster, UPID) async throws -> Void) -> UPID {
        nextPID += 1
        let upid = UPID(node: node, pid: nextPID, pstart: processStart, startTime: Int(Date().timeIntervalSince1970),
                        type: type, id: id, user: user)
        tasks[upid.description] = LabTask(upid: upid)
        if let vmid { reserve(vmid) }
        var work = body
        switch FaultContext.task {
        case .failTask(let failure):
            work = { cluster, upid in try await cluster.runFailingTask(upid, failure) }
        case .holdLock(let seconds):
            lockHolds[upid.description] = scaled(seconds)
        default:
            break
        }
        Task { [work] in
            do {
                try await work(self, upid)
                self.finish(upid, error: nil, unreserving: vmid)
            } catch let failure as TaskFailure {
                self.finish(upid, error: failure.message, unreserving: vmid)
            } catch let error as PVEError {
                self.finish(upid, error: error.message, unreserving: vmid)
            } catch {
                self.finish(upid, error: "\(error)", unreserving: vmid)
            }
        }
        return upid
    }

    /// The `failTask` fault: the task logs its lines and fails, having changed nothing.
    private func runFailingTask(_ upid: UPID, _ failure: FaultRule.TaskError) async throws {
        for line in failure.log {
            log(upid, line)
            try await Task.sleep(for: .milliseconds(5))
        }
        throw TaskFailure(failure.message)
    }

    func log(_ upid: UPID, _ line: String) { tasks[upid.description]?.log.append(line) }

    private func finish(_ upid: UPID, error: String?, unreserving vmid: Int?) {
        if let vmid { unreserve(vmid) }
        lockHolds[upid.description] = nil
        guard var task = tasks[upid.description] else { return }
        task.running = false
        task.endTime = Date()
        if let error {
            task.exitStatus = error
            task.log.append("TASK ERROR: \(error)")
        } else {
            task.exitStatus = "OK"
            task.log.append("TASK OK")
        }
        tasks[upid.description] = task
    }

    // MARK: Config locks

    /// Takes `/var/lock/qemu-server/lock-N.conf`, waiting up to the lock timeout as PVE's
    /// `lock_config` does, then failing with its message.
    func acquireLock(_ vmid: Int, for upid: UPID) async throws {
        let deadline = ContinuousClock.now + scaled(config.timings.lockTimeout)
        var announced = false
        while heldLocks.contains(vmid) {
            if !announced {
                log(upid, "trying to acquire lock...")
                announced = true
            }
            guard ContinuousClock.now < deadline else {
                throw TaskFailure("can't lock file '/var/lock/qemu-server/lock-\(vmid).conf' - got timeout")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        heldLocks.insert(vmid)
        if announced { log(upid, " OK") }
    }

    /// Gives the lock back; under the `holdLock` fault only after the extra time.
    func releaseLock(_ vmid: Int, by upid: UPID) {
        guard let hold = lockHolds[upid.description] else {
            heldLocks.remove(vmid)
            return
        }
        Task {
            try? await Task.sleep(for: hold)
            self.dropLock(vmid)
        }
    }

    private func dropLock(_ vmid: Int) { heldLocks.remove(vmid) }

    /// Ends a `holdLock` early: the other operation holding `vmid`'s lock is done. For tests that
    /// must see a lock held exactly until they have watched someone wait for it.
    public func releaseHeldLock(_ vmid: Int) { heldLocks.remove(vmid) }
}
