import KilnEngine
import Testing

@Suite("Resource graph: building, order, targets")
struct ResourceGraphTests {
    /// image ← vm-a, vm-b ← config-a (vm-a), config-b (vm-b) ← bootstrap (config-a, config-b)
    let cluster: [Resource] = [
        Resource(address: .vm("image")),
        Resource(address: .vm("vm-b"), dependencies: [.vm("image")]),
        Resource(address: .vm("vm-a"), dependencies: [.vm("image")]),
        Resource(address: .vm("config-a"), dependencies: [.vm("vm-a")]),
        Resource(address: .vm("config-b"), dependencies: [.vm("vm-b")]),
        Resource(address: .vm("bootstrap"), dependencies: [.vm("config-a"), .vm("config-b")]),
    ]

    @Test func topologicalOrderPutsDependenciesFirstAndBreaksTiesByAddress() throws {
        let graph = try ResourceGraph(resources: cluster)
        #expect(graph.topologicalOrder() == [
            .vm("image"), .vm("vm-a"), .vm("config-a"), .vm("vm-b"), .vm("config-b"), .vm("bootstrap"),
        ])
    }

    @Test func destroyOrderPutsDependentsFirst() throws {
        let graph = try ResourceGraph(resources: cluster)
        #expect(graph.destroyOrder() == [
            .vm("bootstrap"), .vm("config-a"), .vm("config-b"), .vm("vm-a"), .vm("vm-b"), .vm("image"),
        ])
    }

    @Test func theReversedGraphMakesEachVertexWaitForItsFormerDependents() throws {
        let destroy = try ResourceGraph(resources: cluster).reversed()
        #expect(destroy.dependencies[.vm("image")] == [.vm("vm-a"), .vm("vm-b")])
        #expect(destroy.dependencies[.vm("bootstrap")] == [])
        #expect(destroy.topologicalOrder().first == .vm("bootstrap"))
        #expect(destroy.topologicalOrder().last == .vm("image"))
    }

    @Test func anUnknownDependencyNamesBothAddresses() {
        let resources = [Resource(address: .vm("a"), dependencies: [.vm("ghost")])]
        #expect(throws: GraphError.unknownDependency(vertex: .vm("a"), missing: .vm("ghost"))) {
            try ResourceGraph(resources: resources)
        }
        let message = GraphError.unknownDependency(vertex: .vm("a"), missing: .vm("ghost")).description
        #expect(message == "test_vm.a depends on test_vm.ghost, which is not in the plan")
    }

    @Test func aCycleIsNamedInDependencyOrderStartingAtItsSmallestAddress() {
        // c → a → b → c, entered from an outside vertex that depends on the cycle.
        let resources = [
            Resource(address: .vm("outside"), dependencies: [.vm("b")]),
            Resource(address: .vm("b"), dependencies: [.vm("c")]),
            Resource(address: .vm("c"), dependencies: [.vm("a")]),
            Resource(address: .vm("a"), dependencies: [.vm("b")]),
        ]
        let expected = GraphError.cycle([.vm("a"), .vm("b"), .vm("c"), .vm("a")])
        #expect(throws: expected) { try ResourceGraph(resources: resources) }
        #expect(expected.description
            == "dependency cycle: test_vm.a → test_vm.b → test_vm.c → test_vm.a (each depends on the next)")
    }

    @Test func aVertexDependingOnItselfIsACycle() {
        #expect(throws: GraphError.cycle([.vm("a"), .vm("a")])) {
            try ResourceGraph(dependencies: [.vm("a"): [.vm("a")]])
        }
    }

    @Test func duplicateAddressesAreRejected() {
        #expect(throws: GraphError.duplicateVertex(.vm("a"))) {
            try ResourceGraph(resources: [Resource(address: .vm("a")), Resource(address: .vm("a"))])
        }
    }

    @Test func aTargetSubgraphHoldsTheTargetAndEverythingItNeeds() throws {
        let graph = try ResourceGraph(resources: cluster)
        let targeted = try graph.subgraph(targets: [.vm("config-a")])
        #expect(targeted.vertices == [.vm("config-a"), .vm("vm-a"), .vm("image")])
        #expect(targeted.dependents[.vm("image")] == [.vm("vm-a")])
        #expect(targeted.topologicalOrder() == [.vm("image"), .vm("vm-a"), .vm("config-a")])
    }

    @Test func aTargetThatIsNotInThePlanIsAnError() throws {
        let graph = try ResourceGraph(resources: cluster)
        #expect(throws: GraphError.unknownTarget(.vm("nope"))) { try graph.subgraph(targets: [.vm("nope")]) }
    }

    @Test func aTargetedDestroyTakesEverythingDependingOnTheTarget() throws {
        let graph = try ResourceGraph(resources: cluster)
        let targeted = try graph.dependentSubgraph(targets: [.vm("vm-b")])
        #expect(targeted.vertices == [.vm("vm-b"), .vm("config-b"), .vm("bootstrap")])
        #expect(targeted.destroyOrder() == [.vm("bootstrap"), .vm("config-b"), .vm("vm-b")])
    }

    @Test func transitiveDependentsAreWhatAFailureSkips() throws {
        let graph = try ResourceGraph(resources: cluster)
        #expect(graph.transitiveDependents(of: .vm("vm-a")) == [.vm("config-a"), .vm("bootstrap")])
        #expect(graph.transitiveDependencies(of: .vm("config-b")) == [.vm("vm-b"), .vm("image")])
    }

    @Test func gatesAreRememberedFromTheirLifecycle() throws {
        let graph = try ResourceGraph(resources: [
            Resource(address: .vm("a")),
            Resource(address: .gate("api"), lifecycle: .gate(timeout: .seconds(60)), dependencies: [.vm("a")]),
        ])
        #expect(graph.gates == [.gate("api")])
    }
}
