import Foundation

/// Lab controls for the Talos nodes (no authentication; loopback only):
/// - `GET /lab/talos`: `{"nodes": [TalosNodeListing]}`, one per VM that has a node;
/// - `GET /lab/talos/faults`, `PUT /lab/talos/faults` (a JSON object address → `TalosFault`,
///   replacing all), `DELETE /lab/talos/faults`.
enum LabTalosAPI {
    static var routes: [PVERoute] {
        [
            PVERoute(.get, "/lab/talos", authenticated: false) { _, cluster in
                let nodes = await cluster.talos.listing()
                return PVEReply(try JSON.decode(JSONEncoder().encode(["nodes": nodes])))
            },
            PVERoute(.get, "/lab/talos/faults", authenticated: false) { _, cluster in
                PVEReply(try JSON.decode(JSONEncoder().encode(await cluster.talos.faultSettings)))
            },
            PVERoute(.put, "/lab/talos/faults", authenticated: false) { request, cluster in
                let faults: [String: LabConfig.TalosFault]
                do { faults = try JSONDecoder().decode([String: LabConfig.TalosFault].self, from: request.body) } catch {
                    throw PVEError(status: 400, "expected a JSON object of Talos faults by node address: \(error)")
                }
                await cluster.talos.setFaults(faults)
                return PVEReply(.null)
            },
            PVERoute(.delete, "/lab/talos/faults", authenticated: false) { _, cluster in
                await cluster.talos.setFaults([:])
                return PVEReply(.null)
            },
        ]
    }
}
