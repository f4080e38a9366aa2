/// A multi-document config's typed document: `apiVersion: v1alpha1`, `kind`, then its fields.
enum TalosDocument {
    static func make(_ kind: String, _ fields: [TalosYAML.Entry]) -> TalosYAML {
        .map([.init("apiVersion", .string("v1alpha1")), .init("kind", .string(kind))] + fields)
    }

    static func hostnameAutoStable() -> TalosYAML { make("HostnameConfig", [.init("auto", .string("stable"))]) }

    static func registryMirrors(_ input: TalosConfigInput) -> [TalosYAML] {
        input.registryMirrors.map { mirror in
            make("RegistryMirrorConfig", [
                .init("name", .string(mirror.registry)),
                .init("endpoints", .list(mirror.endpoints.map { .map([.init("url", .string($0))]) })),
            ])
        }
    }
}
