import ArgumentParser
import Foundation
import KilnLab
#if canImport(Glibc)
import Glibc
#endif

struct DownCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "down", abstract: "Stop the lab started with --detach.")

    @OptionGroup var directory: DirectoryOptions

    @Option(help: "Seconds to wait for a graceful stop before SIGKILL.")
    var timeout: Double = 10

    func run() throws {
        let lab = LabDirectory(path: directory.resolved)
        let state = try lab.readState()
        if kill(state.pid, 0) != 0 {
            print("kiln-lab: no process \(state.pid) (already stopped)")
        } else {
            kill(state.pid, SIGTERM)
            let deadline = Date().addingTimeInterval(timeout)
            while kill(state.pid, 0) == 0 && Date() < deadline { usleep(20_000) }
            if kill(state.pid, 0) == 0 {
                kill(state.pid, SIGKILL)
                print("kiln-lab: \(state.pid) did not stop within \(timeout)s: killed")
            } else {
                print("kiln-lab: stopped \(state.pid)")
            }
        }
        for file in [lab.state, lab.pid] { try? FileManager.default.removeItem(atPath: file) }
    }
}
