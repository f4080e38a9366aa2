/// Fixed Kubernetes settings Talos writes into every control plane's config: the PodSecurity
/// admission defaults, the audit policy and (v1.14) the anonymous-auth paths.
enum TalosKubeDefaults {
    static let podSecurityConfiguration: TalosYAML = .map([
        .init("apiVersion", .string("pod-security.admission.config.k8s.io/v1alpha1")),
        .init("defaults", .map([
            .init("audit", .string("restricted")), .init("audit-version", .string("latest")),
            .init("enforce", .string("baseline")), .init("enforce-version", .string("latest")),
            .init("warn", .string("restricted")), .init("warn-version", .string("latest")),
        ])),
        .init("exemptions", .map([
            .init("namespaces", .strings(["kube-system"])),
            .init("runtimeClasses", .list([])),
            .init("usernames", .list([])),
        ])),
        .init("kind", .string("PodSecurityConfiguration")),
    ])

    static let podSecurityAdmission: TalosYAML = .map([
        .init("name", .string("PodSecurity")), .init("configuration", podSecurityConfiguration),
    ])

    static let auditPolicy: TalosYAML = .map([
        .init("apiVersion", .string("audit.k8s.io/v1")),
        .init("kind", .string("Policy")),
        .init("rules", .list([.map([.init("level", .string("Metadata"))])])),
    ])

    static let authentication: TalosYAML = .map([
        .init("anonymous", .map([
            .init("conditions", .list(["/livez", "/readyz", "/healthz"].map { .map([.init("path", .string($0))]) })),
            .init("enabled", .bool(true)),
        ])),
        .init("jwt", .list([])),
    ])
}
