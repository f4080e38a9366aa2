/// `GET …/agent/network-get-interfaces`: answers only for a running VM with the agent enabled.
enum QemuAgentAPI {
    static var routes: [PVERoute] {
        [PVERoute(.get, "/nodes/{node}/qemu/{vmid}/agent/network-get-interfaces") { request, cluster in
            var check = ParameterCheck(request)
            let vmid = check.vmid("vmid", required: true)
            try check.finish()
            return try await cluster.agentInterfaces(node: request.pathValue("node"), vmid: vmid!, caller: try request.caller)
        }]
    }
}

extension ProxmoxCluster {
    func agentInterfaces(node: String, vmid: Int, caller: Identity) throws -> PVEReply {
        if !caller.privileges.contains("VM.GuestAgent.Unrestricted") {
            try caller.privileges.require("VM.GuestAgent.Audit", on: "/vms/\(vmid)")
        }
        let vm = try vm(vmid, on: node)
        guard vm.isRunning, vm.agentEnabled else { throw PVEError.server("QEMU guest agent is not running") }
        let mac = vm.config["net0"]?.split(separator: ",").first?.split(separator: "=").last.map(String.init) ?? "BC:24:11:00:00:00"
        var addresses: [JSON] = []
        if let ip = vm.config["ipconfig0"]?.split(separator: ",").first(where: { $0.hasPrefix("ip=") })?.dropFirst(3),
           let slash = ip.firstIndex(of: "/"), let prefix = Int(ip[ip.index(after: slash)...]) {
            addresses.append(["ip-address-type": "ipv4", "ip-address": .string(String(ip[..<slash])), "prefix": .int(prefix)])
        }
        return PVEReply(["result": [
            ["name": "lo", "hardware-address": "00:00:00:00:00:00",
             "ip-addresses": [["ip-address-type": "ipv4", "ip-address": "127.0.0.1", "prefix": 8]]],
            ["name": "eth0", "hardware-address": .string(mac.lowercased()), "ip-addresses": .array(addresses)],
        ]])
    }
}
