/// The changes the planner makes up itself (the rest come from `ResourceProvider.diff`).
enum PlannedChanges {
    /// `+`: every desired attribute is new.
    static func create(_ resource: Resource, reason: String? = nil) -> ResourceChange {
        ResourceChange(address: resource.address, action: .create,
                       attributeChanges: RefreshStep.changes(from: [:], to: resource.attributes, sensitive: resource.sensitive),
                       reason: reason)
    }

    /// `-`: every recorded attribute goes.
    static func delete(_ record: ResourceRecord, reason: String?) -> ResourceChange {
        ResourceChange(address: record.address, action: .delete,
                       attributeChanges: RefreshStep.changes(from: record.attributes, to: [:], sensitive: record.sensitive),
                       reason: reason)
    }

    /// Adopting what a stopped run left: never a blind redo.
    static func adopt(_ record: ResourceRecord, intent: PendingIntent) -> ResourceChange {
        ResourceChange(address: record.address, action: .adopt, reason: "\(stopped(intent)); kiln will adopt what it left")
    }

    /// "a run stopped during create at cloned".
    static func stopped(_ intent: PendingIntent) -> String {
        "a run stopped during \(intent.operation.rawValue)" + (intent.step.map { " at \($0)" } ?? "")
    }

    /// The change sorted by attribute name, so output and saved plans are stable whatever
    /// order a provider's diff used.
    static func sorted(_ change: ResourceChange) -> ResourceChange {
        var change = change
        change.attributeChanges.sort { $0.name < $1.name }
        return change
    }
}
