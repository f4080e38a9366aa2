import KilnEngine

/// Resources, matching records and a one-line way to plan, for the planner tests.
enum PlanningFixture {
    static func vm(_ name: String, _ attributes: Attributes = ["cores": 2], dependsOn: [String] = [],
                   forcing: Set<String> = [], sensitive: Set<String> = []) -> Resource {
        Resource(address: .vm(name), attributes: attributes, forcesReplacement: forcing, sensitive: sensitive,
                 dependencies: Set(dependsOn.map { .vm($0) }))
    }

    static func gate(_ name: String, dependsOn: [ResourceAddress]) -> Resource {
        Resource(address: .gate(name), lifecycle: .gate(timeout: .seconds(30)), dependencies: Set(dependsOn))
    }

    /// The record a successful apply of `resource` leaves.
    static func record(_ resource: Resource, status: ResourceRecord.Status = .ready) -> ResourceRecord {
        ResourceRecord(address: resource.address, status: status, attributes: resource.attributes,
                       sensitive: resource.sensitive, outputs: ["id": .string("id-\(resource.address.name)")],
                       dependencies: resource.dependencies)
    }

    static func plan(_ desired: [Resource], state: [ResourceRecord] = [], options: PlanOptions = PlanOptions(),
                     providers: [any ResourceProvider] = [RecordingProvider()]) async throws -> EnginePlan {
        try await Planner(providers: providers).plan(desired: desired, current: state, options: options)
    }
}

extension EnginePlan {
    /// "create test_vm.a" per change, in plan order.
    var actions: [String] { changes.map { "\($0.action.rawValue) \($0.address)" } }
}
