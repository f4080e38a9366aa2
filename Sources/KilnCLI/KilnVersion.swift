/// kiln's own version, recorded in state files and printed by `kiln --version`.
public enum KilnVersion {
    public static let current = "0.1.0-dev"
}
