import KilnEngine

/// Builds vertex jobs that act on a `TestWorld`: record an intent, do their "effect" (which
/// takes a while, waits for a latch, or holds until enough others are in flight), then
/// succeed with outputs or fail.
struct TestJobs {
    struct OutsideFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    enum Behaviour: Sendable {
        case takes(Duration)
        case waitsFor(Latch)
        /// Holds until `count` effects have been in flight at once (or 5 s pass), so
        /// "parallelism reaches N" does not depend on timing.
        case holdsUntilInFlight(Int)
        /// Runs until cancelled.
        case runsUntilCancelled
    }

    let world: TestWorld
    let timeline: Timeline

    init() {
        timeline = Timeline()
        world = TestWorld(timeline: timeline)
    }

    func job(_ address: ResourceAddress, dependsOn dependencies: [ResourceAddress] = [],
             action: ResourceChange.Action = .create, behaviour: Behaviour = .takes(.milliseconds(5)),
             outputs: Attributes = [:], failsWith failure: String? = nil,
             seen: (@Sendable ([ResourceAddress: Attributes]) -> Void)? = nil) -> VertexJob {
        let world = self.world
        return VertexJob(address: address, action: action, dependencies: Set(dependencies)) { context in
            seen?(context.dependencyOutputs)
            try await context.recordIntent(PendingIntent(operation: .create, outsideIDs: ["name": address.name]))
            await world.begin(address)
            do {
                try await Self.perform(behaviour, in: world)
            } catch {
                await world.end(address)
                throw error
            }
            await world.end(address)
            if let failure { throw OutsideFailure(message: failure) }
            return .recorded(ResourceRecord(address: address, outputs: outputs, dependencies: Set(dependencies)))
        }
    }

    private static func perform(_ behaviour: Behaviour, in world: TestWorld) async throws {
        switch behaviour {
        case .takes(let duration):
            try await Task.sleep(for: duration)
        case .waitsFor(let latch):
            await latch.wait()
            try Task.checkCancellation()
        case .holdsUntilInFlight(let count):
            let deadline = ContinuousClock.now + .seconds(5)
            while await world.maxInFlight < count, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(2))
            }
            // A little longer, so a vertex wrongly started beyond the bound is seen in flight.
            try await Task.sleep(for: .milliseconds(10))
        case .runsUntilCancelled:
            try await Task.sleep(for: .seconds(3600))
        }
    }
}
