import ArgumentParser
import KilnLab

struct EnvCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env", abstract: "Print the PROXMOX_VE_* lines for a shell: eval \"$(kiln-lab env)\".")

    @OptionGroup var directory: DirectoryOptions

    func run() throws {
        let state = try LabDirectory(path: directory.resolved).readState()
        print(state.shellExports, terminator: "")
    }
}
