import KilnEngine
import KilnPlan
import KilnResources

/// A small catalog standing in for the provider issues: a VM and a machine config per node,
/// a bootstrap after the first control plane, and an API readiness gate after it.
enum TestCatalog {
    static let standIn = ResourceCatalog(providers: [], resources: { plan in
        var resources: [Resource] = []
        for node in plan.nodes {
            let vm = ResourceAddress(type: "proxmox_vm", name: node.name)
            resources.append(Resource(address: vm, attributes: ["cores": .int(node.resources.cores)]))
            resources.append(Resource(address: ResourceAddress(type: "talos_config", name: node.name), dependencies: [vm]))
        }
        let bootstrap = ResourceAddress(type: "talos_bootstrap", name: "cluster")
        if let first = plan.controlPlanes.first {
            resources.append(Resource(address: bootstrap,
                                      dependencies: [ResourceAddress(type: "talos_config", name: first.name)]))
            resources.append(Resource(address: ResourceAddress(type: "k8s_api", name: "ready"),
                                      lifecycle: .gate(timeout: .seconds(600)), dependencies: [bootstrap]))
        }
        return resources
    })

    /// A catalog whose resources depend on each other in a circle.
    static let cyclic = ResourceCatalog(providers: [], resources: { _ in
        let a = ResourceAddress(type: "test", name: "a"), b = ResourceAddress(type: "test", name: "b")
        return [Resource(address: a, dependencies: [b]), Resource(address: b, dependencies: [a])]
    })
}
