import Yams

/// Per-role VM sizes from `defaults`, each field optional.
struct RoleDefaults {
    var cores: Int?
    var sockets: Int?
    var memory: ByteSize?
    var disk: ByteSize?
}

extension PlanDecoder {
    static let sizeFields = ["cores", "sockets", "memory", "disk"]
    static let nodeFields = ["name", "role", "ip", "vmid", "cores", "sockets", "memory", "disk", "proxmoxNode", "labels", "taints", "patches"]

    func decodeDefaults(_ root: MappingReader) -> [NodeSpec.Role: RoleDefaults] {
        var result: [NodeSpec.Role: RoleDefaults] = [.controlPlane: RoleDefaults(), .worker: RoleDefaults()]
        guard let reader = root.mapping("defaults", allowed: NodeSpec.Role.allCases.map(\.rawValue)) else { return result }
        for role in NodeSpec.Role.allCases {
            guard let sizes = reader.mapping(role.rawValue, allowed: PlanDecoder.sizeFields) else { continue }
            result[role] = RoleDefaults(cores: sizes.int("cores", example: "4"), sockets: sizes.int("sockets", example: "1"),
                                        memory: sizes.size("memory", suggestedUnit: .gib),
                                        disk: sizes.size("disk", suggestedUnit: .gb))
        }
        return result
    }

    func decodeNodes(_ root: MappingReader, defaults: [NodeSpec.Role: RoleDefaults], defaultProxmoxNode: String) -> [NodeSpec] {
        guard let items = root.sequence("nodes", required: true, example: "[{name: cp-1, role: controlplane, ip: 192.168.1.21}]") else {
            context.markBroken("nodes")
            return []
        }
        if items.isEmpty {
            context.error(root.valueLocation("nodes"), "`nodes` is empty; a cluster needs at least one control plane",
                          fix: "add a node with `role: controlplane`")
        }
        var nodes: [NodeSpec] = []
        for (item, path) in items {
            if let node = decodeNode(item, path: path, defaults: defaults, defaultProxmoxNode: defaultProxmoxNode) {
                nodes.append(node)
            } else {
                context.markBroken(path)
                // Keep indexes aligned with the plan so `nodes[i]` paths stay right.
                nodes.append(NodeSpec(name: "", role: .worker, ip: IPv4Address(0), vmid: nil,
                                      resources: NodeResources(cores: 1, sockets: 1, memory: .gib(0), disk: .gb(0)),
                                      proxmoxNode: defaultProxmoxNode, labels: [:], taints: [], patches: []))
            }
        }
        return nodes
    }

    private func decodeNode(_ item: Node, path: String, defaults: [NodeSpec.Role: RoleDefaults], defaultProxmoxNode: String) -> NodeSpec? {
        guard let reader = MappingReader(item, path: path, context: context, ownerLocation: context.location(item.mark),
                                         allowed: PlanDecoder.nodeFields) else { return nil }
        let name = reader.string("name", required: true, example: "cp-1")
        let roleText = reader.choice("role", NodeSpec.Role.allCases.map(\.rawValue), required: true)
        let role = roleText.flatMap(NodeSpec.Role.init(rawValue:))
        if role == nil { context.markBroken("\(path).role") }
        let ip = reader.ipAddress("ip", required: true, example: "192.168.1.21")
        if ip == nil { context.markBroken("\(path).ip") }
        let vmid = reader.int("vmid", example: "2021")
        let proxmoxNode = reader.string("proxmoxNode") ?? defaultProxmoxNode
        let fallback = role.flatMap { defaults[$0] } ?? RoleDefaults()
        let label = name.map { "node `\($0)`" } ?? "`\(path)`"

        func resolved<T>(_ key: String, _ own: T?, _ inherited: T?, example: String) -> T? {
            if let own { return own }
            if reader.has(key) { return nil }   // present but invalid: already reported
            if let inherited {
                if let role, let location = context.sourceMap.location(of: "defaults.\(role.rawValue).\(key)") {
                    context.sourceMap.values["\(path).\(key)"] = location
                }
                return inherited
            }
            if let role, context.sourceMap.location(of: "defaults.\(role.rawValue).\(key)") != nil {
                context.markBroken("\(path).\(key)")   // the default is set but invalid: already reported
                return nil
            }
            if role != nil {
                context.error(reader.ownerLocation, "\(label) has no `\(key)`, and `defaults.\(role?.rawValue ?? "")` does not set one",
                              fix: "add `\(key): \(example)` to the node or to `defaults.\(role?.rawValue ?? "")`")
            }
            context.markBroken("\(path).\(key)")
            return nil
        }
        let cores = resolved("cores", reader.int("cores", example: "4"), fallback.cores, example: "4")
        let sockets = resolved("sockets", reader.int("sockets", example: "1"), fallback.sockets ?? 1, example: "1")
        let memory = resolved("memory", reader.size("memory", suggestedUnit: .gib), fallback.memory, example: "4GiB")
        let disk = resolved("disk", reader.size("disk", suggestedUnit: .gb), fallback.disk, example: "30GB")

        var labels: [String: String] = [:]
        for (key, value, entryPath) in reader.stringMap("labels") ?? [] {
            if let problem = NameRules.labelKeyProblem(key) {
                context.error(context.sourceMap.keyLocation(of: entryPath) ?? reader.ownerLocation,
                              "label key `\(key)` is not valid: \(problem)",
                              fix: "use `[prefix/]name`, e.g. `topology.kubernetes.io/zone`")
                continue
            }
            if let problem = NameRules.labelValueProblem(value) {
                context.error(context.sourceMap.location(of: entryPath) ?? reader.ownerLocation,
                              "label value `\(value)` of `\(key)` is not valid: \(problem)",
                              fix: "use up to 63 letters, digits, `-`, `_` or `.`, starting and ending with a letter or digit")
                continue
            }
            labels[key] = value
        }
        var taints: [Taint] = []
        for (text, itemPath) in reader.stringList("taints") ?? [] {
            switch NameRules.parseTaint(text) {
            case .success(let taint): taints.append(taint)
            case .failure(let problem):
                context.error(context.sourceMap.bestLocation(of: itemPath), "taint `\(text)` is not valid: \(problem.message)",
                              fix: problem.fix)
            }
        }
        let patches = decodePatchList(reader, "patches")

        guard let name, let role, let ip, let cores, let sockets, let memory, let disk else { return nil }
        return NodeSpec(name: name, role: role, ip: ip, vmid: vmid,
                        resources: NodeResources(cores: cores, sockets: sockets, memory: memory, disk: disk),
                        proxmoxNode: proxmoxNode, labels: labels, taints: taints, patches: patches)
    }
}
