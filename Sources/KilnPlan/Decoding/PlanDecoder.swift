import Foundation
import Yams

/// Builds a `Plan` from the YAML node tree by hand (not Codable), so every problem carries the
/// location of the offending key or value. It always returns a plan: fields that failed to decode
/// hold placeholders and are marked broken in the context, which validation respects.
struct PlanDecoder {
    let context: DecodeContext

    static let topLevelFields = ["name", "proxmox", "talos", "network", "defaults", "nodes", "cilium", "gitops"]

    func decode(_ root: Node) -> Plan? {
        let rootLocation = SourceLocation(file: context.file, line: 1, column: 1)
        guard let reader = MappingReader(root, path: "", context: context, ownerLocation: rootLocation,
                                         allowed: PlanDecoder.topLevelFields) else { return nil }
        let name = reader.string("name", required: true, example: "gitlab") ?? ""
        let proxmox = decodeProxmox(reader)
        let talos = decodeTalos(reader)
        let network = decodeNetwork(reader)
        let defaults = decodeDefaults(reader)
        let nodes = decodeNodes(reader, defaults: defaults, defaultProxmoxNode: proxmox.node)
        let cilium = decodeCilium(reader)
        let gitops = decodeGitOps(reader, clusterName: name)
        return Plan(name: name, proxmox: proxmox, talos: talos, network: network, nodes: nodes,
                    cilium: cilium, gitops: gitops, file: context.file, baseDirectory: context.baseDirectory)
    }

    /// Opens a required section; a missing or malformed one leaves the section broken.
    func section(_ reader: MappingReader, _ key: String, allowed: [String], example: String,
                 handled: (String) -> Bool = { _ in false }) -> MappingReader? {
        let section = reader.mapping(key, allowed: allowed, required: true, example: example, handled: handled)
        if section == nil { context.markBroken(key) }
        return section
    }

    // MARK: - Paths

    /// Resolves a path written in the plan: `~/` is the home directory, relative paths are
    /// relative to the plan file's directory.
    func resolve(_ path: String) -> String {
        if path.hasPrefix("~/") {
            return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(String(path.dropFirst(2))).path
        }
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: context.baseDirectory).appendingPathComponent(path).standardizedFileURL.path
    }

    /// How to name a referenced file in messages: relative to where the user ran kiln, like the plan.
    func displayPath(_ path: String) -> String {
        if path.hasPrefix("/") || path.hasPrefix("~") { return path }
        let directory = (context.file as NSString).deletingLastPathComponent
        return directory.isEmpty ? path : "\(directory)/\(path)"
    }

    /// Checks that a file the plan refers to exists and is a regular file.
    func requireFile(_ path: String, at location: SourceLocation, field: String, what: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolve(path), isDirectory: &isDirectory) else {
            context.error(location, "\(what) `\(displayPath(path))` does not exist",
                          fix: "check `\(field)`; relative paths are relative to the plan file's directory")
            context.markBroken(field)
            return false
        }
        if isDirectory.boolValue {
            context.error(location, "\(what) `\(displayPath(path))` is a directory, not a file", fix: "point `\(field)` at a file")
            context.markBroken(field)
            return false
        }
        return true
    }
}
