/// Generates a node's machine config: the documents of its contract, as text.
public enum TalosMachineConfig {
    public static func documents(_ input: TalosConfigInput) throws -> [TalosYAML] {
        var docs = [try TalosV1Alpha1Document.build(input)]
        switch input.contract.clusterLayout {
        case .v1alpha1Cluster:
            if input.contract.registryMirrorDocuments { docs += TalosDocument.registryMirrors(input) }
            if input.contract.networkDocuments { docs += TalosDocument.network(input, resolver: true) }
        case .kubeDocuments:
            docs += try TalosKubeDocuments.build(input)
        }
        return docs
    }

    /// The config as Talos writes it: no comments, documents separated by `---`. Same input,
    /// same bytes.
    public static func generate(_ input: TalosConfigInput, patches: [TalosConfigPatch] = []) throws -> String {
        var docs = try documents(input)
        for patch in patches { docs = try patch.apply(to: docs) }
        return TalosYAMLEmitter.documents(docs)
    }

    /// The config with `patches` applied in order (cluster, role, node, as the plan lists them).
    /// A patch that does not apply throws its `TalosPatchError`.
    public static func generate(_ input: TalosConfigInput, applying patches: [TalosPatch]) throws -> String {
        var docs = try documents(input)
        for patch in patches { docs = try patch.apply(to: docs) }
        return TalosYAMLEmitter.documents(docs)
    }
}
