/// The lab's own paths (not PVE's, no authentication): `GET /lab/requests` lists every request
/// answered so far, `DELETE /lab/requests` forgets them, `GET /lab/world` shows every VM.
enum LabAPI {
    static var routes: [PVERoute] {
        [
            PVERoute(.get, "/lab/requests", authenticated: false) { _, cluster in
                PVEReply(.array(await cluster.requests.map(\.json)))
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
                }))
            },
        ]
    }
}
