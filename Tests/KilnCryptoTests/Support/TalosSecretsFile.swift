import Foundation
import KilnCrypto

/// Just enough YAML to read a Talos `secrets.yaml`: nested maps of scalars, two-space indents.
/// Values are addressed by dotted path (`certs.os.key`).
struct TalosSecretsFile {
    private(set) var values: [String: String] = [:]

    init(text: String) {
        var stack: [(indent: Int, key: String)] = []
        for line in text.split(separator: "\n") {
            let content = line.drop(while: { $0 == " " })
            if content.isEmpty || content.hasPrefix("#") { continue }
            let indent = line.count - content.count
            while let last = stack.last, last.indent >= indent { stack.removeLast() }
            guard let colon = content.firstIndex(of: ":") else { continue }
            let key = String(content[..<colon])
            let value = content[content.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.isEmpty {
                stack.append((indent, key))
            } else {
                values[(stack.map(\.key) + [key]).joined(separator: ".")] = value
            }
        }
    }

    init(contentsOf url: URL) throws { self.init(text: try String(contentsOf: url, encoding: .utf8)) }

    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "secrets file has no \(path)" }
    }

    /// The PEM text stored base64-encoded at `path`.
    func pem(_ path: String) throws -> String {
        guard let value = values[path] else { throw Missing(path: path) }
        return String(decoding: try Base64.decode(value), as: UTF8.self)
    }
}
