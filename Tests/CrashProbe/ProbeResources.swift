import KilnEngine
import KilnPlan

/// A cluster-shaped set of resources for a plan, all owned by `FileBackedProvider`: per node a
/// VM, a config and a readiness check; per cluster secrets, a bootstrap and a kubeconfig.
enum ProbeResources {
    static func resources(for plan: Plan) -> [Resource] {
        func address(_ name: String) -> ResourceAddress { ResourceAddress(type: "probe_object", name: name) }
        var resources: [Resource] = []
        let secrets = address("secrets")
        resources.append(Resource(address: secrets, attributes: ["cluster": .string(plan.name), "token": .string("probe-token-\(plan.name)")],
                                  sensitive: ["token"]))
        for node in plan.nodes {
            let vm = address("vm-\(node.name)"), config = address("config-\(node.name)")
            resources.append(Resource(address: vm, attributes: [
                "name": .string(node.name), "role": .string(node.role.rawValue), "ip": .string(node.ip.description),
                "cores": .int(node.resources.cores),
            ], forcesReplacement: ["ip", "role"]))
            resources.append(Resource(address: config, attributes: ["hostname": .string(node.name)],
                                      dependencies: [vm, secrets]))
        }
        let bootstrap = address("bootstrap")
        resources.append(Resource(address: bootstrap, attributes: ["endpoint": .string(plan.controlPlaneEndpoint)],
                                  dependencies: Set(plan.controlPlanes.map { address("config-\($0.name)") })))
        let kubeconfig = address("kubeconfig")
        resources.append(Resource(address: kubeconfig, attributes: ["cluster": .string(plan.name)], dependencies: [bootstrap]))
        for node in plan.nodes {
            resources.append(Resource(address: address("ready-\(node.name)"), attributes: ["node": .string(node.name)],
                                      dependencies: [kubeconfig, address("config-\(node.name)")]))
        }
        return resources
    }
}
