import Foundation

/// The official Proxmox VE API schema (`pve-api-schema.json`, from pve-docs' `apidata.js`), indexed
/// by path template and method once at load, with every pattern compiled: checking a request is a
/// dictionary lookup and a pass over its parameters.
///
/// ```
/// let schema = try PVESchema.load(path: "../shared/ref/pve-api-schema.json")
/// try schema.check(method: "POST", template: "/nodes/{node}/qemu/{vmid}/clone", values: ["node": "lab", "vmid": "9000"])
/// // throws PVEError 400 "Parameter verification failed.", errors ["newid": "property is missing and it is not optional"]
/// ```
public struct PVESchema: Sendable {
    /// Normalized template (`/nodes/{}/qemu/{}`) → method → parameters.
    let endpoints: [String: [String: EndpointSchema]]

    public var endpointCount: Int { endpoints.values.reduce(0) { $0 + $1.count } }

    init(tree: JSON) {
        var endpoints: [String: [String: EndpointSchema]] = [:]
        func walk(_ nodes: [JSON]) {
            for node in nodes {
                if let path = node["path"]?.string, let info = node["info"]?.object {
                    endpoints[Self.normalize(path)] = info.mapValues { EndpointSchema(parameters: $0["parameters"]) }
                }
                walk(node["children"]?.array ?? [])
            }
        }
        walk(tree.array ?? [])
        self.endpoints = endpoints
    }

    public static func load(path: String) throws -> PVESchema {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw PVESchemaError(description: "cannot read the PVE API schema \(path): \(error.localizedDescription)")
        }
        guard let tree = try? JSON.decode(data), let nodes = tree.array, !nodes.isEmpty else {
            throw PVESchemaError(description: "\(path) is not a PVE API schema (a JSON array of path nodes, as pve-docs' apidata.js)")
        }
        return PVESchema(tree: tree)
    }

    /// `{node}`, `{vmid}` → `{}`: the lab's placeholder names need not be the schema's.
    static func normalize(_ template: String) -> String {
        template.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? "{}" : String(part)
        }.joined(separator: "/")
    }

    /// Throws PVE's error when PVE would refuse the request before running it: 501 for a path or
    /// method it does not have, 400 "Parameter verification failed." for bad parameters.
    /// `values` holds the parameters and the path values.
    public func check(method: String, template: String, path: String, values: [String: String]) throws {
        guard let endpoint = endpoints[Self.normalize(template)]?[method] else {
            throw PVEError(status: 501, "Method '\(method) /api2/json\(path)' not implemented")
        }
        let problems = endpoint.problems(values)
        if !problems.isEmpty { throw PVEError.parameters(problems) }
    }

    /// The schema as an older PVE had it. Before 8.4, `download-url` knew no `content=import`.
    public func asOf(version: String) -> PVESchema {
        guard LabVersion(version) < LabVersion("8.4") else { return self }
        var copy = endpoints
        let key = Self.normalize("/nodes/{node}/storage/{storage}/download-url")
        if var content = copy[key]?["POST"]?.properties["content"] {
            content.enumeration = content.enumeration?.filter { $0 != "import" }
            copy[key]?["POST"]?.properties["content"] = content
        }
        return PVESchema(endpoints: copy)
    }

    private init(endpoints: [String: [String: EndpointSchema]]) { self.endpoints = endpoints }
}

public struct PVESchemaError: Error, CustomStringConvertible {
    public let description: String
}

/// A PVE version (`9.1.1`, `8.3.0`), compared part by part.
struct LabVersion: Comparable {
    let parts: [Int]
    init(_ text: String) { parts = text.split(separator: ".").map { Int($0.prefix { $0.isNumber }) ?? 0 } }
    static func < (a: LabVersion, b: LabVersion) -> Bool {
        for index in 0..<max(a.parts.count, b.parts.count) {
            let x = index < a.parts.count ? a.parts[index] : 0
            let y = index < b.parts.count ? b.parts[index] : 0
            if x != y { return x < y }
        }
        return false
    }
}
