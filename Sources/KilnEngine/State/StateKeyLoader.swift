import Foundation
import KilnCrypto

/// A state key and what to tell the user about it.
public struct StateKeyResolution: Sendable {
    public let key: StateKey
    /// Set when kiln just created the key file, or when the key file is readable by others:
    /// for the CLI to print. Never contains the key.
    public let notice: String?
}

/// Finds the state key: `--state-key-file` when given, else `KILN_STATE_KEY`, else the default
/// key file (`$XDG_CONFIG_HOME/kiln/state.key` or `~/.config/kiln/state.key`), created on first
/// use with mode 0600 in a 0700 directory.
public enum StateKeyLoader {
    public static let environmentVariable = "KILN_STATE_KEY"

    public static func defaultKeyFile(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("kiln/state.key").path
        }
        if let home = environment["HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home).appendingPathComponent(".config/kiln/state.key").path
        }
        return nil
    }

    /// An explicit key file wins over the environment variable, which wins over the default file.
    /// `createIfMissing: false` for commands that only read state: they report a missing key
    /// instead of making a new one that could not open the state anyway.
    public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment,
                               keyFile: String? = nil, createIfMissing: Bool = true) throws -> StateKeyResolution {
        if keyFile == nil, let text = environment[environmentVariable] {
            return StateKeyResolution(key: try parse(text, source: .environment(variable: environmentVariable)), notice: nil)
        }
        guard let path = keyFile ?? defaultKeyFile(environment: environment) else { throw StateKeyError.noKeyFileLocation }
        if !createIfMissing {
            guard let existing = try readKeyFile(path) else { throw StateKeyError.missing(path: path) }
            return existing
        }
        return try loadOrCreate(path)
    }

    static func parse(_ text: String, source: StateKeySource) throws -> StateKey {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw StateKeyError.empty(source: source) }
        guard let bytes = try? Base64.decode(trimmed) else { throw StateKeyError.notBase64(source: source) }
        return try StateKey(bytes: bytes, source: source)
    }

    private static func loadOrCreate(_ path: String) throws -> StateKeyResolution {
        if let existing = try readKeyFile(path) { return existing }
        let key = try StateKey.generate(source: .file(path: path))
        guard try create(path, contents: key.base64 + "\n") else {
            // Another kiln created it first: use theirs.
            guard let theirs = try readKeyFile(path) else { throw StateKeyError.io(path: path, operation: "reading", errno: ENOENT) }
            return theirs
        }
        let notice = """
            kiln created a new state key in \(path) (key id \(key.id)). It seals the secrets kept in kiln state \
            (cluster CA keys, tokens): back it up somewhere safe, such as a password manager. Without it, \
            sealed state cannot be read. In CI, pass its content as \(environmentVariable).
            """
        return StateKeyResolution(key: key, notice: notice)
    }

    private static func readKeyFile(_ path: String) throws -> StateKeyResolution? {
        let bytes: [UInt8]?
        do { bytes = try DurableFile.read(path) } catch StateError.io(_, let operation, let code) {
            throw StateKeyError.io(path: path, operation: operation, errno: code)
        }
        guard let bytes else { return nil }
        let key = try parse(String(decoding: bytes, as: UTF8.self), source: .file(path: path))
        var info = stat()
        var notice: String?
        if stat(path, &info) == 0, info.st_mode & 0o077 != 0 {
            notice = "the state key file \(path) is readable by other users (mode \(String(info.st_mode & 0o777, radix: 8))); "
                + "run `chmod 600 \(path)`"
        }
        return StateKeyResolution(key: key, notice: notice)
    }

    /// Writes the key file in full under a temporary name, then links it into place, so the key
    /// file either does not exist or is complete. False when the file appeared meanwhile.
    private static func create(_ path: String, contents: String) throws -> Bool {
        let directory = (path as NSString).deletingLastPathComponent
        func failure(_ error: Error) -> Error {
            if case StateError.io(let failedPath, let operation, let code) = error {
                return StateKeyError.io(path: failedPath, operation: operation, errno: code)
            }
            return error
        }
        do {
            try DurableFile.ensureDirectory(directory)
            let temporary = path + ".tmp-" + DurableFile.randomSuffix()
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard fd >= 0 else { throw StateError.io(path: temporary, operation: "creating", errno: errno) }
            defer { unlink(temporary) }
            do {
                defer { close(fd) }
                guard fchmod(fd, 0o600) == 0 else { throw StateError.io(path: temporary, operation: "setting the mode of", errno: errno) }
                try DurableFile.writeAll(fd, Array(contents.utf8), path: temporary)
                guard fsync(fd) == 0 else { throw StateError.io(path: temporary, operation: "syncing", errno: errno) }
            }
            if link(temporary, path) != 0 {
                if errno == EEXIST { return false }
                throw StateError.io(path: path, operation: "creating", errno: errno)
            }
            try DurableFile.syncDirectory(containing: path)
            return true
        } catch {
            throw failure(error)
        }
    }
}
