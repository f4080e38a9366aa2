import KilnEngine
import Testing

@Suite("Critical path and simulated makespan")
struct CriticalPathTests {
    // image(30) → vm-a(60) → cfg-a(10) ─┐
    // image(30) → vm-b(90) → cfg-b(10) ─┴→ bootstrap(20) → api(40)
    // lonely(100)
    let graph: ResourceGraph
    let durations: [ResourceAddress: Duration] = [
        .vm("image"): .seconds(30), .vm("vm-a"): .seconds(60), .vm("vm-b"): .seconds(90),
        .vm("cfg-a"): .seconds(10), .vm("cfg-b"): .seconds(10), .vm("bootstrap"): .seconds(20),
        .gate("api"): .seconds(40), .vm("lonely"): .seconds(100),
    ]

    init() throws {
        graph = try ResourceGraph(dependencies: [
            .vm("image"): [], .vm("lonely"): [],
            .vm("vm-a"): [.vm("image")], .vm("vm-b"): [.vm("image")],
            .vm("cfg-a"): [.vm("vm-a")], .vm("cfg-b"): [.vm("vm-b")],
            .vm("bootstrap"): [.vm("cfg-a"), .vm("cfg-b")], .gate("api"): [.vm("bootstrap")],
        ])
    }

    @Test func theCriticalPathIsTheLongestChainByDuration() {
        let path = graph.criticalPath(durations: durations)
        #expect(path.vertices == [.vm("image"), .vm("vm-b"), .vm("cfg-b"), .vm("bootstrap"), .gate("api")])
        #expect(path.length == .seconds(190))
    }

    @Test func anEmptyGraphHasAnEmptyPath() throws {
        let empty = try ResourceGraph(dependencies: [:])
        #expect(empty.criticalPath(durations: [:]) == CriticalPath(vertices: [], length: .zero))
    }

    @Test func withUnlimitedParallelismTheMakespanIsTheCriticalPath() {
        #expect(graph.simulatedMakespan(durations: durations, parallelism: 100) == .seconds(190))
    }

    @Test func withOneSlotTheMakespanIsTheSumOfAllDurations() {
        #expect(graph.simulatedMakespan(durations: durations, parallelism: 1) == .seconds(360))
    }

    @Test func withTwoSlotsTheMakespanFollowsTheExecutorsStartOrder() {
        // 0: image, lonely │ 30: vm-a (lonely holds the other slot) │ 90: cfg-a │ 100: vm-b
        // │ 190: cfg-b │ 200: bootstrap │ 220: api │ 260: done.
        #expect(graph.simulatedMakespan(durations: durations, parallelism: 2) == .seconds(260))
    }
}
