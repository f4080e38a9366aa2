import KilnEngine
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Stop signals", .timeLimit(.minutes(1)))
struct StopSignalsTests {
    /// SIGUSR1 stands in for SIGINT: it is sent to this process only, nothing else in the test
    /// runner uses it, and it is ignored (not fatal) while the handler is installed.
    @Test func theFirstSignalAsksForAGracefulStopAndTheNextForAnImmediateOne() async throws {
        let modes = Box<[StopMode]>([])
        let signals = StopSignals(signals: [SIGUSR1]) { mode in modes.update { $0.append(mode) } }
        defer { signals.cancel() }

        kill(getpid(), SIGUSR1)
        #expect(await eventually { modes.value.count == 1 })
        kill(getpid(), SIGUSR1)
        #expect(await eventually { modes.value.count == 2 })
        #expect(modes.value == [.graceful, .immediate])
        #expect(signals.receivedCount == 2)
    }

    @Test func aSignalStopsARunningExecutor() async throws {
        let jobs = TestJobs()
        let executor = try Executor(jobs: [jobs.job(.vm("forever"), behaviour: .runsUntilCancelled),
                                           jobs.job(.vm("after"), dependsOn: [.vm("forever")])],
                                    recorder: InMemoryStateRecorder())
        let signals = StopSignals(executor: executor, signals: [SIGUSR2])
        defer { signals.cancel() }
        async let running = executor.run()
        #expect(await eventually { await jobs.world.inFlight == 1 })
        kill(getpid(), SIGUSR2)
        #expect(await eventually { signals.receivedCount == 1 })
        kill(getpid(), SIGUSR2)
        let result = await running
        #expect(result.stop == .immediate)
        #expect(result.interrupted.map(\.address) == [.vm("forever")])
        #expect(result.notStarted == [.vm("after")])
    }
}
