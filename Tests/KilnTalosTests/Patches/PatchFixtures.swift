import KilnTalos

/// A small v1alpha1 document plus one typed document, for patch tests that need no secrets.
enum PatchFixtures {
    static let config: [TalosYAML] = [
        .map([.init("version", .string("v1alpha1")),
              .init("machine", .map([
                  .init("type", .string("controlplane")),
                  .init("certSANs", .strings(["a", "b"])),
                  .init("network", .map([.init("interfaces", .list([
                      .map([.init("interface", .string("ens18")), .init("addresses", .strings(["10.0.0.2/24"])),
                            .init("vlans", .list([.map([.init("vlanId", .int(10)), .init("mtu", .int(1500))])]))]),
                      .map([.init("interface", .string("ens19")), .init("dhcp", .bool(true))]),
                  ]))])),
                  .init("install", .map([.init("disk", .string("/dev/sda"))])),
              ])),
              .init("cluster", .map([
                  .init("network", .map([.init("podSubnets", .strings(["10.244.0.0/16"])),
                                         .init("serviceSubnets", .strings(["10.96.0.0/12"]))])),
                  .init("apiServer", .map([.init("admissionControl", .list([
                      .map([.init("name", .string("PodSecurity")), .init("configuration", .map([.init("enforce", .string("baseline"))]))]),
                  ]))])),
              ]))]),
        .map([.init("apiVersion", .string("v1alpha1")), .init("kind", .string("HostnameConfig")), .init("hostname", .string("cp-1"))]),
    ]

    static let source = TalosPatchSource.file("/patches/p.yaml")

    static func json(_ yaml: String) throws -> String {
        let patch = try TalosPatch.parse(yaml, source: source)
        return TalosMachineConfigText.emit(try patch.apply(to: config))
    }
}

/// The emitter as tests see it: the same text `TalosMachineConfig` writes.
enum TalosMachineConfigText {
    static func emit(_ documents: [TalosYAML]) -> String {
        // `TalosConfigPatch` with no documents applies nothing and emits what it is given.
        (try? TalosConfigPatch(yaml: "", source: "none").applied(to: documents)) ?? ""
    }
}
