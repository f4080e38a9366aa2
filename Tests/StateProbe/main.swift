// kiln-state-probe: a second process for the state lock tests. It takes a cluster's lock with
// the real `StateLock`, prints `locked <id>`, holds it for the given seconds (or until killed),
// then releases it and prints `released`.
//
//   kiln-state-probe hold-lock STATE_DIR CLUSTER OPERATION SECONDS|forever
import Foundation
import KilnEngine

let arguments = CommandLine.arguments
guard arguments.count == 6, arguments[1] == "hold-lock" else {
    FileHandle.standardError.write(Data("usage: kiln-state-probe hold-lock STATE_DIR CLUSTER OPERATION SECONDS|forever\n".utf8))
    exit(2)
}
do {
    let paths = try StatePaths(directory: arguments[2], cluster: arguments[3])
    let lock = try await StateLock.acquire(paths, operation: arguments[4])
    // FileHandle writes go straight to the fd: no stdio buffer to flush before the test reads them.
    FileHandle.standardOutput.write(Data("locked \(lock.info.id.uuidString)\n".utf8))
    if let seconds = Double(arguments[5]) {
        try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
    } else {
        while true { try await Task.sleep(for: .seconds(3600)) }
    }
    lock.release()
    FileHandle.standardOutput.write(Data("released\n".utf8))
} catch {
    FileHandle.standardError.write(Data("kiln-state-probe: \(error)\n".utf8))
    exit(1)
}
