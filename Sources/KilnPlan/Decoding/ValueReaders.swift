import Foundation
import Yams

/// Typed fields on top of `MappingReader`: addresses, networks, sizes, versions, enums. Each
/// reports a form error at the value and marks the field broken, so later rules skip it.
extension MappingReader {
    func fail(_ key: String, _ message: String, fix: String? = nil) {
        context.error(valueLocation(key), message, fix: fix)
        context.markBroken(fieldPath(key))
    }

    func ipAddress(_ key: String, required: Bool = false, example: String? = nil) -> IPv4Address? {
        guard let text = string(key, required: required, example: example) else { return nil }
        guard let address = IPv4Address(text) else {
            let hint = text.contains("/") ? "write the address without a prefix length" : "write four numbers 0–255 separated by dots"
            fail(key, "`\(fieldPath(key))` is not an IPv4 address: `\(text)`", fix: hint + (example.map { ", e.g. `\($0)`" } ?? ""))
            return nil
        }
        return address
    }

    func network(_ key: String, required: Bool = false, example: String? = nil) -> IPv4Network? {
        guard let text = string(key, required: required, example: example) else { return nil }
        switch IPv4Network.parse(text) {
        case .success(let network): return network
        case .failure(.hostBitsSet(let network)):
            fail(key, "`\(fieldPath(key))` `\(text)` has host bits set", fix: "write the network address: `\(network)`")
        case .failure(.malformed):
            fail(key, "`\(fieldPath(key))` is not an IPv4 network in CIDR form: `\(text)`",
                 fix: "write address/prefix" + (example.map { ", e.g. `\($0)`" } ?? ""))
        }
        return nil
    }

    /// A memory or disk size; `suggestedUnit` is the unit the fix proposes for a bare number.
    func size(_ key: String, suggestedUnit: ByteSize.Unit) -> ByteSize? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let scalar) = node else {
            typeError(key, node, expected: "a size like `4GiB`")
            return nil
        }
        let other: ByteSize.Unit = suggestedUnit == .gib ? .gb : .gib
        switch SizeParser.parse(scalar.string) {
        case .success(let size): return size
        case .failure(.bareNumber(let number)):
            var fix = "write `\(number)\(suggestedUnit.rawValue)` or `\(number)\(other.rawValue)` (units: MiB GiB TiB, MB GB TB)"
            if suggestedUnit == .gib, let value = Int(number), value >= 128 {
                // Proxmox counts memory in MiB, so `4096` most likely meant 4096 MiB.
                fix = value % 1024 == 0
                    ? "write `\(value / 1024)GiB` (or `\(number)MiB`) (units: MiB GiB TiB, MB GB TB)"
                    : "write `\(number)MiB` (units: MiB GiB TiB, MB GB TB)"
            }
            fail(key, "`\(fieldPath(key))` `\(number)` has no unit, so its size is ambiguous", fix: fix)
        case .failure(.ambiguousUnit(let number, let unit)):
            fail(key, "`\(fieldPath(key))` `\(number)\(unit)` is ambiguous: binary or decimal unit?",
                 fix: "write `\(number)\(suggestedUnit.rawValue)` or `\(number)\(other.rawValue)` (units: MiB GiB TiB, MB GB TB)")
        case .failure(.unknownUnit(let number, let unit)):
            fail(key, "`\(fieldPath(key))` has an unknown unit `\(unit)`",
                 fix: "write `\(number)\(suggestedUnit.rawValue)` or `\(number)\(other.rawValue)` (units: MiB GiB TiB, MB GB TB)")
        case .failure(.malformed):
            fail(key, "`\(fieldPath(key))` is not a size: `\(scalar.string)`", fix: "write a number and a unit, e.g. `4\(suggestedUnit.rawValue)`")
        }
        return nil
    }

    /// A release version; `tagged` says whether the canonical spelling has a leading `v`.
    func version(_ key: String, required: Bool, example: String, tagged: Bool) -> SemanticVersion? {
        guard let text = string(key, required: required, example: example) else { return nil }
        switch SemanticVersion.parse(text) {
        case .success(let version): return version
        case .failure(.missingPatch(let major, let minor)):
            let full = SemanticVersion(major, minor, 0)
            fail(key, "`\(fieldPath(key))` `\(text)` names a release line, not a release",
                 fix: "give the full version, e.g. `\(tagged ? full.tagged : full.plain)`")
        case .failure(.malformed):
            fail(key, "`\(fieldPath(key))` is not a version: `\(text)`", fix: "write it like `\(example)`")
        }
        return nil
    }

    /// One of a fixed set of strings.
    func choice(_ key: String, _ options: [String], required: Bool = false) -> String? {
        guard let text = string(key, required: required, example: options.first) else { return nil }
        guard options.contains(text) else {
            let suggestion = FieldSuggestion.closest(to: text, in: options)
            fail(key, "`\(fieldPath(key))` must be one of \(options.map { "`\($0)`" }.joined(separator: ", ")), not `\(text)`",
                 fix: suggestion.map { "did you mean `\($0)`?" } ?? "use one of \(options.joined(separator: ", "))")
            return nil
        }
        return text
    }
}
