/// Runs every rule group on one decoded plan. Each group lives in its own file; a new rule is a
/// new function in the group it belongs to (or a new group listed here).
enum PlanValidator {
    static func validate(_ context: ValidationContext) {
        ClusterRules.check(context)
        ProxmoxRules.check(context)
        TalosRules.check(context)
        NetworkRules.check(context)
        NodeRules.check(context)
        CiliumRules.check(context)
    }
}
