import ArgumentParser
import Foundation
import KilnEngine

/// `kiln status PLAN`: one screen on a cluster's state: where it is, its serial and lineage,
/// how many resources, unfinished operations and who holds the lock.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a cluster's state at a glance: resources, unfinished operations, the lock.",
        discussion: "Example:\n  kiln status plans/lab.yaml")

    @Argument(help: "The plan file (its `name` is the cluster).")
    var plan: String

    @Flag(help: "Print JSON instead of text (docs/cli.md).")
    var json = false

    @OptionGroup var state: StateOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = try logging.logger("kiln.state")
        let cluster = try PlanInput.load(plan).name
        let access = try StateAccess(cluster: cluster, options: state, logger: logger)
        let report: StatusReport
        if access.exists {
            let status = try await access.open(readOnly: true).status()
            report = StatusReport(cluster: cluster, path: access.paths.stateFile, status: status)
        } else {
            report = StatusReport(cluster: cluster, path: access.paths.stateFile, status: nil,
                                  lock: StateLock.holder(of: access.paths))
        }
        Console.current.out(json ? try JSONOutput.encode(report.json) : report.text)
    }
}

/// What `kiln status` shows, as text or JSON.
struct StatusReport {
    let cluster: String
    let path: String
    /// Nil when there is no state file yet.
    let status: StateStatus?
    let lock: LockHolder

    init(cluster: String, path: String, status: StateStatus?, lock: LockHolder? = nil) {
        self.cluster = cluster
        self.path = path
        self.status = status
        self.lock = lock ?? status?.lock ?? .free
    }

    var text: String {
        var rows: [(String, String)] = [("Cluster", cluster)]
        if let status {
            rows.append(("State", path))
            rows.append(("Serial", "\(status.serial) (lineage \(status.lineage.uuidString))"))
            rows.append(("Resources", String(status.resourceCount)))
            if status.pendingIntents.isEmpty {
                rows.append(("Pending", "no unfinished operations"))
            } else {
                let count = status.pendingIntents.count
                rows.append(("Pending", "\(count) unfinished operation\(count == 1 ? "" : "s"); the next apply adopts \(count == 1 ? "it" : "them"):"))
                for entry in status.pendingIntents {
                    rows.append(("", "\(entry.address): \(entry.intent.summary(stepLabel: "step"))"))
                }
            }
        } else {
            rows.append(("State", "none: no state yet for cluster \(cluster) at \(path)"))
        }
        rows.append(("Lock", lock.description))
        if case .held(let info?) = lock {
            rows.append(("", "wait for it to finish; if that run is gone for good: kiln force-unlock \(info.id.uuidString)"))
        }
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(separator: "\n")
    }

    struct JSON: Encodable {
        struct Pending: Encodable {
            let address: String
            let operation: String
            let step: String?
            let started: Date
            let outsideIDs: [String: String]
        }
        struct Lock: Encodable {
            /// free, held or stale.
            let state: String
            let holder: LockInfo?
        }
        let version = 1
        let cluster: String
        let state: String
        let exists: Bool
        let serial: Int?
        let lineage: String?
        let resources: Int?
        let pending: [Pending]
        let lock: Lock
    }

    var json: JSON {
        let lockJSON: JSON.Lock = switch lock {
        case .free: .init(state: "free", holder: nil)
        case .held(let info): .init(state: "held", holder: info)
        case .stale(let info): .init(state: "stale", holder: info)
        }
        return JSON(cluster: cluster, state: path, exists: status != nil, serial: status?.serial,
                    lineage: status?.lineage.uuidString, resources: status?.resourceCount,
                    pending: (status?.pendingIntents ?? []).map {
                        .init(address: $0.address.description, operation: $0.intent.operation.rawValue, step: $0.intent.step,
                              started: $0.intent.started, outsideIDs: $0.intent.outsideIDs)
                    },
                    lock: lockJSON)
    }
}
