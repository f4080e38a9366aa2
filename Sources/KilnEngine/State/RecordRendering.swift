import Foundation

/// Text forms of records for people. Sensitive values never appear.
enum RecordRendering {
    static let mask = AttributeValue.sensitiveMask

    static func masked(_ record: ResourceRecord) -> ResourceRecord {
        var masked = record
        for name in record.sensitive {
            if masked.attributes[name] != nil { masked.attributes[name] = mask }
            if masked.outputs[name] != nil { masked.outputs[name] = mask }
        }
        return masked
    }

    static func text(_ record: ResourceRecord) -> String {
        let record = masked(record)
        var lines = ["# \(record.address) (\(record.status.rawValue))"]
        func section(_ title: String, _ values: [String: String]) {
            guard !values.isEmpty else { return }
            lines.append("\(title):")
            let width = values.keys.map(\.count).max() ?? 0
            lines += values.sorted { $0.key < $1.key }.map { "  \($0.key.padding(toLength: width, withPad: " ", startingAt: 0)) = \($0.value)" }
        }
        section("attributes", record.attributes.mapValues { shown($0) })
        section("outputs", record.outputs.mapValues { shown($0) })
        section("outside ids", record.outsideIDs)
        if !record.dependencies.isEmpty {
            lines.append("depends on: " + record.dependencies.sorted().map(\.description).joined(separator: ", "))
        }
        if let pending = record.pending { lines.append("unfinished: " + describe(pending)) }
        return lines.joined(separator: "\n")
    }

    /// The mask is a plain string value; print it without quotes so it reads as a placeholder.
    private static func shown(_ value: AttributeValue) -> String {
        value == mask ? AttributeValue.sensitiveMaskText : value.description
    }

    static func describe(_ intent: PendingIntent) -> String { intent.summary(stepLabel: "last step") }
}

extension PendingIntent {
    /// `create started 2026-…Z, <stepLabel> cloned, ids node=pve1 vmid=1011`, for people.
    public func summary(stepLabel: String) -> String {
        var text = "\(operation.rawValue) started \(ISO8601DateFormatter().string(from: started))"
        if let step { text += ", \(stepLabel) \(step)" }
        if !outsideIDs.isEmpty {
            text += ", ids " + outsideIDs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        return text
    }
}
