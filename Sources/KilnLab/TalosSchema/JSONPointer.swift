/// Where in a document a violation sits, as an RFC 6901 JSON pointer (`/machine/install/disk`,
/// `/machine/nodeLabels/node.kubernetes.io~1role`); the document root is "".
struct JSONPointer: Sendable, Equatable, CustomStringConvertible {
    private(set) var tokens: [String] = []

    static let root = JSONPointer()

    func appending(_ key: String) -> JSONPointer {
        var copy = self
        copy.tokens.append(key)
        return copy
    }

    func appending(_ index: Int) -> JSONPointer { appending(String(index)) }

    var description: String {
        tokens.map { "/" + $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }.joined()
    }
}
