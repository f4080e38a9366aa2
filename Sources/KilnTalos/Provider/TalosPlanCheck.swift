import KilnPlan

/// Plan-time checks of what only shows when a config is generated: a patch that does not apply
/// (a JSON pointer to nothing, a `test` that fails, a file that is not a patch) must stop
/// `kiln plan`, not fail a node halfway through `apply`. Every node's config is generated with
/// a throwaway bundle (quick keys: the values do not matter, only the shape).
public enum TalosPlanCheck {
    public static func check(_ plan: Plan) throws {
        guard plan.nodes.contains(where: { !$0.patches.isEmpty })
            || !(plan.talos.patches.all + plan.talos.patches.controlPlane + plan.talos.patches.worker).isEmpty
        else { return }
        let throwaway = try TalosSecretsBundle.generate(serviceAccountKey: .ecdsaP256)
        for node in plan.nodes {
            _ = try TalosNodeConfig.generate(for: node, in: plan, secrets: throwaway)
        }
    }
}
