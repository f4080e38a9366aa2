import Foundation

/// A file on a storage that is not a VM disk: an image `download-url` fetched
/// (`local:import/talos.raw`), listed by `…/storage/{storage}/content`.
public struct StoredVolume: Sendable, Codable, Equatable {
    /// `local:import/talos-1.11.raw`.
    public var volid: String
    /// `import`, `iso`, `vztmpl`.
    public var content: String
    /// The node that holds it (a local storage is one directory per node); nil on shared storage.
    public var node: String?
    /// `raw`, `qcow2`, `vmdk`, `iso`…
    public var format: String
    public var size: Int
    public var ctime: Date

    public var storage: String { String(volid.prefix { $0 != ":" }) }

    /// Whether `node` sees it.
    public func isVisible(on node: String) -> Bool { self.node == nil || self.node == node }

    var json: JSON {
        ["volid": .string(volid), "content": .string(content), "format": .string(format), "size": .int(size),
         "ctime": .int(Int(ctime.timeIntervalSince1970))]
    }

    /// The format PVE reads from a file name: `raw` for `x.raw`, `tzst` templates aside.
    static func format(ofFile name: String) -> String {
        let ext = (name as NSString).pathExtension.lowercased()
        return ext.isEmpty ? "raw" : ext
    }
}
