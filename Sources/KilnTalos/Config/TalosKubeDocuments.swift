/// The documents of `ClusterLayout.kubeDocuments` (v1.14), in the order Talos writes them.
/// Machine-level documents come first, then the Kubernetes ones; the control-plane-only
/// components follow `KubePrismConfig`.
enum TalosKubeDocuments {
    static func build(_ input: TalosConfigInput) throws -> [TalosYAML] {
        let secrets = input.secrets
        let images = TalosImages(kubernetesVersion: input.kubernetesVersion)
        let controlPlane = input.isControlPlane
        var docs: [TalosYAML] = []
        docs.append(TalosDocument.make("DiscoveryServiceConfig", [
            .init("name", .string("default")), .init("endpoint", .string("https://discovery.talos.dev/")),
        ]))
        docs.append(TalosDocument.make("DiscoveryIdentityConfig", [
            .init("clusterID", .string(secrets.cluster.id)), .init("clusterSecret", .string(secrets.cluster.secret)),
        ]))
        if input.installDisk != nil || input.installImage != nil {
            var provisioning = TalosMapBuilder()
            // The disk is chosen by a CEL expression over the node's disks.
            provisioning.add("diskSelector", input.installDisk.map { .map([.init("match", .string("disk.dev_path == \"\($0)\""))]) })
            provisioning.add("wipe", .bool(false))
            docs.append(TalosDocument.make("UnattendedInstallConfig", [
                .init("installer", .map(input.installImage.map { [.init("image", .string($0))] } ?? [])),
                .init("provisioning", provisioning.yaml),
            ]))
        }
        docs.append(TalosDocument.make("ResolverConfig", TalosDocument.resolverFields(input) + [
            .init("hostDNS", .map([.init("enabled", .bool(true)), .init("forwardKubeDNSToHost", .bool(true))])),
        ]))
        if !input.sysctls.isEmpty {
            docs.append(TalosDocument.make("SysctlConfig", [.init("params", .map(TalosGoMap.entries(input.sysctls)))]))
        }
        docs.append(TalosDocument.make("VolumeConfig", [
            .init("name", .string("EPHEMERAL")), .init("mount", .map([.init("secure", .bool(true))])),
        ]))
        docs.append(TalosDocument.make("FilesystemTrimConfig", [.init("interval", .string("168h0m0s"))]))
        docs.append(TalosDocument.make("SecurityProfileConfig", [.init("workloadIsolation", .bool(true))]))
        docs += TalosDocument.registryMirrors(input)
        docs += TalosDocument.network(input, resolver: false)
        docs.append(TalosDocument.make("KubeClusterConfig", [
            .init("clusterName", .string(input.clusterName)), .init("endpoint", .string(input.endpoint)),
        ]))
        docs.append(nodeConfig(input))
        docs.append(TalosDocument.make("KubeletConfig", [
            .init("image", .string(TalosImages.kubelet(input.kubernetesVersion))),
            .init("config", .emptyMap),
            .init("defaultRuntimeSeccompProfileEnabled", .bool(true)),
        ]))
        docs.append(TalosDocument.make("KubeNetworkConfig", [
            .init("dnsDomain", .string(input.dnsDomain)),
            .init("podSubnets", .strings(input.podSubnets)),
            .init("serviceSubnets", .strings(input.serviceSubnets)),
        ]))
        let k8sCA = secrets.certs.k8s
        docs.append(TalosDocument.make("KubeAPIServerCAConfig", controlPlane
            ? [.init("issuingCA", .map([.init("cert", .literal(k8sCA.certificate.pem)),
                                         .init("key", .literal(try TalosSecretsBundle.pemText(k8sCA.key)))]))]
            : [.init("acceptedCAs", .list([.literal(k8sCA.certificate.pem)]))]))
        docs.append(TalosDocument.make("KubePrismConfig", [.init("port", .int(input.kubePrismPort))]))
        guard controlPlane else { return docs }

        let aggregator = secrets.certs.k8sAggregator
        docs.append(TalosDocument.make("KubeAggregatorCAConfig", [
            .init("issuingCA", .map([.init("cert", .literal(aggregator.certificate.pem)),
                                     .init("key", .literal(try TalosSecretsBundle.pemText(aggregator.key)))])),
        ]))
        docs.append(TalosDocument.make("KubeAdmissionControlConfig", [
            .init("name", .string("PodSecurity")), .init("configuration", TalosKubeDefaults.podSecurityConfiguration),
        ]))
        docs.append(TalosDocument.make("KubeAuditPolicyConfig", [.init("configuration", TalosKubeDefaults.auditPolicy)]))
        docs.append(TalosDocument.make("KubeAuthenticationConfig", [.init("configuration", TalosKubeDefaults.authentication)]))
        docs.append(TalosDocument.make("KubeAuthorizerConfig", [.init("name", .string("node")), .init("type", .string("Node"))]))
        docs.append(TalosDocument.make("KubeAuthorizerConfig", [.init("name", .string("rbac")), .init("type", .string("RBAC"))]))
        docs.append(TalosDocument.make("KubeEtcdEncryptionConfig", [.init("config", encryption(secrets.encryptionSecret))]))
        docs.append(TalosDocument.make("KubeServiceAccountConfig", [
            .init("issuer", .map([
                .init("privateKey", .literal(try TalosSecretsBundle.pemText(secrets.certs.k8sServiceAccount))),
                .init("issuerURL", .string(input.endpoint)),
            ])),
        ]))
        var apiServer = [TalosYAML.Entry("image", .string(images.apiServer))]
        if let port = input.localAPIServerPort { apiServer.append(.init("apiPort", .int(port))) }
        if !input.additionalCertSANs.isEmpty { apiServer.append(.init("certExtraSANs", .strings(input.additionalCertSANs))) }
        docs.append(TalosDocument.make("KubeAPIServerConfig", apiServer))
        docs.append(TalosDocument.make("KubeControllerManagerConfig", [.init("image", .string(images.controllerManager))]))
        docs.append(TalosDocument.make("KubeSchedulerConfig", [.init("image", .string(images.scheduler)), .init("config", .emptyMap)]))
        docs.append(TalosDocument.make("KubeProxyConfig", (input.kubeProxyDisabled ? [.init("enabled", .bool(false))] : [])
            + [.init("image", .string(images.proxy)), .init("config", .emptyMap)]))
        if input.cni == nil {
            docs.append(TalosDocument.make("KubeFlannelCNIConfig", [
                .init("backendType", .string("vxlan")), .init("backendPort", .int(4789)),
            ]))
        }
        docs.append(TalosDocument.make("KubeCoreDNSConfig", [.init("enabled", .bool(true))]))
        if let cni = input.cni {
            // Talos names the manifest after the CNI; a second URL needs a name of its own.
            for (index, url) in cni.urls.enumerated() {
                let name = index == 0 ? "\(cni.name)-cni" : "\(cni.name)-cni-\(index + 1)"
                docs.append(TalosDocument.make("KubeExternalManifestConfig", [.init("name", .string(name)), .init("url", .string(url))]))
            }
        }
        return docs
    }

    private static func nodeConfig(_ input: TalosConfigInput) -> TalosYAML {
        var fields = [TalosYAML.Entry("nodeIP", .emptyMap)]
        var labels: [TalosYAML.Entry] = []
        var taints: [TalosYAML.Entry] = []
        if input.isControlPlane {
            labels = [.init("node-role.kubernetes.io/control-plane", .string("")),
                      .init("node.kubernetes.io/exclude-from-external-load-balancers", .string(""))]
            // Scheduling on control planes is allowed by leaving their taint out.
            if !input.allowSchedulingOnControlPlanes {
                taints = [.init("node-role.kubernetes.io/control-plane", .string("NoSchedule"))]
            }
        }
        labels = TalosGoMap.sorted(labels + TalosGoMap.entries(input.nodeLabels))
        taints = TalosGoMap.sorted(taints + TalosGoMap.entries(input.nodeTaints))
        if !labels.isEmpty { fields.append(.init("labels", .map(labels))) }
        if !taints.isEmpty { fields.append(.init("taints", .map(taints))) }
        return TalosDocument.make("KubeNodeConfig", fields)
    }

    private static func encryption(_ secret: TalosSecretsBundle.EncryptionSecret) -> TalosYAML {
        let provider: String
        switch secret {
        case .secretbox: provider = "secretbox"
        case .aescbc: provider = "aescbc"
        }
        return .map([.init("resources", .list([.map([
            .init("providers", .list([.map([.init(provider, .map([
                .init("keys", .list([.map([.init("name", .string("key2")), .init("secret", .string(secret.value))])])),
            ]))])])),
            .init("resources", .strings(["secrets"])),
        ])]))])
    }
}
