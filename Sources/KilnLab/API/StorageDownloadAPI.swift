import Foundation

/// `POST /nodes/{node}/storage/{storage}/download-url` (PVE 8.4+ for `content=import`) and
/// `DELETE /nodes/{node}/storage/{storage}/content/{volume}`. The lab never fetches the URL: the
/// download task waits its scaled time and records the volume (`local:import/talos.raw`).
enum StorageDownloadAPI {
    /// PVE's `KNOWN_COMPRESSION_FORMATS`.
    static let compressions = ["gz", "lzo", "zst", "bz2"]

    static var routes: [PVERoute] {
        [
            PVERoute(.post, "/nodes/{node}/storage/{storage}/download-url", startsTask: true) { request, cluster in
                var check = ParameterCheck(request)
                // Before 8.4 the enum had no `import`.
                let contents = LabVersion(cluster.config.version) < LabVersion("8.4") ? ["iso", "vztmpl"] : ["iso", "vztmpl", "import"]
                let content = check.enumeration("content", contents, required: true)
                let filename = check.string("filename", required: true, maxLength: 255)
                let url = check.string("url", required: true)
                if let url, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
                    check.fail("url", "value does not match the regex pattern")
                }
                let checksum = check.string("checksum")
                let algorithm = check.enumeration("checksum-algorithm", ["md5", "sha1", "sha224", "sha256", "sha384", "sha512"])
                if checksum != nil && algorithm == nil { check.fail("checksum-algorithm", "missing property - 'checksum' requires this property") }
                if algorithm != nil && checksum == nil { check.fail("checksum", "missing property - 'checksum-algorithm' requires this property") }
                let compression = check.enumeration("compression", compressions)
                _ = check.boolean("verify-certificates")
                try check.finish()
                return try await cluster.downloadURL(
                    DownloadRequest(node: request.pathValue("node"), storage: request.pathValue("storage"), content: content!,
                                    filename: filename!, url: url!, compression: compression),
                    caller: try request.caller)
            },
            PVERoute(.delete, "/nodes/{node}/storage/{storage}/content/{volume}", startsTask: true) { request, cluster in
                var check = ParameterCheck(request)
                _ = check.integer("delay", minimum: 1, maximum: 30)
                try check.finish()
                return try await cluster.deleteVolume(node: request.pathValue("node"), storage: request.pathValue("storage"),
                                                      volume: request.pathValue("volume"), caller: try request.caller)
            },
        ]
    }
}

struct DownloadRequest: Sendable {
    var node: String
    var storage: String
    var content: String
    var filename: String
    var url: String
    var compression: String?
}

extension ProxmoxCluster {
    public var storedVolumes: [StoredVolume] { world.volumes.values.sorted { $0.volid < $1.volid } }

    func downloadURL(_ download: DownloadRequest, caller: Identity) throws -> PVEReply {
        _ = try requireNode(download.node)
        try caller.privileges.require("Datastore.AllocateTemplate", on: "/storage/\(download.storage)")
        if !["Sys.Audit", "Sys.Modify", "Sys.AccessNetwork"].contains(where: caller.privileges.contains) {
            throw PVEError.permission("/nodes/\(download.node)", "Sys.AccessNetwork")
        }
        let storage = try availableStorage(download.storage, on: download.node)
        guard storage.isFileBased else {
            throw PVEError.server("can't upload to storage type '\(storage.type)', not a file based storage!")
        }
        guard storage.content.contains(download.content) else {
            throw PVEError.server("storage '\(storage.name)' is not configured for content-type '\(download.content)'")
        }
        let extensions = switch download.content {
        case "import": #"\.(ova|qcow2|raw|vmdk)"#
        case "iso": #"\.(iso|img)"#
        default: #"\.tar\.(gz|xz|zst|bz2)"#
        }
        guard download.filename.range(of: "^[a-zA-Z0-9\\-.+=_]+\(extensions)$", options: .regularExpression) != nil else {
            throw PVEError.parameter("filename", download.content == "import" ? "invalid filename or wrong extension" : "wrong file extension")
        }
        let duration = scaled(config.timings.download)
        let image = config.labImages.map { images in images.first { $0.url == download.url } }
        let upid = startTask(node: download.node, type: "download", id: UPID.encodeID(download.filename), user: caller.description) { cluster, upid in
            try await cluster.runDownload(download, storage: storage, image: image, duration: duration, upid: upid)
        }
        return PVEReply(.string(upid.description))
    }

    /// `image` is nil without a `labImages` list, `.some(nil)` for a URL the list does not have.
    private func runDownload(_ download: DownloadRequest, storage: LabConfig.Storage, image: LabImage??,
                             duration: Duration, upid: UPID) async throws {
        let directory = download.content == "vztmpl" ? "template/cache" : download.content == "iso" ? "template/iso" : "import"
        let path = "\(storage.path)/\(directory)/\(download.filename)"
        let volid = "\(storage.name):\(download.content == "vztmpl" ? "vztmpl" : download.content)/\(download.filename)"
        // PVE decompresses ISO downloads only.
        if download.compression != nil, download.content != "iso" {
            throw TaskFailure("decompression not supported for \(download.content)")
        }
        log(upid, "downloading \(download.url) to \(path)")
        if case .some(.none) = image {
            log(upid, "HTTP request sent, awaiting response... 404 Not Found")
            throw TaskFailure("download failed: 404 Not Found")
        }
        if world.volumes[volid].map({ $0.isVisible(on: download.node) }) == true {
            throw TaskFailure("refusing to override existing file '\(path)'")
        }
        try await Task.sleep(for: duration)
        let size = (image??.sizeMiB ?? LabImage.defaultSizeMiB) << 20
        world.volumes[volid] = StoredVolume(volid: volid, content: download.content, node: storage.shared ? nil : download.node,
                                            format: StoredVolume.format(ofFile: download.filename), size: size, ctime: Date())
        persist()
        log(upid, "download of '\(download.url)' to '\(path)' finished")
    }

    func deleteVolume(node: String, storage name: String, volume: String, caller: Identity) throws -> PVEReply {
        _ = try requireNode(node)
        let storage = try availableStorage(name, on: node)
        let volid = volume.contains(":") ? volume : "\(storage.name):\(volume)"
        try caller.privileges.require("Datastore.Allocate", on: "/storage/\(storage.name)")
        guard let stored = world.volumes[volid], stored.isVisible(on: node) else {
            throw PVEError.server("volume '\(volid)' does not exist")
        }
        world.volumes[stored.volid] = nil
        persist()
        let upid = startTask(node: node, type: "imgdel", id: UPID.encodeID(volid), user: caller.description) { cluster, upid in
            await cluster.log(upid, "Removed volume '\(volid)'")
        }
        return PVEReply(.string(upid.description))
    }

    /// A storage that `node` has, or PVE's error.
    func availableStorage(_ name: String, on node: String) throws -> LabConfig.Storage {
        guard let storage = storage(name) else { throw PVEError.server("storage '\(name)' does not exist") }
        guard storage.isAvailable(on: node) else { throw PVEError.server("storage '\(name)' is not available on node '\(node)'") }
        return storage
    }
}

extension LabConfig.Storage {
    /// Where PVE keeps a file-based storage: `local` in `/var/lib/vz`, others under `/mnt/pve`.
    var path: String { name == "local" ? "/var/lib/vz" : "/mnt/pve/\(name)" }
}
