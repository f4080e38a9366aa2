import Foundation
import Yams

extension PlanDecoder {
    static let talosFields = ["version", "kubernetes", "installDisk", "installerImage", "schematic", "secretsFile", "patches"]

    func decodeTalos(_ root: MappingReader) -> TalosSettings {
        var settings = TalosSettings(version: SemanticVersion(0, 0, 0), kubernetes: SemanticVersion(0, 0, 0),
                                     installDisk: "/dev/sda", installerImage: nil, schematic: nil, secretsFile: nil,
                                     patches: RolePatches())
        guard let reader = section(root, "talos", allowed: PlanDecoder.talosFields, example: "{version: v1.12.2, kubernetes: v1.35.0}") else {
            return settings
        }
        if let version = reader.version("version", required: true, example: "v1.12.2", tagged: true) {
            settings.version = version
        } else { context.markBroken("talos.version") }
        if let kubernetes = reader.version("kubernetes", required: true, example: "v1.35.0", tagged: true) {
            settings.kubernetes = kubernetes
        } else { context.markBroken("talos.kubernetes") }

        if let disk = reader.string("installDisk") {
            if disk.hasPrefix("/dev/") && !disk.contains(" ") {
                settings.installDisk = disk
            } else {
                reader.fail("installDisk", "`talos.installDisk` must be a device path like `/dev/sda`, not `\(disk)`",
                            fix: "use `/dev/sda` for SCSI disks (Proxmox default) or `/dev/vda` for VirtIO block")
            }
        }
        if reader.has("installerImage") && reader.has("schematic") {
            context.error(reader.keyLocation("schematic"), "`talos.installerImage` and `talos.schematic` are both set",
                          fix: "keep `schematic` to use factory.talos.dev/nocloud-installer/<schematic>, or `installerImage` for an image of your own")
        }
        if let image = reader.string("installerImage") {
            if PlanDecoder.isImageReference(image) {
                settings.installerImage = image
            } else {
                reader.fail("installerImage", "`talos.installerImage` is not an image reference: `\(image)`",
                            fix: "write it like `ghcr.io/siderolabs/installer:v1.12.2`")
            }
        }
        if let schematic = reader.string("schematic") {
            if PlanDecoder.isSchematicID(schematic) {
                settings.schematic = schematic.lowercased()
            } else {
                reader.fail("schematic", "`talos.schematic` must be an Image Factory schematic ID (64 hex characters)",
                            fix: "copy the ID that factory.talos.dev shows for your schematic")
            }
        }
        if let secrets = reader.string("secretsFile"),
           requireFile(secrets, at: reader.valueLocation("secretsFile"), field: "talos.secretsFile", what: "secrets bundle") {
            settings.secretsFile = resolve(secrets)
        }
        if let patches = reader.mapping("patches", allowed: ["all", "controlplane", "worker"]) {
            settings.patches = RolePatches(all: decodePatchList(patches, "all"),
                                           controlPlane: decodePatchList(patches, "controlplane"),
                                           worker: decodePatchList(patches, "worker"))
        }
        return settings
    }

    /// `registry/path[:tag][@sha256:…]` with a tag or digest.
    static func isImageReference(_ text: String) -> Bool {
        guard !text.isEmpty, !text.contains(where: { $0.isWhitespace }), text.contains("/") else { return false }
        let lastComponent = text.split(separator: "/").last ?? ""
        return lastComponent.contains(":") || text.contains("@sha256:")
    }

    // MARK: - Patches

    static let jsonPatchOps = ["add", "remove", "replace", "move", "copy", "test"]

    /// A list of patches: each item a file path, `{file: path}`, `{merge: {…}}` or `{jsonPatch: [ops]}`.
    func decodePatchList(_ reader: MappingReader, _ key: String) -> [ConfigPatch] {
        guard let items = reader.sequence(key) else { return [] }
        var patches: [ConfigPatch] = []
        for (item, path) in items {
            if let patch = decodePatch(item, path: path) { patches.append(patch) }
        }
        return patches
    }

    func decodePatch(_ node: Node, path: String) -> ConfigPatch? {
        switch node {
        case .scalar(let scalar) where !node.isNull:
            return filePatch(scalar.string, at: context.location(node.mark), field: path)
        case .mapping:
            guard let entry = MappingReader(node, path: path, context: context, ownerLocation: context.location(node.mark),
                                            allowed: ["file", "merge", "jsonPatch"]) else { return nil }
            let forms = ["file", "merge", "jsonPatch"].filter { entry.has($0) }
            guard forms.count == 1, let form = forms.first else {
                context.error(context.location(node.mark),
                              forms.isEmpty ? "patch `\(path)` is empty" : "patch `\(path)` sets \(forms.map { "`\($0)`" }.joined(separator: " and ")); give exactly one",
                              fix: "write `{file: patches/x.yaml}`, `{merge: {machine: …}}` or `{jsonPatch: [{op: add, path: /…, value: …}]}`")
                return nil
            }
            switch form {
            case "file":
                guard let file = entry.string("file") else { return nil }
                return filePatch(file, at: entry.valueLocation("file"), field: "\(path).file")
            case "merge":
                guard let value = entry.node("merge") else { return nil }
                guard case .mapping = value else {
                    entry.typeError("merge", value, expected: "a mapping (a fragment of the machine config)")
                    return nil
                }
                return .merge((try? Yams.serialize(node: value)) ?? "")
            default:
                return decodeJSONPatch(entry)
            }
        default:
            context.error(context.location(node.mark), "patch `\(path)` must be a file path or a mapping, not \(node.kindDescription)",
                          fix: "write `patches/x.yaml`, `{merge: {…}}` or `{jsonPatch: […]}`")
            return nil
        }
    }

    func filePatch(_ file: String, at location: SourceLocation, field: String) -> ConfigPatch? {
        guard requireFile(file, at: location, field: field, what: "patch file") else { return nil }
        checkPatchFileParses(file)
        return .file(resolve(file))
    }

    /// A patch file with a YAML syntax error is reported at its own line, in its own file.
    func checkPatchFileParses(_ file: String) {
        guard let text = try? String(contentsOfFile: resolve(file), encoding: .utf8) else {
            context.error(SourceLocation.wholeFile(displayPath(file)), "cannot read patch file `\(displayPath(file))`",
                          fix: "check its permissions")
            return
        }
        do {
            // The sequence stops at the first error and keeps it instead of throwing it.
            var documents = try Yams.compose_all(yaml: text)
            while documents.next() != nil {}
            if let error = documents.error { throw error }
        } catch let error as YamlError {
            context.diagnostics.append(YAMLLoader.syntaxDiagnostic(error, file: displayPath(file), lines: text.components(separatedBy: "\n")))
        } catch {
            context.error(SourceLocation.wholeFile(displayPath(file)), "cannot parse patch file: \(error)")
        }
    }

    func decodeJSONPatch(_ entry: MappingReader) -> ConfigPatch? {
        guard let items = entry.sequence("jsonPatch") else { return nil }
        var operations: [JSONPatchOperation] = []
        for (item, path) in items {
            guard let op = MappingReader(item, path: path, context: context, ownerLocation: context.location(item.mark),
                                         allowed: ["op", "path", "value", "from"]) else { continue }
            guard let name = op.choice("op", PlanDecoder.jsonPatchOps, required: true),
                  let pointer = op.string("path", required: true, example: "/machine/network") else { continue }
            guard pointer.hasPrefix("/") else {
                op.fail("path", "`\(path).path` must be a JSON pointer starting with `/`", fix: "write it like `/machine/install/disk`")
                continue
            }
            let valueNode = op.node("value")
            if ["add", "replace", "test"].contains(name), valueNode == nil {
                context.error(op.ownerLocation, "JSON patch `\(name)` at `\(path)` needs a `value`", fix: "add `value: …`")
                continue
            }
            let from = op.string("from")
            if ["move", "copy"].contains(name), from == nil {
                context.error(op.ownerLocation, "JSON patch `\(name)` at `\(path)` needs `from`", fix: "add `from: /source/path`")
                continue
            }
            let valueText = valueNode.flatMap { try? Yams.serialize(node: $0) }
            operations.append(JSONPatchOperation(op: name, path: pointer, value: valueText, from: from))
        }
        return .jsonPatch(operations)
    }
}
