import ArgumentParser

/// `--lock-timeout`, for commands that change state and so take the lock.
struct LockOptions: ParsableArguments {
    @Option(name: .customLong("lock-timeout"),
            help: ArgumentHelp("How long to wait for the state lock, e.g. 30s or 2m; 0 fails at once.",
                               valueName: "duration"))
    var lockTimeoutText: String = "0"

    /// The parsed `--lock-timeout`; the parse error names the value and the accepted forms.
    func lockTimeout() throws -> Duration { try DurationParser.parse(lockTimeoutText) }

    func validate() throws {
        do { _ = try lockTimeout() } catch { throw ValidationError("--lock-timeout: \(error)") }
    }
}
