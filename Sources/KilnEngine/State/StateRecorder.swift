/// Where the executor writes what happens, as it happens: an intent before each outside
/// effect, a result after. The durable implementation is `StateStore`; tests may use memory.
public protocol StateRecorder: Sendable {
    /// The record as currently known, if any.
    func record(for address: ResourceAddress) async -> ResourceRecord?
    /// Durably marks `address` as having `intent` in flight (creating the record if needed).
    func recordIntent(_ intent: PendingIntent, for address: ResourceAddress) async throws
    /// Durably replaces the record with the result of a finished operation (clearing its intent),
    /// or removes it (`nil`) after a delete.
    func recordResult(_ record: ResourceRecord?, for address: ResourceAddress) async throws
}
