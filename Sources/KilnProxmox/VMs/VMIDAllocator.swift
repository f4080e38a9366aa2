/// Hands out free VMIDs to the VMs of one run. `/cluster/nextid` answers the lowest free id
/// without reserving it, so jobs asking at the same moment would all get the same number; the
/// allocator remembers what it handed out and skips ids PVE reports as taken.
actor VMIDAllocator {
    private var handedOut: Set<Int> = []

    func next(client: ProxmoxClient) async throws -> Int {
        var candidate = try await client.nextID()
        while true {
            if !handedOut.contains(candidate), try await client.isVMIDFree(candidate) {
                handedOut.insert(candidate)
                return candidate
            }
            candidate += 1
        }
    }
}
