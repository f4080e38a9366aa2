/// Whether storages are shared, asked once per run: a VM on shared storage can move to another
/// node (a migration) instead of being made again.
actor StorageSharing {
    private var answer: Task<[String: Bool], any Error>?

    func isShared(_ storage: String, client: ProxmoxClient) async throws -> Bool {
        if answer == nil { answer = Task { try await client.sharedStorages() } }
        do {
            return try await answer!.value[storage] ?? false
        } catch {
            answer = nil // ask again next time
            throw error
        }
    }
}
