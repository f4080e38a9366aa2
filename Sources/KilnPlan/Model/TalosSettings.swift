/// The Talos and Kubernetes side of the plan.
public struct TalosSettings: Sendable, Equatable {
    /// Talos version, normalised with a leading `v` (`v1.12.2`).
    public var version: SemanticVersion
    /// Kubernetes version, normalised with a leading `v` (`v1.35.0`).
    public var kubernetes: SemanticVersion
    public var installDisk: String
    /// Explicit installer image; nil means the engine derives it (from `schematic` or the default).
    public var installerImage: String?
    /// Image Factory schematic ID for the installer (64 lowercase hex characters).
    public var schematic: String?
    /// Absolute path of an existing `talosctl gen secrets` bundle to adopt.
    public var secretsFile: String?
    public var patches: RolePatches
}

/// Machine-config patches for every node, per role. Per-node patches live on `NodeSpec`.
public struct RolePatches: Sendable, Equatable {
    public var all: [ConfigPatch]
    public var controlPlane: [ConfigPatch]
    public var worker: [ConfigPatch]

    public init(all: [ConfigPatch] = [], controlPlane: [ConfigPatch] = [], worker: [ConfigPatch] = []) {
        self.all = all
        self.controlPlane = controlPlane
        self.worker = worker
    }
}

/// One machine-config patch, in the forms Talos users already write.
public enum ConfigPatch: Sendable, Equatable {
    /// A patch file (strategic merge YAML or RFC 6902 JSON patch), absolute path.
    case file(String)
    /// A strategic merge patch written inline, as YAML text (one mapping).
    case merge(String)
    /// RFC 6902 operations written inline.
    case jsonPatch([JSONPatchOperation])
}

public struct JSONPatchOperation: Sendable, Equatable {
    public var op: String
    public var path: String
    /// The `value` as YAML text (nil for `remove`); `from` for `move`/`copy`.
    public var value: String?
    public var from: String?
}
