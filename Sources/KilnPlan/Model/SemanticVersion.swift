/// A release version `X.Y.Z[-pre]`, written with or without a leading `v`.
public struct SemanticVersion: Hashable, Comparable, Sendable {
    public let major: Int
    public let minor: Int
    public let patch: Int
    public let prerelease: String?

    public init(_ major: Int, _ minor: Int, _ patch: Int, prerelease: String? = nil) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
    }

    public enum ParseError: Error, Equatable, Sendable {
        case malformed
        /// `v1.12`: the patch number is missing.
        case missingPatch(major: Int, minor: Int)
    }

    public static func parse(_ text: String) -> Result<SemanticVersion, ParseError> {
        var body = Substring(text)
        if body.first == "v" { body = body.dropFirst() }
        var prerelease: String?
        if let dash = body.firstIndex(of: "-") {
            let suffix = body[body.index(after: dash)...]
            guard !suffix.isEmpty, suffix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") })
            else { return .failure(.malformed) }
            prerelease = String(suffix)
            body = body[..<dash]
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        let numbers = parts.map { part -> Int? in
            guard !part.isEmpty, part.count <= 6, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  !(part.count > 1 && part.first == "0") else { return nil }
            return Int(part)
        }
        guard numbers.allSatisfy({ $0 != nil }) else { return .failure(.malformed) }
        let values = numbers.compactMap { $0 }
        if values.count == 2, prerelease == nil { return .failure(.missingPatch(major: values[0], minor: values[1])) }
        guard values.count == 3 else { return .failure(.malformed) }
        return .success(SemanticVersion(values[0], values[1], values[2], prerelease: prerelease))
    }

    /// `1.12.2` (Cilium's and Helm's spelling).
    public var plain: String {
        "\(major).\(minor).\(patch)" + (prerelease.map { "-\($0)" } ?? "")
    }

    /// `v1.12.2` (Talos', Kubernetes' and Flux's spelling).
    public var tagged: String { "v" + plain }

    /// `v1.12`, the release line.
    public var minorLine: String { "v\(major).\(minor)" }

    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        if (lhs.major, lhs.minor, lhs.patch) != (rhs.major, rhs.minor, rhs.patch) {
            return (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
        }
        switch (lhs.prerelease, rhs.prerelease) {
        case (nil, nil), (nil, _?): return false
        case (_?, nil): return true
        case let (l?, r?): return l < r
        }
    }
}
