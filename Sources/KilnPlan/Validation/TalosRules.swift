/// Talos and Kubernetes versions: a Talos line kiln knows, and a Kubernetes version that Talos
/// line supports (from `TalosKubernetesSupport`).
enum TalosRules {
    static func check(_ context: ValidationContext) {
        let talos = context.plan.talos
        guard context.usable("talos.version") else { return }
        guard let minors = TalosKubernetesSupport.kubernetesMinors(forTalos: talos.version) else {
            context.error("talos.version", "Talos \(talos.version.tagged) is not supported by kiln (supported: \(TalosKubernetesSupport.supportedTalosLines))",
                          fix: "use a supported Talos release, e.g. `v1.12.2`")
            return
        }
        if context.usable("talos.kubernetes"), !TalosKubernetesSupport.isSupported(talos: talos.version, kubernetes: talos.kubernetes) {
            context.error("talos.kubernetes",
                          "Kubernetes \(talos.kubernetes.tagged) is not supported by Talos \(talos.version.minorLine) (supported: v1.\(minors.lowerBound) to v1.\(minors.upperBound))",
                          fix: "use a Kubernetes version from v1.\(minors.lowerBound).0 to v1.\(minors.upperBound).x, or a Talos release that supports \(talos.kubernetes.tagged)")
        }
        if let image = talos.installerImage, context.usable("talos.installerImage"),
           let tag = image.split(separator: "/").last?.split(separator: ":").dropFirst().first.map(String.init),
           case .success(let tagVersion) = SemanticVersion.parse(tag), tagVersion != talos.version {
            context.warning("talos.installerImage", "installer image tag \(tag) differs from `talos.version` \(talos.version.tagged)",
                            fix: "use the installer of the same release, e.g. `…:\(talos.version.tagged)`")
        }
    }
}
