/// Fields Talos writes and accepts but leaves out of its published schema (PROVENANCE.md,
/// "Known gap"), added back into the loaded definitions, per schema version and nothing more.
/// Each gets a shape, so a hidden field with a wrong value is still reported.
enum TalosHiddenFields {
    struct Field {
        var definition: String
        var property: String
        var schema: JSONSchema
    }

    static func fields(forTalos minor: String) -> [Field] {
        // `persist: true` heads every generated config.
        var fields = [Field(definition: "v1alpha1.Config", property: "persist", schema: .type(.boolean))]
        if minor == "v1.12" || minor == "v1.13" {
            fields.append(.init(definition: "v1alpha1.InstallConfig", property: "extraKernelArgs", schema: .array(of: .type(.string))))
        }
        if minor == "v1.13" {
            fields += [
                .init(definition: "v1alpha1.MachineConfig", property: "network", schema: legacyNetwork),
                .init(definition: "v1alpha1.MachineConfig", property: "env", schema: .map(of: .type(.string))),
                .init(definition: "v1alpha1.MachineConfig", property: "registries", schema: .closedObject([
                    "mirrors": .map(of: .type(.object)),
                    "config": .map(of: .type(.object)),
                ])),
            ]
        }
        return fields
    }

    /// `machine.network` as v1.13 still reads it (the pre-v1.12 layout, before networking moved
    /// to documents), including the deprecated `interfaces[].vip`. Nested blocks the lab never
    /// inspects (bond, bridge, wireguard, …) are only checked to be mappings or lists.
    static let legacyNetwork: JSONSchema = .closedObject([
        "hostname": .type(.string),
        "interfaces": .array(of: .closedObject([
            "interface": .type(.string),
            "deviceSelector": .type(.object),
            "addresses": .array(of: .type(.string)),
            "routes": .array(of: .closedObject([
                "network": .type(.string),
                "gateway": .type(.string),
                "source": .type(.string),
                "metric": .type(.integer),
                "mtu": .type(.integer),
            ])),
            "bond": .type(.object),
            "bridge": .type(.object),
            "bridgePort": .type(.object),
            "vlans": .array(of: .type(.object)),
            "mtu": .type(.integer),
            "dhcp": .type(.boolean),
            "dhcpOptions": .type(.object),
            "ignore": .type(.boolean),
            "dummy": .type(.boolean),
            "wireguard": .type(.object),
            "vip": .closedObject([
                "ip": .type(.string),
                "equinixMetal": .type(.object),
                "hcloud": .type(.object),
            ]),
        ])),
        "nameservers": .array(of: .type(.string)),
        "searchDomains": .array(of: .type(.string)),
        "disableSearchDomain": .type(.boolean),
        "extraHostEntries": .array(of: .closedObject([
            "ip": .type(.string),
            "aliases": .array(of: .type(.string)),
        ])),
        "kubespan": .type(.object),
    ])

    /// Adds the fields to `definitions`. A definition that is missing means Talos reshaped its
    /// schema: refused, so the list here gets revisited. A property the schema now documents
    /// keeps the schema's own definition.
    static func apply(to definitions: inout [String: JSONSchema], talos minor: String, file: String) throws(TalosSchemaError) {
        for field in fields(forTalos: minor) {
            guard case var .keywords(keywords)? = definitions[field.definition] else {
                throw .unsupportedSchema(file: file, path: "/$defs/\(field.definition)",
                                         reason: "missing: cannot allow the hidden field `\(field.property)`")
            }
            if keywords.properties[field.property] == nil {
                keywords.properties[field.property] = field.schema
            }
            definitions[field.definition] = .keywords(keywords)
        }
    }
}
