import Foundation
import KilnTestSupport

/// The real `openssl` command line, run in a private directory, as an independent checker of
/// what kiln writes. Commands given private keys use `-pubout`/`-noout` so failures never print them.
struct OpenSSLCLI {
    let executable: String
    let directory: TemporaryDirectory

    init() throws {
        executable = try ExternalTools.require("openssl")
        directory = try TemporaryDirectory(prefix: "kiln-crypto")
    }

    /// Writes `text` into the directory and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String { try directory.write(name, text) }

    func read(_ name: String) throws -> String { try String(contentsOfFile: directory.file(name), encoding: .utf8) }

    /// Runs `openssl args…` in the directory, throwing with its output when it fails; returns stdout.
    @discardableResult
    func run(_ arguments: String...) throws -> String { try run(arguments) }

    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        try ProcessRunner.check(executable, arguments, currentDirectory: directory.path).stdout
    }

    /// Runs a command expected to fail and returns its result.
    func attempt(_ arguments: String...) throws -> CommandResult {
        try ProcessRunner.run(executable, arguments, currentDirectory: directory.path)
    }
}
