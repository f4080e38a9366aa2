/// One `-----BEGIN LABEL-----` … `-----END LABEL-----` block.
public struct PEMBlock: Equatable, Sendable {
    public var label: String
    /// RFC 1421 headers such as `Proc-Type: 4,ENCRYPTED` (legacy encrypted keys). Usually empty.
    public var headers: [String: String]
    public var der: [UInt8]

    public init(label: String, der: [UInt8], headers: [String: String] = [:]) {
        self.label = label
        self.der = der
        self.headers = headers
    }

    /// The text form: 64-column base64 and a trailing newline, as OpenSSL and Go's `pem.Encode`
    /// write it (so re-encoding what Talos wrote gives the same bytes).
    public var text: String {
        var out = "-----BEGIN \(label)-----\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { out += "\(name): \(value)\n" }
        if !headers.isEmpty { out += "\n" }
        let body = Array(Base64.encode(der))
        var index = 0
        while index < body.count {
            let end = Swift.min(index + 64, body.count)
            out += String(body[index..<end]) + "\n"
            index = end
        }
        out += "-----END \(label)-----\n"
        return out
    }
}

public enum PEM {
    /// Every block in `text`, in order. Text between blocks is ignored (OpenSSL and Go do the
    /// same, which lets bundles carry comments); an unterminated or mislabelled block is an error.
    public static func decode(_ text: String) throws -> [PEMBlock] {
        var blocks: [PEMBlock] = []
        var current: (label: String, lines: [Substring])? = nil
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = rawLine.trimmingWhitespace()
            if let label = line.pemBoundary(kind: "BEGIN") {
                if let current { throw CryptoError(.malformedInput, "decoding PEM", detail: "BEGIN \(label) inside BEGIN \(current.label)") }
                current = (label, [])
            } else if let label = line.pemBoundary(kind: "END") {
                guard let open = current else { throw CryptoError(.malformedInput, "decoding PEM", detail: "END \(label) without BEGIN") }
                guard open.label == label else {
                    throw CryptoError(.malformedInput, "decoding PEM", detail: "BEGIN \(open.label) closed by END \(label)")
                }
                blocks.append(try block(label: label, lines: open.lines))
                current = nil
            } else if current != nil {
                current?.lines.append(line)
            }
        }
        if let current { throw CryptoError(.malformedInput, "decoding PEM", detail: "BEGIN \(current.label) is never closed") }
        return blocks
    }

    /// The single block in `text`; more or fewer is an error naming what was expected.
    public static func decodeOne(_ text: String, expecting what: String) throws -> PEMBlock {
        let blocks = try decode(text)
        guard blocks.count == 1, let only = blocks.first else {
            throw CryptoError(.malformedInput, "decoding \(what) PEM", detail: "expected one PEM block, found \(blocks.count)")
        }
        return only
    }

    private static func block(label: String, lines: [Substring]) throws -> PEMBlock {
        // Headers (`Name: value`) come first and end at a blank line.
        var headers: [String: String] = [:]
        var bodyLines = lines[...]
        if let first = lines.first, first.contains(":") {
            while let line = bodyLines.first, !line.isEmpty {
                guard let colon = line.firstIndex(of: ":") else { break }
                headers[String(line[..<colon])] = String(line[line.index(after: colon)...].trimmingWhitespace())
                bodyLines = bodyLines.dropFirst()
            }
        }
        let body = bodyLines.joined()
        do {
            return PEMBlock(label: label, der: try Base64.decode(body), headers: headers)
        } catch {
            throw CryptoError(.malformedInput, "decoding PEM block \(label)", detail: "body is not valid base64")
        }
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        var s = self
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return s
    }

    /// `LABEL` when the line is `-----BEGIN LABEL-----` (for kind "BEGIN").
    fileprivate func pemBoundary(kind: String) -> String? {
        let prefix = "-----\(kind) ", suffix = "-----"
        guard hasPrefix(prefix), hasSuffix(suffix), count >= prefix.count + suffix.count else { return nil }
        return String(dropFirst(prefix.count).dropLast(suffix.count))
    }
}
