import ArgumentParser
import KilnEngine

/// `--target`, `--replace` and `--refresh`, shared by `plan`, `apply` and `destroy`.
struct ChangeOptions: ParsableArguments {
    @Option(name: .customLong("target"), parsing: .singleValue,
            help: ArgumentHelp("Work only on this resource and what it depends on (repeatable).", valueName: "address"))
    var targetTexts: [String] = []

    @Option(name: .customLong("replace"), parsing: .singleValue,
            help: ArgumentHelp("Replace this resource even if nothing changed, and allow its replacement (repeatable).",
                               valueName: "address"))
    var replaceTexts: [String] = []

    @Option(name: .customLong("refresh"),
            help: ArgumentHelp("With false, plan from the recorded state without asking Proxmox what exists now (when it is unreachable).",
                               valueName: "true|false"))
    var refresh: Bool = true

    func targets() throws -> Set<ResourceAddress> { Set(try targetTexts.map(StateAccess.address)) }
    func replace() throws -> Set<ResourceAddress> { Set(try replaceTexts.map(StateAccess.address)) }

    func validate() throws {
        for text in targetTexts + replaceTexts where ResourceAddress(parsing: text) == nil {
            throw ValidationError(CLIError.notAnAddress(text).description)
        }
    }
}
