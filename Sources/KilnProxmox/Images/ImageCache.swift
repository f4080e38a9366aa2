import Foundation
import KilnEngine
import KilnHTTP

/// Talos images kiln downloads itself (for a PVE that cannot download them through its API),
/// kept in `$XDG_CACHE_HOME/kiln/images` (else `~/.cache/kiln/images`) under the name the
/// image's content determines, so every node, plan and later run uses the one file.
///
/// A download goes to `NAME.partial` and is renamed when complete (KilnHTTP's `download`): a
/// file at the final name is whole. Two resources asking for the same image at once share one
/// download.
public actor ImageCache {
    public nonisolated let directory: String
    private var inFlight: [String: Task<String, any Error>] = [:]
    private var client: HTTPClient?

    public init(directory: String) { self.directory = directory }

    /// `$XDG_CACHE_HOME/kiln/images` when that is an absolute path (as the XDG spec requires),
    /// else `$HOME/.cache/kiln/images`.
    public static func defaultDirectory(_ environment: [String: String]) -> String {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/kiln/images" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.cache/kiln/images"
    }

    /// The local path of `filename`, downloaded from `url` first unless already cached.
    public func file(_ filename: String, from url: String,
                     progress: (@Sendable (TransferProgress) -> Void)? = nil) async throws -> String {
        let path = directory + "/" + filename
        if FileManager.default.fileExists(atPath: path) { return path }
        if let running = inFlight[filename] { return try await running.value }
        let task = Task { try await self.download(url, to: path, progress: progress) }
        inFlight[filename] = task
        defer { inFlight[filename] = nil }
        return try await task.value
    }

    private func download(_ urlText: String, to path: String,
                          progress: (@Sendable (TransferProgress) -> Void)?) async throws -> String {
        guard let url = URL(string: urlText), url.scheme == "https" || url.scheme == "http" else {
            throw ImageDownloadError(url: urlText, problem: "is not an http(s) URL")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ImageDownloadError(url: urlText, problem: "the cache directory \(directory) cannot be made: \(error.localizedDescription)")
        }
        // Images are hundreds of MB: no total limit beyond a day, only the stall guards of libcurl's connect.
        let response = try await httpClient().download(HTTPRequest(url: url, timeout: .seconds(86_400)),
                                                       to: URL(fileURLWithPath: path), progress: progress)
        guard (200..<300).contains(response.status) else {
            throw ImageDownloadError(url: urlText, problem: "the server answered \(response.status) \(response.reason)")
        }
        return path
    }

    private func httpClient() throws -> HTTPClient {
        if let client { return client }
        let made = try HTTPClient(configuration: HTTPClientConfiguration(connectTimeout: .seconds(30)))
        client = made
        return made
    }
}

/// An image kiln could not download into its cache.
public struct ImageDownloadError: Error, Sendable, CustomStringConvertible, HintedError {
    public let url: String
    public let problem: String

    public var description: String { "downloading \(url): \(problem)" }

    public var hint: String {
        "check that the plan's `proxmox.image` (schematic, platform, `factory`) and `talos.version` name an image the Image Factory serves, and that this machine can reach it; then run `kiln apply` again"
    }
}
