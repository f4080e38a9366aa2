import Foundation

/// Parses sizes like `4GiB`, `30GB`, `512MiB`. A unit is mandatory: `4096` (bytes? MiB?) and `4G`
/// (GiB or GB?) mean different things to Proxmox, Kubernetes and humans, so both are refused.
enum SizeParser {
    enum Failure: Error, Equatable {
        case bareNumber(String)
        case ambiguousUnit(number: String, unit: String)
        case unknownUnit(number: String, unit: String)
        case malformed
    }

    static func parse(_ text: String) -> Result<ByteSize, Failure> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let numberPart = String(trimmed.prefix { $0.isASCII && ($0.isNumber || $0 == ".") })
        let unitPart = trimmed.dropFirst(numberPart.count).trimmingCharacters(in: .whitespaces)
        guard !numberPart.isEmpty, let amount = Double(numberPart), amount.isFinite else { return .failure(.malformed) }
        if unitPart.isEmpty { return .failure(.bareNumber(numberPart)) }
        if let unit = ByteSize.Unit.allCases.first(where: { $0.rawValue == unitPart }) {
            return .success(ByteSize(amount, unit))
        }
        let ambiguous = ["G", "M", "T", "g", "m", "t", "Gi", "Mi", "Ti", "gi", "mi", "ti", "Gb", "Mb", "Tb", "gb", "mb", "tb", "gib", "mib", "tib", "K", "k", "KiB", "KB"]
        if ambiguous.contains(unitPart) { return .failure(.ambiguousUnit(number: numberPart, unit: unitPart)) }
        return .failure(.unknownUnit(number: numberPart, unit: unitPart))
    }
}
