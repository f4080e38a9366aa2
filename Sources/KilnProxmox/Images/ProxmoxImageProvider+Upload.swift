import Foundation
import KilnEngine

/// The image on a PVE older than 8.4: kiln downloads it once into its cache, then uploads it by
/// SFTP to `nodeDirectory` on the node, where `qm disk import` reads it for each VM. Needs the
/// `PROXMOX_VE_SSH_*` settings, checked before anything happens.
extension ProxmoxImageProvider {
    func createByUpload(_ resource: Resource, _ target: Target, context: OperationContext) async throws -> ResourceRecord {
        _ = try ssh.checked()
        let path = remotePath(target)
        let ids = ["node": target.node, "path": path]
        try await context.recordIntent(PendingIntent(operation: .create, outsideIDs: ids, step: "downloading"))
        let local = try await cache.file(target.filename, from: target.url) { progress in
            context.report(waitingFor: "download of \(target.filename) into \(cache.directory)",
                           lastSeen: Self.megabytes(progress.receivedBytes, of: progress.expectedBytes))
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: local)[.size] as? NSNumber)?.uint64Value ?? 0
        try await context.recordIntent(PendingIntent(operation: .create, outsideIDs: ids, step: "uploading"))
        try await ImageUploadOverSSH(ssh: ssh).upload(local, size: size, to: path, node: target.node) { progress in
            context.report(waitingFor: "upload of \(target.filename) to \(target.node):\(path)",
                           lastSeen: Self.megabytes(Int64(progress.bytesSent), of: Int64(progress.totalBytes)))
        }
        return uploadRecord(resource.address, attributes: resource.attributes, node: target.node, path: path)
    }

    /// One session per node, a `stat` per file.
    func refreshUploads(_ records: [ResourceRecord]) async throws -> [ResourceAddress: RefreshOutcome] {
        var outcomes: [ResourceAddress: RefreshOutcome] = [:]
        let byNode = Dictionary(grouping: records.compactMap { record in
            record.outsideIDs["node"].flatMap { node in record.outsideIDs["path"].map { (record, node, $0) } }
        }, by: \.1)
        for (node, entries) in byNode {
            let present = try await ImageUploadOverSSH(ssh: ssh).existing(entries.map(\.2), node: node)
            for (record, _, path) in entries { outcomes[record.address] = present.contains(path) ? .present(record) : .absent }
        }
        return outcomes
    }

    func deleteUpload(_ record: ResourceRecord, context: OperationContext) async throws {
        let ids = record.pending?.outsideIDs ?? record.outsideIDs
        guard let node = ids["node"], let path = ids["path"] else { return }
        try await context.recordIntent(PendingIntent(operation: .delete, outsideIDs: ids))
        try await ImageUploadOverSSH(ssh: ssh).remove(path, node: node)
    }

    /// The upload renames a complete file into place: a file at the path is the whole image.
    func adoptUpload(_ record: ResourceRecord, desired: Resource, _ target: Target) async throws -> AdoptionOutcome {
        let path = remotePath(target)
        guard try await ImageUploadOverSSH(ssh: ssh).existing([path], node: target.node).contains(path) else { return .nothingFound }
        return .adopted(uploadRecord(desired.address, attributes: desired.attributes, node: target.node, path: path))
    }

    func remotePath(_ target: Target) -> String { nodeDirectory + "/" + target.filename }

    private func uploadRecord(_ address: ResourceAddress, attributes: Attributes, node: String, path: String) -> ResourceRecord {
        ResourceRecord(address: address, attributes: attributes, outsideIDs: ["node": node, "path": path],
                       outputs: ["path": .string(path), "node": .string(node)])
    }

    static func megabytes(_ bytes: Int64, of total: Int64?) -> String {
        let mib = { (value: Int64) in "\(value >> 20) MiB" }
        return total.map { "\(mib(bytes)) of \(mib($0))" } ?? mib(bytes)
    }
}

extension ResourceRecord {
    /// An image uploaded over SSH (PVE < 8.4): it has a file path on the node, not a volume.
    var isUploadedImage: Bool { (pending?.outsideIDs ?? outsideIDs)["path"] != nil }
}
