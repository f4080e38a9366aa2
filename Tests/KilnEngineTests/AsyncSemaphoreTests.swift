@testable import KilnEngine
import Testing

@Suite("Async semaphore", .timeLimit(.minutes(1)))
struct AsyncSemaphoreTests {
    @Test func waitersAreServedFirstComeFirstServed() async throws {
        let semaphore = AsyncSemaphore(permits: 1)
        try await semaphore.acquire()
        let order = Box<[Int]>([])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<5 {
                group.addTask {
                    try await semaphore.acquire()
                    order.update { $0.append(index) }
                    semaphore.release()
                }
                // Queue them one by one so arrival order is known.
                #expect(await eventually { semaphore.waitingCount == index + 1 })
            }
            semaphore.release()
            try await group.waitForAll()
        }
        #expect(order.value == [0, 1, 2, 3, 4])
        #expect(semaphore.availablePermits == 1)
    }

    @Test func aCancelledWaiterLeavesTheQueueAndHoldsNothing() async throws {
        let semaphore = AsyncSemaphore(permits: 1)
        try await semaphore.acquire()
        let waiter = Task { try await semaphore.acquire() }
        #expect(await eventually { semaphore.waitingCount == 1 })
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(semaphore.waitingCount == 0)
        semaphore.release()
        #expect(semaphore.availablePermits == 1)
    }

    @Test func reservedPlacesAreServedInReservationOrderWhoeverWaitsFirst() async throws {
        let semaphore = AsyncSemaphore(permits: 1)
        let first = semaphore.reserve(), second = semaphore.reserve(), third = semaphore.reserve()
        let order = Box<[String]>([])
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Waiting starts in the opposite order from reserving.
            for (name, ticket) in [("third", third), ("second", second)] {
                group.addTask {
                    try await semaphore.wait(for: ticket)
                    order.update { $0.append(name) }
                    semaphore.release()
                }
            }
            try await Task.sleep(for: .milliseconds(20))
            try await semaphore.wait(for: first)
            order.update { $0.append("first") }
            semaphore.release()
            try await group.waitForAll()
        }
        #expect(order.value == ["first", "second", "third"])
    }

    @Test func anAlreadyCancelledTaskDoesNotGetAPermit() async {
        let semaphore = AsyncSemaphore(permits: 3)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await semaphore.acquire()
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(semaphore.availablePermits == 3)
    }
}
