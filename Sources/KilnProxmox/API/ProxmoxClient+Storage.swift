extension ProxmoxClient {
    /// `GET /nodes/{node}/storage/{storage}/content?content=…`: the volumes of one kind.
    public func storageContent(node: String, storage: String, content: String) async throws -> [ProxmoxVolume] {
        try await call(.get, Self.path("nodes", node, "storage", storage, "content"), ["content": .string(content)]) { data in
            try list(data, ProxmoxVolume.init)
        }
    }

    /// `POST /nodes/{node}/storage/{storage}/download-url`: PVE fetches `url` itself into
    /// `storage` as `filename` (content `import` needs PVE 8.4+). A task; never resent.
    public func downloadURL(node: String, storage: String, content: String, filename: String, url: String,
                            sha256: String? = nil) async throws -> UPID {
        var parameters: ProxmoxParameters = ["content": .string(content), "filename": .string(filename), "url": .string(url)]
        if let sha256 {
            parameters["checksum"] = .string(sha256)
            parameters["checksum-algorithm"] = "sha256"
        }
        return try await startTask(.post, Self.path("nodes", node, "storage", storage, "download-url"), parameters)
    }

    /// `DELETE /nodes/{node}/storage/{storage}/content/{volume}`. Returns the task when PVE runs
    /// it as one.
    public func deleteVolume(node: String, storage: String, volume: String) async throws -> UPID? {
        let data = try await call(.delete, Self.path("nodes", node, "storage", storage, "content", volume))
        return data.string.flatMap(UPID.init)
    }
}

/// One entry of a storage's content list.
public struct ProxmoxVolume: Sendable, Equatable {
    /// `local:import/talos.qcow2`.
    public var volid: String
    public var format: String?
    public var size: Int?

    init(_ v: ProxmoxValue) throws {
        volid = try v.required("volid", "a string", \.string)
        format = v["format"]?.string
        size = v["size"]?.int
    }
}
