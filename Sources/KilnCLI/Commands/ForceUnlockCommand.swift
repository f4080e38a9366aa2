import ArgumentParser
import KilnEngine

/// `kiln force-unlock PLAN ID`: removes a lock left by a run that is gone.
struct ForceUnlockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "force-unlock",
        abstract: "Remove a cluster's state lock left behind by a run that is gone.",
        discussion: """
            ID is the lock ID that `kiln status` and lock errors show. Refused when the ID is not the
            current lock's, and while a live process still holds the lock.

            Example:
              kiln force-unlock plans/lab.yaml B58284B2-7020-427A-B63B-C621BD7C0607
            """)

    @Argument(help: "The plan file (its `name` is the cluster).")
    var plan: String

    @Argument(help: "The lock ID to remove.")
    var id: String

    @OptionGroup var state: StateOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = try logging.logger("kiln.lock")
        let cluster = try PlanInput.load(plan).name
        let paths = try state.paths(cluster: cluster)
        let removed = try StateLock.forceUnlock(paths, id: id)
        logger.debug("removed lock info", metadata: ["lockFile": "\(paths.lockFile)"])
        Console.current.out("Unlocked the state of cluster \(cluster): removed the lock \(removed).")
    }
}
