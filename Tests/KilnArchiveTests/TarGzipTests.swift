import Foundation
import KilnArchive
import KilnTestSupport
import Testing

/// The archive code is checked against GNU tar and gzip: Talos's kubeconfig tarball is written
/// by Go's archive/tar, and the lab's must open with any tar.
@Suite struct TarGzipTests {
    @Test func whatGNUTarPacksIsReadBackFileByFile() throws {
        let dir = try TemporaryDirectory()
        try Data("apiVersion: v1\nkind: Config\n".utf8).write(to: dir.url.appendingPathComponent("kubeconfig"))
        try Data(repeating: 0x41, count: 1500).write(to: dir.url.appendingPathComponent("big"))
        let archive = dir.url.appendingPathComponent("a.tar.gz").path
        try ProcessRunner.check("/usr/bin/env", ["tar", "-czf", archive, "-C", dir.path, "--format=ustar", "kubeconfig", "big"])

        let entries = try Tar.entries(Gzip.decompress(Data(contentsOf: URL(fileURLWithPath: archive))))
        #expect(entries.map(\.name) == ["kubeconfig", "big"])
        #expect(entries[0].contents == Data("apiVersion: v1\nkind: Config\n".utf8))
        #expect(entries[1].contents == Data(repeating: 0x41, count: 1500))
    }

    @Test func paxLongNamesAreFollowed() throws {
        let dir = try TemporaryDirectory()
        let long = String(repeating: "n", count: 120)
        try Data("x".utf8).write(to: dir.url.appendingPathComponent(long))
        let archive = dir.url.appendingPathComponent("a.tar.gz").path
        try ProcessRunner.check("/usr/bin/env", ["tar", "-czf", archive, "-C", dir.path, "--format=pax", long])

        let entries = try Tar.entries(Gzip.decompress(Data(contentsOf: URL(fileURLWithPath: archive))))
        #expect(entries.map(\.name) == [long])
    }

    @Test func whatKilnPacksGNUTarUnpacks() throws {
        let dir = try TemporaryDirectory()
        let text = Data("clusters: []\n".utf8)
        let packed = try Gzip.compress(Tar.archive([Tar.Entry(name: "kubeconfig", contents: text, mode: 0o600)]))
        let archive = dir.url.appendingPathComponent("k.tar.gz")
        try packed.write(to: archive)

        let listing = try ProcessRunner.check("/usr/bin/env", ["tar", "-tvzf", archive.path])
        #expect(listing.stdout.hasPrefix("-rw-------"))
        try ProcessRunner.check("/usr/bin/env", ["tar", "-xzf", archive.path, "-C", dir.path])
        #expect(try Data(contentsOf: dir.url.appendingPathComponent("kubeconfig")) == text)
    }

    @Test func truncatedOrForeignBytesAreRefusedWithTheReason() throws {
        let packed = try Gzip.compress(Tar.archive([Tar.Entry(name: "kubeconfig", contents: Data("x".utf8))]))
        #expect(throws: ArchiveError("gzip data ends too early")) { try Gzip.decompress(packed.prefix(packed.count - 12)) }
        #expect(throws: ArchiveError("not gzip data (no gzip header)")) { try Gzip.decompress(Data("hello, this is not gzip".utf8)) }
        var tar = try Tar.archive([Tar.Entry(name: "kubeconfig", contents: Data("x".utf8))])
        tar[10] ^= 0xFF
        #expect(throws: ArchiveError("tar header at byte 0 has a wrong checksum")) { try Tar.entries(tar) }
    }

    @Test func inflationIsBounded() throws {
        let packed = try Gzip.compress(Data(count: 1 << 20))
        #expect(packed.count < 4096)
        #expect(throws: ArchiveError("gzip data inflates beyond 65536 bytes")) { try Gzip.decompress(packed, limit: 65536) }
    }
}
