import Foundation
import KilnCrypto

/// `kiln plan -out FILE`: what a plan would do, pinned to the state and plan file it was made
/// from, so `kiln apply FILE` applies exactly that or refuses. Sensitive values are masked:
/// the file never holds a secret. Applying re-plans with the saved options and checks the
/// result against the saved changes (`verify(matches:)`).
public struct SavedPlan: Codable, Hashable, Sendable {
    public static let currentFormatVersion = 1
    /// What replaces every sensitive value in the file.
    public static let mask = AttributeValue.sensitiveMask

    public struct PlanFile: Codable, Hashable, Sendable {
        public var path: String
        /// Lowercase hex SHA-256 of the plan file's bytes.
        public var sha256: String
    }

    public var formatVersion: Int
    public var kilnVersion: String
    public var created: Date
    public var planFile: PlanFile
    public var cluster: String
    public var stateLineage: UUID
    public var stateSerial: Int
    /// Mode, targets, replace and refresh, to plan again with the same ones at apply time.
    public var options: PlanOptions
    /// Masked.
    public var changes: [ResourceChange]
    /// Masked.
    public var drift: [ResourceChange]
    public var summary: PlanSummary

    public init(plan: EnginePlan, kilnVersion: String, planFilePath: String, planFileBytes: [UInt8], cluster: String,
                stateLineage: UUID, stateSerial: Int, created: Date = Date()) {
        formatVersion = Self.currentFormatVersion
        self.kilnVersion = kilnVersion
        // Stored to the second, as encoded, so a loaded plan equals the one written.
        self.created = Date(timeIntervalSince1970: created.timeIntervalSince1970.rounded(.down))
        planFile = PlanFile(path: planFilePath, sha256: Self.sha256(planFileBytes))
        self.cluster = cluster
        self.stateLineage = stateLineage
        self.stateSerial = stateSerial
        options = plan.options
        changes = plan.changes.map(Self.masked)
        drift = plan.drift.map(Self.masked)
        summary = plan.summary
    }

    /// Checks the saved plan still applies to this state and this plan file: same lineage
    /// ("made for another state"), same serial ("stale"), same plan file bytes.
    /// A plan made before the state was first written (serial 0) has no lineage to match: the
    /// state's lineage is fixed when it is first written, so only the serial is checked.
    public func verify(currentLineage: UUID, currentSerial: Int, planFileBytes: [UInt8]) throws(SavedPlanError) {
        if stateSerial != 0 {
            guard currentLineage == stateLineage else { throw .otherLineage(saved: stateLineage, current: currentLineage) }
        }
        guard currentSerial == stateSerial else { throw .stale(savedSerial: stateSerial, currentSerial: currentSerial) }
        let digest = Self.sha256(planFileBytes)
        guard digest == planFile.sha256 else {
            throw .planFileChanged(path: planFile.path, savedSHA256: planFile.sha256, currentSHA256: digest)
        }
    }

    /// Checks that `plan` (made now, with `options`) does what the saved plan said: the same
    /// changes, compared masked. Throws `.planDiffers` naming the addresses that differ.
    public func verify(matches plan: EnginePlan) throws(SavedPlanError) {
        let now = Dictionary(plan.changes.map { ($0.address, Self.masked($0)) }, uniquingKeysWith: { first, _ in first })
        let saved = Dictionary(changes.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        let differing = Set(now.keys).union(saved.keys).filter { now[$0] != saved[$0] }
        guard differing.isEmpty, plan.options == options else { throw .planDiffers(differing.sorted()) }
    }

    static func masked(_ change: ResourceChange) -> ResourceChange {
        var change = change
        for index in change.attributeChanges.indices where change.attributeChanges[index].sensitive {
            if change.attributeChanges[index].old != nil { change.attributeChanges[index].old = mask }
            if change.attributeChanges[index].new != nil { change.attributeChanges[index].new = mask }
        }
        return change
    }

    static func sha256(_ bytes: [UInt8]) -> String { Hex.encode(Digest.sha256.hash(bytes)) }
}
