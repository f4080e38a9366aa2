import Foundation
import KilnPlan
import Yams

/// A node's patches from the plan, in the order they apply: `talos.patches.all`, then the
/// node's role (`talos.patches.controlplane` / `.worker`), then the node's own `patches`.
public enum TalosPlanPatches {
    /// Reads the patch files and inline patches. `sourceMap` (from `PlanReport`) adds the plan
    /// position to inline patches' sources.
    public static func patches(for node: NodeSpec, in plan: Plan, sourceMap: SourceMap? = nil) throws(TalosPatchError) -> [TalosPatch] {
        let role = node.role == .controlPlane ? "controlplane" : "worker"
        let roleList = node.role == .controlPlane ? plan.talos.patches.controlPlane : plan.talos.patches.worker
        let nodeIndex = plan.nodes.firstIndex(of: node) ?? 0
        let levels: [(field: String, patches: [ConfigPatch])] = [
            ("talos.patches.all", plan.talos.patches.all),
            ("talos.patches.\(role)", roleList),
            ("nodes[\(nodeIndex)].patches", node.patches),
        ]
        var result: [TalosPatch] = []
        for level in levels {
            for (index, patch) in level.patches.enumerated() {
                let field = "\(level.field)[\(index)]"
                let inline = TalosPatchSource(file: plan.file, field: field, location: sourceMap?.location(of: field))
                result.append(try load(patch, inline: inline))
            }
        }
        return result
    }

    static func load(_ patch: ConfigPatch, inline: TalosPatchSource) throws(TalosPatchError) -> TalosPatch {
        switch patch {
        case .file(let path):
            let source = TalosPatchSource.file(path)
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw TalosPatchError(source: source, kind: .unreadable, reason: "the file cannot be read as UTF-8 text",
                                      hint: "check that it exists and is readable (it is read when configs are generated)")
            }
            return try TalosPatch.parse(text, source: source)
        case .merge(let text):
            return try TalosPatch.strategicMerge(yaml: text, source: inline)
        case .jsonPatch(let operations):
            var list: [TalosYAML] = []
            for operation in operations {
                var entries: [TalosYAML.Entry] = [.init("op", .string(operation.op)), .init("path", .string(operation.path))]
                if let from = operation.from { entries.append(.init("from", .string(from))) }
                if let text = operation.value { entries.append(.init("value", value(text))) }
                list.append(.map(entries))
            }
            return .json(try TalosJSONPatch(list: .list(list), source: inline))
        }
    }

    /// The plan keeps an operation's `value` as YAML text; the decoder already parsed it once.
    private static func value(_ text: String) -> TalosYAML {
        guard let parser = try? Parser(yaml: text), let node = try? parser.nextRoot() else { return .string(text) }
        return TalosYAMLNode.convert(node)
    }
}
