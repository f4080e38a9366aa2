import Foundation

/// The real `openssl` command line, run in a private directory, as an independent checker of
/// what kiln writes. Commands given private keys use `-pubout`/`-noout`/`-text_pub` so neither a
/// passing nor a failing test prints key material.
public struct OpenSSLCLI: Sendable {
    public let executable: String
    public let directory: TemporaryDirectory

    public init(prefix: String = "kiln-openssl") throws {
        executable = try ExternalTools.require("openssl")
        directory = try TemporaryDirectory(prefix: prefix)
    }

    /// Writes `text` into the directory and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String { try directory.write(name, text) }

    public func read(_ name: String) throws -> String { try String(contentsOfFile: directory.file(name), encoding: .utf8) }

    /// Runs `openssl args…` in the directory, throwing with its output when it fails; returns stdout.
    @discardableResult
    public func run(_ arguments: String...) throws -> String { try run(arguments) }

    @discardableResult
    public func run(_ arguments: [String]) throws -> String {
        try ProcessRunner.check(executable, arguments, currentDirectory: directory.path).stdout
    }

    /// Runs a command expected to fail and returns its result.
    public func attempt(_ arguments: String...) throws -> CommandResult {
        try ProcessRunner.run(executable, arguments, currentDirectory: directory.path)
    }
}
