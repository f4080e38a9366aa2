import KilnEngine
import KilnPlan

/// `talos_secrets.cluster`: the cluster's identity (its CAs, tokens and keys), generated once or
/// imported from the plan's `talos.secretsFile`, and kept sealed in state. Nothing about it
/// changes in place: a new bundle is a new cluster, so any change is a replacement, which `apply`
/// refuses without `--replace`.
public enum TalosSecretsResources {
    public static let type = "talos_secrets"
    public static let address = ResourceAddress(type: type, name: "cluster")

    enum Key {
        static let origin = "origin", file = "file"
        /// The output holding the bundle as `secrets.yaml` text: sealed on disk, masked in output.
        static let bundle = "bundle"
    }

    public static func resources(for plan: Plan) -> [Resource] {
        var attributes: Attributes = [Key.origin: "generated"]
        if let file = plan.talos.secretsFile {
            attributes = [Key.origin: "imported", Key.file: .string(file)]
        }
        return [Resource(address: address, attributes: attributes, forcesReplacement: [Key.origin, Key.file],
                         sensitive: [Key.bundle])]
    }
}
