import KilnEngine

extension ProxmoxVMProvider {
    /// Picks the VMID, records it, and makes the VM (a clone of its template, or a new VM with
    /// the image imported as its disk); returns where it is. An unpinned VMID that another
    /// client takes first is swapped for the next free one.
    func makeVM(_ spec: ProxmoxVMSpec, context: OperationContext) async throws -> VMPlacement {
        var attempt = 0
        while true {
            attempt += 1
            let vmid: Int
            if let pinned = spec.vmid { vmid = pinned } else { vmid = try await vmids.next(client: client) }
            let placement = VMPlacement(vmid: vmid, node: spec.node)
            do {
                switch spec.source {
                case .template(let template):
                    try await context.recordIntent(PendingIntent(operation: .create, outsideIDs: placement.outsideIDs, step: "cloning"))
                    try await cloneOnce(spec, template: template, to: placement, context: context)
                case .image:
                    try await createFromImage(spec, at: placement, context: context)
                }
                return placement
            } catch let error as ProxmoxError where error.kind == .alreadyExists {
                // Someone took the VMID between nextid and the clone (or the plan pins a taken one).
                let holder = try await locate(vmid)
                if spec.vmid != nil || holder?.name == spec.name {
                    throw ProxmoxVMError.vmidTaken(vmid: vmid, by: holder?.name ?? "?", node: holder?.node ?? "?")
                }
                guard attempt < options.vmidAttempts else { throw ProxmoxVMError.noFreeVMID(attempts: attempt) }
            }
        }
    }

    private func cloneOnce(_ spec: ProxmoxVMSpec, template: Int, to placement: VMPlacement,
                           context: OperationContext) async throws {
        context.report(waitingFor: "its turn to clone template \(template) (PVE locks a template while it is cloned)")
        // PVE clones on the template's node; `target` places the copy (allowed when the
        // template's disks are on shared storage, else PVE refuses and says so).
        guard let source = try await locate(template) else {
            throw ProxmoxError(kind: .notFound, request: "GET /cluster/resources", reason: "template VM \(template) does not exist")
        }
        var attempt = 0
        while true {
            attempt += 1
            do {
                try await clones.run(template: template) {
                    let dispatch = try await client.clone(node: source.node, template: template, newID: placement.vmid, name: spec.name,
                                                          full: true, storage: spec.storage, pool: spec.pool,
                                                          target: source.node == spec.node ? nil : spec.node,
                                                          description: spec.description)
                    guard let upid = dispatch.upid else {
                        return try await confirmMadeByEarlierAttempt(name: spec.name, at: placement, context: context)
                    }
                    var ids = placement.outsideIDs
                    ids["upid"] = upid.rawValue
                    try await context.recordIntent(PendingIntent(operation: .create, outsideIDs: ids, step: "cloning"))
                    _ = try await client.waitForTask(upid, progress: Self.reporter(context, "clone of template \(template) to VM \(placement.vmid)"))
                }
                return
            } catch let error as ProxmoxError where error.isLockTimeoutTask && attempt < options.cloneAttempts {
                // Someone else (another tool, a backup) held the template: the failed clone made
                // nothing, so cloning again is safe.
                context.report(waitingFor: "template \(template)'s lock, held by another operation", lastSeen: error.reason)
                try await context.pause(for: options.cloneRetryPause * Double(1 << min(attempt - 1, 5)))
            }
        }
    }

    /// Turns task polls into the engine's progress line.
    static func reporter(_ context: OperationContext, _ what: String) -> @Sendable (ProxmoxTaskProgress) -> Void {
        { progress in
            let seconds = Int(progress.elapsed.components.seconds)
            context.report(waitingFor: "\(what) (task \(progress.upid.rawValue))",
                           lastSeen: "\(progress.status?.state.rawValue ?? "not visible yet") after \(seconds)s")
        }
    }
}
