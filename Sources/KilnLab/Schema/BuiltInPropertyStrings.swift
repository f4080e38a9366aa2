/// Property-string formats PVE registers in code, by name (the schema shows only their name):
/// `ipconfig[n]` (`pve-qm-ipconfig`), `cpu` (`pve-vm-cpu-conf`), `boot` (`pve-qm-boot`).
enum BuiltInPropertyStrings {
    static let formats: [String: PropertyStringFormat] = [
        "pve-qm-ipconfig": PropertyStringFormat(properties: [
            "ip": property(.string, format: "pve-ipv4-config"),
            "gw": property(.string, format: "ipv4"),
            "ip6": property(.string, format: "pve-ipv6-config"),
            "gw6": property(.string, format: "ipv6"),
        ]),
        "pve-vm-cpu-conf": PropertyStringFormat(properties: [
            "cputype": property(.string, pattern: "[a-zA-Z0-9_.\\-]+", defaultKey: true),
            "flags": property(.string, pattern: "(?:[+-][a-zA-Z0-9\\-_.]+;)*[+-][a-zA-Z0-9\\-_.]+"),
            "hidden": property(.boolean),
            "hv-vendor-id": property(.string, pattern: "[a-zA-Z0-9]{1,12}"),
            "phys-bits": property(.string, pattern: "(?:[1-9]\\d*|host)"),
            "guest-phys-bits": property(.integer),
            "reported-model": property(.string),
        ]),
        "pve-qm-boot": PropertyStringFormat(properties: [
            "legacy": property(.string, pattern: "[acdn]{1,4}", defaultKey: true),
            "order": property(.string, pattern: "(?:[a-z]+\\d+)(?:;[a-z]+\\d+)*"),
        ]),
    ]

    private static func property(_ kind: SchemaProperty.Kind, format: String? = nil, pattern: String? = nil,
                                 defaultKey: Bool = false) -> SchemaProperty {
        var property = SchemaProperty()
        property.kind = kind
        // Every key here is optional except a default key, which PVE requires once the string has
        // a key-less value; treating it as optional keeps `order=scsi0` valid.
        property.optional = true
        property.format = format.map { .named($0) }
        property.pattern = pattern.flatMap(SchemaPattern.init(perl:))
        property.isDefaultKey = defaultKey
        return property
    }
}
