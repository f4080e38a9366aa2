import Foundation

/// POSIX tar (ustar), as Go's archive/tar writes it for Talos: enough to pack and unpack
/// regular files. PAX extended headers are read for long names; other entry kinds are skipped.
public enum Tar {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var contents: Data
        /// Permission bits, e.g. 0o600.
        public var mode: Int

        public init(name: String, contents: Data, mode: Int = 0o600) {
            self.name = name
            self.contents = contents
            self.mode = mode
        }
    }

    static let block = 512

    /// A ustar archive of regular files, ending with the two zero blocks tar requires.
    public static func archive(_ entries: [Entry], modified: Date = Date(timeIntervalSince1970: 0)) throws(ArchiveError) -> Data {
        var out = Data()
        for entry in entries {
            let name = Array(entry.name.utf8)
            guard !name.isEmpty, name.count <= 100 else { throw ArchiveError("tar entry name must be 1 to 100 bytes: \(entry.name)") }
            var header = [UInt8](repeating: 0, count: block)
            func put(_ bytes: [UInt8], at offset: Int) { header.replaceSubrange(offset..<offset + bytes.count, with: bytes) }
            func octal(_ value: Int, width: Int) -> [UInt8] {
                Array(String(String(value, radix: 8).suffix(width - 1)).leftPadded(to: width - 1).utf8) + [0]
            }
            put(name, at: 0)
            put(octal(entry.mode, width: 8), at: 100)
            put(octal(0, width: 8), at: 108)
            put(octal(0, width: 8), at: 116)
            put(octal(entry.contents.count, width: 12), at: 124)
            put(octal(Int(modified.timeIntervalSince1970), width: 12), at: 136)
            put(Array(repeating: 0x20, count: 8), at: 148)   // checksum counts as spaces while summed
            header[156] = UInt8(ascii: "0")
            put(Array("ustar\u{0}00".utf8), at: 257)
            let sum = header.reduce(0) { $0 + Int($1) }
            put(Array(String(String(sum, radix: 8)).leftPadded(to: 6).utf8) + [0, 0x20], at: 148)
            out.append(contentsOf: header)
            out.append(entry.contents)
            let padding = (block - entry.contents.count % block) % block
            out.append(Data(count: padding))
        }
        out.append(Data(count: block * 2))
        return out
    }

    /// The regular files in `data`, in archive order.
    public static func entries(_ data: Data) throws(ArchiveError) -> [Entry] {
        let bytes = [UInt8](data)
        var entries: [Entry] = []
        var offset = 0
        var longName: String?
        while offset + block <= bytes.count {
            let header = bytes[offset..<offset + block]
            if header.allSatisfy({ $0 == 0 }) { return entries }
            let stored = header.enumerated().reduce(0) { sum, item in
                sum + ((148..<156).contains(item.offset) ? 0x20 : Int(item.element))
            }
            guard let checksum = octalValue(bytes, offset + 148, 8), checksum == stored else {
                throw ArchiveError("tar header at byte \(offset) has a wrong checksum")
            }
            guard let size = octalValue(bytes, offset + 124, 12), size >= 0 else {
                throw ArchiveError("tar header at byte \(offset) has no valid size")
            }
            let start = offset + block
            guard start + size <= bytes.count else { throw ArchiveError("tar entry at byte \(offset) ends beyond the archive") }
            let body = Data(bytes[start..<start + size])
            let kind = bytes[offset + 156]
            switch kind {
            case UInt8(ascii: "0"), 0:
                var name = longName ?? string(bytes, offset, 100)
                let prefix = string(bytes, offset + 345, 155)
                if longName == nil, !prefix.isEmpty { name = prefix + "/" + name }
                entries.append(Entry(name: name, contents: body, mode: octalValue(bytes, offset + 100, 8) ?? 0o644))
                longName = nil
            case UInt8(ascii: "x"):
                longName = paxPath(body)
            default:
                longName = nil   // directories, links, global headers: nothing kiln reads
            }
            offset = start + (size + block - 1) / block * block
        }
        throw ArchiveError("tar archive ends without its end-of-archive blocks")
    }

    private static func string(_ bytes: [UInt8], _ offset: Int, _ width: Int) -> String {
        let field = bytes[offset..<offset + width]
        return String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }

    private static func octalValue(_ bytes: [UInt8], _ offset: Int, _ width: Int) -> Int? {
        let text = string(bytes, offset, width).trimmingCharacters(in: CharacterSet(charactersIn: " \0"))
        return text.isEmpty ? 0 : Int(text, radix: 8)
    }

    /// The `path` record of a PAX extended header ("<length> path=<name>\n" records).
    private static func paxPath(_ body: Data) -> String? {
        for record in String(decoding: body, as: UTF8.self).split(separator: "\n") {
            guard let space = record.firstIndex(of: " ") else { continue }
            let pair = record[record.index(after: space)...]
            if pair.hasPrefix("path=") { return String(pair.dropFirst(5)) }
        }
        return nil
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
