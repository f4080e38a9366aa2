import Foundation
import KilnCrypto

/// The 32-byte AES-256-GCM key that seals sensitive values in state files. It is held by the
/// user (an environment variable or a key file), never stored in state: state records only its
/// id, so a wrong-key error can say which key is needed. Printing a key prints its id only.
public struct StateKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// First 8 bytes of the key's SHA-256, in hex: identifies the key without revealing it.
    public let id: String
    /// Where the key came from, for messages.
    public let source: StateKeySource
    let bytes: [UInt8]

    public init(bytes: [UInt8], source: StateKeySource) throws {
        guard bytes.count == AES256GCM.keyByteCount else {
            throw StateKeyError.wrongLength(source: source, byteCount: bytes.count)
        }
        self.bytes = bytes
        self.source = source
        id = Self.id(of: bytes)
    }

    /// A fresh random key.
    public static func generate(source: StateKeySource = .provided) throws -> StateKey {
        try StateKey(bytes: AES256GCM.generateKey(), source: source)
    }

    static func id(of bytes: [UInt8]) -> String { Hex.encode(Digest.sha256.hash(bytes).prefix(8)) }

    /// The form key files and `KILN_STATE_KEY` hold.
    public var base64: String { Base64.encode(bytes) }

    public var description: String { "state key \(id) (from \(source))" }
    public var debugDescription: String { description }
    /// Debuggers and `dump` see the id and source, never the bytes.
    public var customMirror: Mirror { Mirror(self, children: ["id": id, "source": source]) }
}

public enum StateKeySource: Hashable, Sendable, CustomStringConvertible {
    case environment(variable: String)
    case file(path: String)
    /// Handed over by code (tests, embedding).
    case provided

    public var description: String {
        switch self {
        case .environment(let variable): "the \(variable) environment variable"
        case .file(let path): "the key file \(path)"
        case .provided: "the caller"
        }
    }
}

/// Why no usable state key was found. Never contains key material.
public enum StateKeyError: Error, Equatable, Sendable, CustomStringConvertible {
    case wrongLength(source: StateKeySource, byteCount: Int)
    case notBase64(source: StateKeySource)
    case empty(source: StateKeySource)
    case noKeyFileLocation
    /// A command that only reads state found no key where it looked (it never creates one).
    case missing(path: String)
    case io(path: String, operation: String, errno: Int32)

    public var description: String {
        switch self {
        case .wrongLength(let source, let count):
            "\(Self.name(source)) holds \(count) bytes, but a state key is 32 bytes (base64). \(Self.fix(source))"
        case .notBase64(let source):
            "\(Self.name(source)) is not base64. \(Self.fix(source))"
        case .empty(let source):
            "\(Self.name(source)) is empty. \(Self.fix(source))"
        case .noKeyFileLocation:
            "no place for the state key file: neither XDG_CONFIG_HOME nor HOME is set; "
                + "set \(StateKeyLoader.environmentVariable) or pass --state-key-file"
        case .missing(let path):
            "no state key at \(path): the state's sealed values need the key it was written with; "
                + "set \(StateKeyLoader.environmentVariable) or pass --state-key-file"
        case .io(let path, let operation, let code):
            "\(operation) the state key file \(path) failed: \(String(cString: strerror(code)))"
        }
    }

    private static func name(_ source: StateKeySource) -> String {
        switch source {
        case .environment(let variable): variable
        case .file(let path): "the state key file \(path)"
        case .provided: "the state key"
        }
    }

    private static func fix(_ source: StateKeySource) -> String {
        switch source {
        case .environment(let variable):
            "Set \(variable) to the base64 of 32 random bytes (e.g. `head -c 32 /dev/urandom | base64`), "
                + "the content of your state key file, or unset it to use the key file"
        case .file:
            "Restore the file from your backup, or point --state-key-file or \(StateKeyLoader.environmentVariable) at the right key"
        case .provided:
            "Pass 32 bytes"
        }
    }
}
