import Foundation
import KilnEngine

/// `kiln plan`'s text, in Terraform's conventions: drift first ("Objects changed outside kiln"),
/// then a legend of the symbols used, each change with its attributes, a warning block naming
/// everything that replaces or destroys an existing resource, and the summary line.
///
///       # proxmox_vm.cp-1 will be updated in-place
///       ~ proxmox_vm.cp-1
///           ~ cores = 2 -> 4
///
///     Plan: 0 to add, 1 to change, 0 to destroy.
///
/// Colours come from `style` (plain unless on a terminal without NO_COLOR).
public struct PlanTextRenderer: Sendable {
    public var style: TerminalStyle

    public init(style: TerminalStyle = .plain) { self.style = style }

    /// The engine's plan: its changes and drift, its warnings (only what destroys or replaces an
    /// object that exists; none in a destroy, which is confirmed as a whole) and its counts.
    public func render(_ plan: EnginePlan) -> String {
        render(changes: plan.changes, drift: plan.drift, warnings: plan.warnings, summary: plan.summary.description)
    }

    /// The whole plan. `drift` lists what changed outside kiln since the last apply, as changes
    /// from the recorded values (`old`) to the ones found (`new`); `.delete` means it is gone.
    /// Without `warnings` and `summary`, both are worked out from `changes`.
    public func render(changes: [ResourceChange], drift: [ResourceChange] = [], warnings: [PlanWarning]? = nil,
                       summary: String? = nil) -> String {
        let actionable = changes.filter { $0.action != .noOp }.sorted { $0.address < $1.address }
        let drifted = drift.filter { $0.action != .noOp }.sorted { $0.address < $1.address }
        var blocks: [String] = []

        if !drifted.isEmpty {
            var lines = [style.bold("Objects changed outside kiln"), "",
                         "kiln compared its state with what is really there and found these changes:", ""]
            lines += drifted.flatMap { resourceBlock($0, header: driftHeader($0)) + [""] }
            lines.append("The plan below takes them into account.")
            blocks.append(lines.joined(separator: "\n"))
        }

        let counts = PlanCounts(actionable)
        guard !actionable.isEmpty else {
            blocks.append(style.green(style.bold("No changes.")) + " The cluster matches the plan.")
            return blocks.joined(separator: "\n\n")
        }

        blocks.append(legend(for: actionable))
        var lines = ["kiln will perform the following actions:", ""]
        lines += actionable.flatMap { resourceBlock($0, header: header($0)) + [""] }
        lines.removeLast()
        blocks.append(lines.joined(separator: "\n"))

        if let warnings {
            if !warnings.isEmpty { blocks.append(warningBlock(warnings)) }
        } else {
            let destructive = actionable.filter(\.destroysExisting)
            if !destructive.isEmpty { blocks.append(warning(destructive)) }
        }
        blocks.append(style.bold(summary ?? counts.line))
        return blocks.joined(separator: "\n\n")
    }

    // MARK: Pieces

    /// The symbol column, three wide and right-aligned as in Terraform (`  +`, `-/+`, ` <=`).
    func symbol(_ action: ResourceChange.Action) -> String {
        switch action {
        case .create: style.green("  +")
        case .update: style.yellow("  ~")
        case .replace: style.red("-") + style.red("/") + style.green("+")
        case .delete: style.red("  -")
        case .read: style.cyan(" <=")
        case .adopt: style.magenta("  ↻")
        case .noOp: "   "
        }
    }

    func header(_ change: ResourceChange) -> String {
        let what = switch change.action {
        case .create: "will be created"
        case .update: "will be updated in-place"
        case .replace: "must be replaced"
        case .delete: "will be destroyed"
        case .read: "will be read"
        case .adopt: "will be adopted: an earlier run left it unfinished; kiln checks what is there and finishes it"
        case .noOp: "has no changes"
        }
        let reason = change.reason.map { " (\($0))" } ?? ""
        return style.bold("  # \(change.address) \(what)") + reason
    }

    func driftHeader(_ change: ResourceChange) -> String {
        let what = change.action == .delete ? "has been deleted outside kiln" : "has changed outside kiln"
        // The header already says what the refresh's own reasons say.
        let reason = change.reason.flatMap { $0.hasSuffix("outside kiln") ? nil : " (\($0))" } ?? ""
        return style.bold("  # \(change.address) \(what)") + reason
    }

    func resourceBlock(_ change: ResourceChange, header: String) -> [String] {
        var lines = [header, "\(symbol(change.action)) \(change.address)"]
        let shown = change.attributeChanges.filter { $0.old != $0.new || change.action == .create || change.action == .delete }
            .sorted { $0.name < $1.name }
        let width = shown.map(\.name.count).max() ?? 0
        for attribute in shown {
            lines.append("      " + attributeLine(attribute, in: change.action, width: width))
        }
        let hidden = change.attributeChanges.count - shown.count
        if hidden > 0 {
            lines.append(style.dim("        # (\(hidden) unchanged attribute\(hidden == 1 ? "" : "s") hidden)"))
        }
        return lines
    }

    func attributeLine(_ attribute: AttributeChange, in action: ResourceChange.Action, width: Int) -> String {
        let name = attribute.name.padding(toLength: width, withPad: " ", startingAt: 0)
        let old = PlanValueText.text(attribute.old, sensitive: attribute.sensitive)
        let new = PlanValueText.text(attribute.new, sensitive: attribute.sensitive)
        var line: String
        switch (action, attribute.old, attribute.new) {
        case (.create, _, _), (_, nil, _):
            line = "\(style.green("+")) \(name) = \(new)"
        case (.delete, _, _):
            line = "\(style.red("-")) \(name) = \(old)"
        case (_, _, nil):
            line = "\(style.red("-")) \(name) = \(old) -> null"
        default:
            // Two masked values would read "(sensitive value) -> (sensitive value)": say it once.
            line = attribute.sensitive ? "\(style.yellow("~")) \(name) = \(new)" : "\(style.yellow("~")) \(name) = \(old) -> \(new)"
        }
        if attribute.forcesReplacement { line += " " + style.red("# forces replacement") }
        return line
    }

    func legend(for changes: [ResourceChange]) -> String {
        let used = Set(changes.map(\.action))
        let entries: [(ResourceChange.Action, String)] = [
            (.create, "create"), (.update, "update in-place"), (.replace, "destroy and then create replacement"),
            (.delete, "destroy"), (.read, "read"), (.adopt, "adopt (finish what an interrupted run left)"),
        ]
        var lines = ["Resource actions are indicated with the following symbols:"]
        lines += entries.filter { used.contains($0.0) }.map { "\(symbol($0.0)) \($0.1)" }
        return lines.joined(separator: "\n")
    }

    func warningBlock(_ warnings: [PlanWarning]) -> String {
        var lines = [style.yellow(style.bold("Warning:")) + " this plan destroys or replaces existing resources:"]
        for warning in warnings {
            lines.append("\(symbol(warning.action)) \(warning.address): \(warning.cause); apply needs \(warning.flag)")
        }
        lines.append("What they hold (disks, etcd members, secrets) is lost.")
        return lines.joined(separator: "\n")
    }

    func warning(_ destructive: [ResourceChange]) -> String {
        var lines = [style.yellow(style.bold("Warning:")) + " this plan destroys or replaces existing resources:"]
        for change in destructive {
            var line = "\(symbol(change.action)) \(change.address)"
            let forcing = change.attributeChanges.filter(\.forcesReplacement).map(\.name).sorted()
            if change.action == .replace, !forcing.isEmpty {
                line += ": \(forcing.joined(separator: ", ")) cannot change in place"
            }
            lines.append(line)
        }
        lines.append("What they hold (disks, etcd members, secrets) is lost. `kiln apply` does this only with "
                     + "--replace (replacements) or --allow-destroy (destroys).")
        return lines.joined(separator: "\n")
    }
}
