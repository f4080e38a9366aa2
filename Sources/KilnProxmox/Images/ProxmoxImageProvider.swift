import Foundation
import KilnEngine

/// `proxmox_image` resources: the Talos image a node's VMs are made from. PVE 8.4+ downloads it
/// itself into a storage's `import` content (`download-url`); the file is found by name, so an
/// image already there (from an earlier run or another plan) is taken as it is. An older PVE
/// gets it over SSH instead (`ProxmoxImageProvider+Upload.swift`): kiln downloads it into its
/// cache and uploads it to the node; such records carry the file's `path` instead of a `volid`.
public struct ProxmoxImageProvider: ResourceProvider {
    public let client: ProxmoxClient
    let ssh: ProxmoxNodeSSH
    let cache: ImageCache
    /// Where uploaded images go on a node (PVE < 8.4 only).
    let nodeDirectory: String
    typealias Key = ProxmoxImageResources.Key

    public init(client: ProxmoxClient, ssh: ProxmoxNodeSSH = .notConfigured,
                cache: ImageCache = ImageCache(directory: ImageCache.defaultDirectory(ProcessInfo.processInfo.environment)),
                nodeDirectory: String = ProxmoxVMProviderOptions().nodeImageDirectory) {
        self.client = client
        self.ssh = ssh
        self.cache = cache
        self.nodeDirectory = nodeDirectory
    }

    public var resourceTypes: Set<String> { [ProxmoxImageResources.type] }

    /// One content listing per (node, storage); for uploaded images one SSH session per node.
    public func refresh(_ records: [ResourceRecord]) async throws -> [ResourceAddress: RefreshOutcome] {
        let settled = records.filter { $0.pending == nil }
        var outcomes = try await refreshUploads(settled.filter(\.isUploadedImage))
        var listings: [String: Set<String>] = [:]
        for record in settled where !record.isUploadedImage {
            guard let target = Target(record.attributes) else { continue }
            let key = "\(target.node)/\(target.storage)"
            if listings[key] == nil { listings[key] = try await volumes(on: target) }
            outcomes[record.address] = listings[key]!.contains(target.volume) ? .present(record) : .absent
        }
        return outcomes
    }

    public func create(_ resource: Resource, context: OperationContext) async throws -> ResourceRecord {
        guard let target = Target(resource.attributes) else {
            throw ProxmoxVMError.malformedAttributes(resource.address, key: Key.filename)
        }
        // Before 8.4 PVE has no `import` content to download into: kiln uploads the image over SSH.
        guard Self.canDownloadImages(try await client.version()) else {
            return try await createByUpload(resource, target, context: context)
        }
        if try await volumes(on: target).contains(target.volume) { return record(resource, target) }
        try await context.recordIntent(PendingIntent(operation: .create, outsideIDs: target.outsideIDs, step: "downloading"))
        let upid = try await client.downloadURL(node: target.node, storage: target.storage, content: "import",
                                                filename: target.filename, url: target.url)
        var ids = target.outsideIDs
        ids["upid"] = upid.rawValue
        try await context.recordIntent(PendingIntent(operation: .create, outsideIDs: ids, step: "downloading"))
        _ = try await client.waitForTask(upid, progress: ProxmoxVMProvider.reporter(context, "download of \(target.filename) to \(target.node)"))
        return record(resource, target)
    }

    /// Another version, mirror or place: download the new file, then remove the old one (the VMs
    /// made from it have their own copies).
    public func update(_ resource: Resource, current: ResourceRecord, context: OperationContext) async throws -> ResourceRecord {
        let record = try await create(resource, context: context)
        if let old = Target(current.attributes), let new = Target(resource.attributes),
           old.volume != new.volume || old.node != new.node {
            try await delete(current, context: context)
        }
        return record
    }

    public func delete(_ record: ResourceRecord, context: OperationContext) async throws {
        if record.isUploadedImage { return try await deleteUpload(record, context: context) }
        guard let target = Target(record.attributes) else { return }
        try await context.recordIntent(PendingIntent(operation: .delete, outsideIDs: target.outsideIDs))
        guard try await volumes(on: target).contains(target.volume) else { return }
        do {
            if let upid = try await client.deleteVolume(node: target.node, storage: target.storage, volume: target.volume) {
                _ = try await client.waitForTask(upid)
            }
        } catch let error as ProxmoxError where error.kind == .notFound {
            return
        }
    }

    /// A download the dead run started is waited on; a file already there is taken.
    public func adopt(_ record: ResourceRecord, desired: Resource?, context: OperationContext) async throws -> AdoptionOutcome {
        guard record.pending?.operation == .create, let desired, let target = Target(desired.attributes) else { return .nothingFound }
        if record.isUploadedImage { return try await adoptUpload(record, desired: desired, target) }
        if let text = record.pending?.outsideIDs["upid"], let upid = UPID(text) {
            do { _ = try await client.waitForTask(upid) } catch let error as ProxmoxError {
                guard case .task = error.kind else { throw error }
            }
        }
        return try await volumes(on: target).contains(target.volume) ? .adopted(self.record(desired, target)) : .nothingFound
    }

    /// `download-url` with `content=import` arrived in PVE 8.4.
    static func canDownloadImages(_ version: ProxmoxVersion) -> Bool {
        guard let (major, minor) = version.majorMinor else { return false }
        return (major, minor) >= (8, 4)
    }

    private func volumes(on target: Target) async throws -> Set<String> {
        Set(try await client.storageContent(node: target.node, storage: target.storage, content: "import").map(\.volid))
    }

    private func record(_ resource: Resource, _ target: Target) -> ResourceRecord {
        ResourceRecord(address: resource.address, attributes: resource.attributes, outsideIDs: target.outsideIDs,
                       outputs: ["volid": .string(target.volume), "node": .string(target.node)])
    }

    /// Where an image goes, from its attributes.
    struct Target {
        var node, storage, url, filename: String
        var volume: String { "\(storage):import/\(filename)" }
        var outsideIDs: [String: String] { ["node": node, "volid": volume] }

        init?(_ a: Attributes) {
            guard case .string(let node)? = a[Key.node], case .string(let storage)? = a[Key.storage],
                  case .string(let url)? = a[Key.url], case .string(let filename)? = a[Key.filename] else { return nil }
            (self.node, self.storage, self.url, self.filename) = (node, storage, url, filename)
        }
    }
}
