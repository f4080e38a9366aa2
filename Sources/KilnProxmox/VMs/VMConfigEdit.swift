import Foundation

/// The `PUT …/config` that brings a VM's config to a spec: only the options that differ, the
/// NIC's model and MAC kept (a MAC, once chosen, never changes: DHCP reservations and Talos's
/// link names depend on it).
struct VMConfigEdit: Equatable {
    var fields: ProxmoxParameters = ProxmoxParameters()
    var delete: [String] = []

    var isEmpty: Bool { fields.isEmpty && delete.isEmpty }

    init(spec: ProxmoxVMSpec, current config: ProxmoxVMConfig) {
        func set(_ key: String, _ value: String, unless current: String?) {
            if current != value { fields[key] = .string(value) }
        }
        func setOrDelete(_ key: String, _ value: String?) {
            if let value { set(key, value, unless: config[key]) } else if config[key] != nil { delete.append(key) }
        }
        set("name", spec.name, unless: config["name"])
        set("cores", String(spec.cores), unless: config["cores"] ?? "1")
        set("sockets", String(spec.sockets), unless: config["sockets"] ?? "1")
        if VMObservation.cpuType(config["cpu"]) != spec.cpu { fields["cpu"] = .string(spec.cpu) }
        if VMObservation.memoryMiB(config["memory"]) != spec.memoryMiB { fields["memory"] = .int(spec.memoryMiB) }

        var net = config["net0"].flatMap(NetworkDevice.init) ?? NetworkDevice()
        net["bridge"] = spec.bridge
        net["tag"] = spec.vlan.map(String.init)
        set("net0", net.text, unless: config["net0"])

        set("ipconfig0", spec.ipConfig, unless: config["ipconfig0"])
        setOrDelete("nameserver", spec.nameserver)
        setOrDelete("searchdomain", spec.searchDomain)
        if config.tags.sorted() != spec.tags.sorted() { fields["tags"] = .string(spec.tags.joined(separator: ";")) }
        // PVE keeps the description as comment lines; compare what they say, not trailing space.
        if config["description"]?.trimmingCharacters(in: .whitespacesAndNewlines) != spec.description {
            fields["description"] = .string(spec.description)
        }
        set("onboot", spec.onBoot ? "1" : "0", unless: config["onboot"] ?? "0")
        // Talos's nocloud image reads its network from the cloud-init drive: a template without
        // one gets it (where ide2 is free), or ipconfig0 and nameserver would never reach the node.
        if !config.options.values.contains(where: { $0.contains("cloudinit") }), config["ide2"] == nil {
            fields["ide2"] = .string("\(spec.storage):cloudinit")
        }
        if VMObservation.agentEnabled(config["agent"]) != spec.guestAgent { fields["agent"] = .string(spec.guestAgent ? "1" : "0") }
    }
}
