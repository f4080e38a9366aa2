import Foundation
import KilnCrypto

/// Seals sensitive attribute and output values for the state file and opens them again.
/// A sealed value is `{"sealed": base64(nonce ‖ ciphertext ‖ tag)}`; the associated data binds
/// it to the state's lineage, the resource address, the section and the name, so a sealed value
/// copied to another resource, attribute or state does not open.
///
/// Boxes are remembered with the value they seal: an unchanged value keeps its box (GCM nonces
/// are random, so resealing would change the file on every write and spoil state diffs).
struct ValueSealer {
    enum Section: String, Sendable { case attributes, outputs }

    private struct Slot: Hashable {
        let address: ResourceAddress
        let section: Section
        let name: String
    }

    let key: StateKey
    let lineage: UUID
    private var boxes: [Slot: (value: AttributeValue, sealed: String)] = [:]

    init(key: StateKey, lineage: UUID) {
        self.key = key
        self.lineage = lineage
    }

    static func sealedForm(_ box: String) -> AttributeValue { .map(["sealed": .string(box)]) }

    static func box(in value: AttributeValue) -> String? {
        guard case .map(let fields) = value, fields.count == 1, case .string(let box)? = fields["sealed"] else { return nil }
        return box
    }

    /// `record` with its sensitive values sealed.
    mutating func seal(_ record: ResourceRecord) throws -> ResourceRecord {
        var sealed = record
        for name in record.sensitive {
            if let value = record.attributes[name] {
                sealed.attributes[name] = try seal(value, Slot(address: record.address, section: .attributes, name: name))
            }
            if let value = record.outputs[name] {
                sealed.outputs[name] = try seal(value, Slot(address: record.address, section: .outputs, name: name))
            }
        }
        return sealed
    }

    /// `record` (as read from disk) with its sensitive values opened.
    mutating func open(_ record: ResourceRecord, path: String) throws -> ResourceRecord {
        var opened = record
        for name in record.sensitive {
            if let value = record.attributes[name] {
                opened.attributes[name] = try open(value, Slot(address: record.address, section: .attributes, name: name), path: path)
            }
            if let value = record.outputs[name] {
                opened.outputs[name] = try open(value, Slot(address: record.address, section: .outputs, name: name), path: path)
            }
        }
        return opened
    }

    /// Drops remembered boxes of values no longer in `records`, so plaintext is not kept longer than needed.
    mutating func retainOnly(_ records: [ResourceAddress: ResourceRecord]) {
        boxes = boxes.filter { slot, _ in
            guard let record = records[slot.address], record.sensitive.contains(slot.name) else { return false }
            return (slot.section == .attributes ? record.attributes : record.outputs)[slot.name] != nil
        }
    }

    private mutating func seal(_ value: AttributeValue, _ slot: Slot) throws -> AttributeValue {
        if let remembered = boxes[slot], remembered.value == value { return Self.sealedForm(remembered.sealed) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let plaintext = Array(try encoder.encode(value))
        let box = Base64.encode(try AES256GCM.seal(plaintext, key: key.bytes, associatedData: associatedData(slot)))
        boxes[slot] = (value, box)
        return Self.sealedForm(box)
    }

    private mutating func open(_ value: AttributeValue, _ slot: Slot, path: String) throws -> AttributeValue {
        guard let box = Self.box(in: value) else {
            throw StateError.corrupt(path: path, detail: "the sensitive value `\(slot.name)` of \(slot.address) is not sealed",
                                     line: nil, column: nil)
        }
        let unreadable = StateError.unreadableSealedValue(path: path, address: slot.address, name: slot.name)
        guard let bytes = try? Base64.decode(box),
              let plaintext = try? AES256GCM.open(bytes, key: key.bytes, associatedData: associatedData(slot)),
              let opened = try? JSONDecoder().decode(AttributeValue.self, from: Data(plaintext))
        else { throw unreadable }
        boxes[slot] = (opened, box)
        return opened
    }

    private func associatedData(_ slot: Slot) -> [UInt8] {
        Array("kiln-state-v1\u{0}\(lineage.uuidString)\u{0}\(slot.address)\u{0}\(slot.section.rawValue)\u{0}\(slot.name)".utf8)
    }
}
