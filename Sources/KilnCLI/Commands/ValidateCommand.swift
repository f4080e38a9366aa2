import ArgumentParser

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "Check plan files.")
    @Argument var plans: [String]
    func run() async throws {}
}
