import Foundation
import KilnCrypto
import KilnHTTP
import KilnTestSupport
import Synchronization
import Testing

@Suite("Large bodies and downloads")
struct LargeBodiesAndDownloadsTests {
    static let payload: Data = (try? Data(SecureRandom.bytes(24 << 20))) ?? Data()

    @Test func aLargeBodyArrivesIntact() async throws {
        let payload = Self.payload
        let server = try TestHTTPServer { _ in .init(body: payload) }
        let response = try await HTTPClient().send(HTTPRequest(url: server.baseURL))
        #expect(response.body.count == payload.count)
        #expect(Digest.sha256.hash(response.body) == Digest.sha256.hash(payload))
    }

    @Test func aBodyOverTheLimitFailsInsteadOfFillingMemory() async throws {
        let server = try TestHTTPServer { _ in .init(body: Data(count: 2 << 20)) }
        let client = try HTTPClient(configuration: .init(maxBodyBytes: 1 << 20))
        let error = await #expect(throws: HTTPError.self) { try await client.send(HTTPRequest(url: server.baseURL)) }
        #expect(error?.kind == .bodyTooLarge)
    }

    @Test func aDownloadStreamsToTheFileAndReportsProgress() async throws {
        let payload = Self.payload
        // Slow enough that progress is reported along the way, not only at the end.
        let server = try TestHTTPServer { _ in .init(body: payload, chunkSize: 1 << 20, chunkDelay: 0.03) }
        let directory = try TemporaryDirectory()
        let destination = URL(fileURLWithPath: directory.file("talos-nocloud.raw"))
        let reports = Mutex<[TransferProgress]>([])
        let response = try await HTTPClient().download(HTTPRequest(url: server.baseURL), to: destination) { progress in
            reports.withLock { $0.append(progress) }
        }
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        let written = try Data(contentsOf: destination)
        #expect(Digest.sha256.hash(written) == Digest.sha256.hash(payload))
        #expect(!FileManager.default.fileExists(atPath: destination.path + ".partial"))

        let seen = reports.withLock { $0 }
        #expect(seen.count >= 3)
        #expect(seen.map(\.receivedBytes) == seen.map(\.receivedBytes).sorted())
        #expect(seen.last == TransferProgress(receivedBytes: Int64(payload.count), expectedBytes: Int64(payload.count)))
    }

    @Test func aFailedDownloadLeavesNoFileAndKeepsTheErrorBody() async throws {
        let server = try TestHTTPServer { _ in .text("no such image", status: 404) }
        let directory = try TemporaryDirectory()
        let destination = URL(fileURLWithPath: directory.file("image.raw"))
        let response = try await HTTPClient().download(HTTPRequest(url: server.baseURL), to: destination)
        #expect(response.status == 404)
        #expect(String(decoding: response.body, as: UTF8.self) == "no such image")
        #expect(!FileManager.default.fileExists(atPath: destination.path))
        #expect(!FileManager.default.fileExists(atPath: destination.path + ".partial"))
    }

    @Test func anInterruptedDownloadLeavesNoPartialFile() async throws {
        let server = try TestHTTPServer { _ in .init(body: Data(count: 8 << 20), chunkSize: 1 << 20, chunkDelay: 0.5) }
        let directory = try TemporaryDirectory()
        let destination = URL(fileURLWithPath: directory.file("image.raw"))
        let client = try HTTPClient(configuration: .init(requestTimeout: .milliseconds(700)))
        let error = await #expect(throws: HTTPError.self) {
            try await client.download(HTTPRequest(url: server.baseURL), to: destination)
        }
        #expect(error?.kind == .requestTimeout)
        #expect(!FileManager.default.fileExists(atPath: destination.path))
        #expect(!FileManager.default.fileExists(atPath: destination.path + ".partial"))
    }
}
