import ArgumentParser

/// How `apply` and `destroy` run: confirmation, parallelism, output form.
struct RunOptions: ParsableArguments {
    @Flag(help: "Do not ask for confirmation.")
    var autoApprove = false

    @Option(help: "At most this many operations at once.")
    var parallelism: Int = 10

    @Flag(help: "Print one JSON object per event instead of progress lines (needs --auto-approve).")
    var json = false

    func validate() throws {
        guard parallelism >= 1 else { throw ValidationError("--parallelism must be at least 1, not \(parallelism)") }
        if json && !autoApprove { throw ValidationError("--json prints no prompt: add --auto-approve") }
    }
}
