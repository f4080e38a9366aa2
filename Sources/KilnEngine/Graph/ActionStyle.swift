/// How a planned action looks in a drawn graph: the plan's symbol and a colour people read
/// at a glance (green adds, yellow changes, orange replaces, red destroys, grey leaves alone).
struct ActionStyle {
    let symbol: String
    let fill: String
    let stroke: String
    /// Mermaid class name.
    let className: String

    init(_ action: ResourceChange.Action) {
        switch action {
        case .create: (symbol, fill, stroke, className) = ("+", "#a5d6a7", "#2e7d32", "create")
        case .update: (symbol, fill, stroke, className) = ("~", "#fff59d", "#f9a825", "update")
        case .replace: (symbol, fill, stroke, className) = ("-/+", "#ffcc80", "#ef6c00", "replace")
        case .delete: (symbol, fill, stroke, className) = ("-", "#ef9a9a", "#c62828", "delete")
        case .noOp: (symbol, fill, stroke, className) = ("", "#e0e0e0", "#757575", "noop")
        case .read: (symbol, fill, stroke, className) = ("<=", "#bbdefb", "#1565c0", "read")
        case .adopt: (symbol, fill, stroke, className) = ("adopt", "#ce93d8", "#6a1b9a", "adopt")
        }
    }

    /// `+ proxmox_vm.cp-1`, or the bare address for no-op and unknown actions.
    static func label(_ address: ResourceAddress, _ action: ResourceChange.Action?) -> String {
        guard let action, case let symbol = ActionStyle(action).symbol, !symbol.isEmpty else { return address.description }
        return "\(symbol) \(address)"
    }

    /// Every action in a fixed order, for legends and class definitions.
    static let allActions: [ResourceChange.Action] = [.create, .update, .replace, .delete, .noOp, .read, .adopt]
}
