import Foundation
import KilnCLI
import KilnResources

// kiln-probe: the real `kiln` CLI over a file-backed test provider, for tests only (never
// shipped). KILN_PROBE_WORLD is the folder that plays the outside world; with
// KILN_PROBE_CRASH_AT=N the process kills itself with SIGKILL at the Nth checkpoint;
// KILN_PROBE_CREATE_MS makes every create take that long.
let environment = ProcessInfo.processInfo.environment
guard let world = environment["KILN_PROBE_WORLD"] else {
    FileHandle.standardError.write(Data("kiln-probe: set KILN_PROBE_WORLD to the folder that plays the outside world\n".utf8))
    exit(2)
}
let checkpoints = Checkpoints(crashAt: environment["KILN_PROBE_CRASH_AT"].flatMap { Int($0) })
var provider = FileBackedProvider(world: URL(fileURLWithPath: world), checkpoints: checkpoints)
if let milliseconds = environment["KILN_PROBE_CREATE_MS"].flatMap({ Int($0) }) {
    provider.createDuration = .milliseconds(milliseconds)
}
let catalog = ResourceCatalog(providers: [provider], resources: { ProbeResources.resources(for: $0) })
let status = await KilnMain.run(Array(CommandLine.arguments.dropFirst()), catalog: catalog)
FileHandle.standardError.write(Data("kiln-probe: \(checkpoints.passed) checkpoints passed\n".utf8))
exit(status)
