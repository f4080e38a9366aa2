/// The Go struct field order of the config fields a patch may add (paths: `v1alpha1.machine.kubelet`,
/// a document's kind, `[]` for a sequence's items). Keys not listed keep the patch's order and go
/// after the listed ones.
enum TalosFieldOrder {
    static let orders: [String: [String]] = [
        "v1alpha1.machine.kubelet": ["image", "clusterDNS", "extraArgs", "extraMounts", "extraConfig",
                                     "credentialProviderConfig", "defaultRuntimeSeccompProfileEnabled",
                                     "registerWithFQDN", "nodeIP", "skipNodeRegistration", "disableManifestsDirectory"],
        "v1alpha1.machine.kubelet.extraMounts[]": ["destination", "type", "source", "options", "uidMappings", "gidMappings"],
        "KubeletConfig": ["apiVersion", "kind", "image", "config", "clusterDNS", "extraArgs", "extraMounts",
                          "defaultRuntimeSeccompProfileEnabled"],
        "KubeletConfig.extraMounts[]": ["destination", "type", "source", "options", "uidMappings", "gidMappings"],
    ]

    static func insertionIndex(of key: String, in entries: [TalosYAML.Entry], path: String) -> Int {
        guard let order = orders[path], let rank = order.firstIndex(of: key) else { return entries.count }
        return entries.firstIndex { entry in (order.firstIndex(of: entry.key) ?? Int.max) > rank } ?? entries.count
    }

    static func sorted(_ entries: [TalosYAML.Entry], path: String) -> [TalosYAML.Entry] {
        guard let order = orders[path] else { return entries }
        return entries.enumerated().sorted { a, b in
            let ra = order.firstIndex(of: a.element.key) ?? order.count
            let rb = order.firstIndex(of: b.element.key) ?? order.count
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)
    }
}
