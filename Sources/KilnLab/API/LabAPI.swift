import Foundation

/// The lab's own paths (not PVE's, no authentication: the lab listens on loopback only).
/// `GET /lab/requests` lists every request answered so far, `DELETE /lab/requests` forgets them,
/// `GET /lab/world` shows every VM and stored volume; the fault and VM controls are in
/// `LabControlAPI`.
enum LabAPI {
    static var routes: [PVERoute] {
        [
            PVERoute(.get, "/lab/requests", authenticated: false) { _, cluster in
                let requests = await cluster.requests
                return PVEReply(.array(requests.map(\.json)),
                                extra: ["rejectedBySchema": .int(await cluster.schemaRejections)])
            },
            PVERoute(.delete, "/lab/requests", authenticated: false) { _, cluster in
                await cluster.clearRequests()
                return PVEReply(.null)
            },
            PVERoute(.get, "/lab/world", authenticated: false) { _, cluster in
                PVEReply(.array(await cluster.virtualMachines.map { vm in
                    var entry = vm.resourceJSON.object ?? [:]
                    entry["config"] = .object(vm.config.mapValues(JSON.string))
                    return .object(entry)
                }), extra: ["volumes": .array(await cluster.storedVolumes.map(\.json))])
            },
        ]
    }
}
