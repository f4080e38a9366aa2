/// What the plan will do to one resource, in the conventions people know from Terraform.
/// Codable so saved plans can carry changes (with sensitive values masked first).
public struct ResourceChange: Hashable, Codable, Sendable {
    public enum Action: String, Hashable, Codable, Sendable {
        case noOp = "no-op"
        /// `+`
        case create
        /// `~`
        case update
        /// `-/+`: delete, then create the replacement.
        case replace
        /// `-`
        case delete
        /// `<=`: only read (refresh), no outside effect.
        case read
        /// The record holds an unfinished operation from a run that died: adopt what it left.
        case adopt
    }

    public var address: ResourceAddress
    public var action: Action
    /// Attribute by attribute, for `~` and `-/+` (and all attributes for `+` and `-`).
    public var attributeChanges: [AttributeChange]
    /// Why, when not obvious: "tainted by a failed create", "changed outside kiln", …
    public var reason: String?

    public init(address: ResourceAddress, action: Action, attributeChanges: [AttributeChange] = [], reason: String? = nil) {
        self.address = address
        self.action = action
        self.attributeChanges = attributeChanges
        self.reason = reason
    }

    /// Whether this change removes something that exists (the plan warns and `apply` asks for
    /// `--replace`/`--allow-destroy`).
    public var destroysExisting: Bool { action == .replace || action == .delete }
}

/// One attribute's old and new value. Sensitive values are never printed.
public struct AttributeChange: Hashable, Codable, Sendable {
    public var name: String
    public var old: AttributeValue?
    public var new: AttributeValue?
    public var forcesReplacement: Bool
    public var sensitive: Bool

    public init(name: String, old: AttributeValue?, new: AttributeValue?, forcesReplacement: Bool = false, sensitive: Bool = false) {
        self.name = name
        self.old = old
        self.new = new
        self.forcesReplacement = forcesReplacement
        self.sensitive = sensitive
    }
}
