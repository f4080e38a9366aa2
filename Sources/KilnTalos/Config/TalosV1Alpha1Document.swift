/// The `version: v1alpha1` document. Up to v1.13 it holds the whole cluster; from v1.14 on
/// (`ClusterLayout.kubeDocuments`) only the machine's identity, the token and the etcd CA stay
/// here and everything else moves to separate documents.
enum TalosV1Alpha1Document {
    static func build(_ input: TalosConfigInput) throws -> TalosYAML {
        var root = TalosMapBuilder()
        root.add("version", .string("v1alpha1"))
        root.add("debug", .bool(false))
        root.add("persist", .bool(true))
        root.add("machine", try machine(input))
        root.add("cluster", try cluster(input))
        return root.yaml
    }

    private static func machine(_ input: TalosConfigInput) throws -> TalosYAML {
        let secrets = input.secrets
        let full = input.contract.clusterLayout == .v1alpha1Cluster
        var machine = TalosMapBuilder()
        machine.add("type", .string(input.role.rawValue))
        machine.add("token", .string(secrets.trustdToken))
        // Only control planes may carry the OS CA key; workers get the field, empty.
        machine.add("ca", try secrets.base64Pair(secrets.certs.os, withKey: input.isControlPlane))
        machine.add("certSANs", .strings(input.additionalCertSANs))
        if full {
            machine.add("kubelet", kubelet(input))
            machine.add("network", legacyNetwork(input))
            machine.add("install", install(input))
            machine.add("sysctls", .map(TalosGoMap.entries(input.sysctls)), when: !input.sysctls.isEmpty)
            machine.add("features", features(input))
            machine.add("registries", legacyRegistries(input), when: !input.contract.registryMirrorDocuments && !input.registryMirrors.isEmpty)
            let defaultLabels = input.isControlPlane ? [TalosYAML.Entry("node.kubernetes.io/exclude-from-external-load-balancers", .string(""))] : []
            let labels = TalosGoMap.sorted(defaultLabels + TalosGoMap.entries(input.nodeLabels))
            machine.add("nodeLabels", .map(labels), when: !labels.isEmpty)
            machine.add("nodeTaints", .map(TalosGoMap.entries(input.nodeTaints)), when: !input.nodeTaints.isEmpty)
        } else {
            machine.add("features", .map([.init("diskQuotaSupport", .bool(true))]))
        }
        return machine.yaml
    }

    private static func kubelet(_ input: TalosConfigInput) -> TalosYAML {
        .map([.init("image", .string(TalosImages.kubelet(input.kubernetesVersion))),
              .init("defaultRuntimeSeccompProfileEnabled", .bool(true)),
              .init("disableManifestsDirectory", .bool(true))])
    }

    private static func install(_ input: TalosConfigInput) -> TalosYAML {
        var install = TalosMapBuilder()
        install.add("disk", input.installDisk.map(TalosYAML.string))
        install.add("extraKernelArgs", .strings(input.installExtraKernelArgs), when: !input.installExtraKernelArgs.isEmpty)
        install.add("image", input.installImage.map(TalosYAML.string))
        install.add("wipe", .bool(false))
        install.add("grubUseUKICmdline", .bool(true))
        return install.yaml
    }

    private static func features(_ input: TalosConfigInput) -> TalosYAML {
        .map([.init("diskQuotaSupport", .bool(true)),
              .init("kubePrism", .map([.init("enabled", .bool(true)), .init("port", .int(input.kubePrismPort))])),
              .init("hostDNS", .map([.init("enabled", .bool(true)), .init("forwardKubeDNSToHost", .bool(true))]))])
    }

    /// Before v1.12: `machine.registries.mirrors.<registry>.endpoints`.
    private static func legacyRegistries(_ input: TalosConfigInput) -> TalosYAML {
        .map([.init("mirrors", .map(TalosGoMap.sorted(input.registryMirrors.map {
            .init($0.registry, .map([.init("endpoints", .strings($0.endpoints))]))
        })))])
    }

    private static func cluster(_ input: TalosConfigInput) throws -> TalosYAML {
        let secrets = input.secrets
        let controlPlane = input.isControlPlane
        var cluster = TalosMapBuilder()
        guard input.contract.clusterLayout == .v1alpha1Cluster else {
            cluster.add("token", .string(secrets.bootstrapToken))
            cluster.add("etcd", .map([.init("ca", try secrets.base64Pair(secrets.certs.etcd))]), when: controlPlane)
            return cluster.yaml
        }
        let images = TalosImages(kubernetesVersion: input.kubernetesVersion)
        cluster.add("id", .string(secrets.cluster.id))
        cluster.add("secret", .string(secrets.cluster.secret))
        var endpoint = TalosMapBuilder()
        endpoint.add("endpoint", .string(input.endpoint))
        // Only control planes run an API server; Talos leaves the port out of workers' configs.
        endpoint.add("localAPIServerPort", input.localAPIServerPort.map(TalosYAML.int), when: controlPlane)
        cluster.add("controlPlane", endpoint.yaml)
        cluster.add("clusterName", .string(input.clusterName))
        cluster.add("network", network(input))
        cluster.add("token", .string(secrets.bootstrapToken))
        if controlPlane {
            switch secrets.encryptionSecret {
            case .secretbox(let value): cluster.add("secretboxEncryptionSecret", .string(value))
            case .aescbc(let value): cluster.add("aescbcEncryptionSecret", .string(value))
            }
        }
        cluster.add("ca", try secrets.base64Pair(secrets.certs.k8s, withKey: controlPlane))
        if controlPlane {
            cluster.add("aggregatorCA", try secrets.base64Pair(secrets.certs.k8sAggregator))
            cluster.add("serviceAccount", .map([.init("key", .string(try TalosSecretsBundle.pemBase64(secrets.certs.k8sServiceAccount)))]))
            var apiServer = TalosMapBuilder()
            apiServer.add("image", .string(images.apiServer))
            apiServer.add("certSANs", .strings(input.additionalCertSANs), when: !input.additionalCertSANs.isEmpty)
            apiServer.add("admissionControl", .list([TalosKubeDefaults.podSecurityAdmission]))
            apiServer.add("auditPolicy", TalosKubeDefaults.auditPolicy)
            cluster.add("apiServer", apiServer.yaml)
            cluster.add("controllerManager", .map([.init("image", .string(images.controllerManager))]))
            var proxy = TalosMapBuilder()
            proxy.add("disabled", .bool(true), when: input.kubeProxyDisabled)
            proxy.add("image", .string(images.proxy))
            cluster.add("proxy", proxy.yaml)
            cluster.add("scheduler", .map([.init("image", .string(images.scheduler))]))
        }
        cluster.add("discovery", .map([
            .init("enabled", .bool(true)),
            .init("registries", .map([.init("kubernetes", .map([.init("disabled", .bool(true))])), .init("service", .emptyMap)])),
        ]))
        cluster.add("etcd", .map([.init("ca", try secrets.base64Pair(secrets.certs.etcd))]), when: controlPlane)
        cluster.add("allowSchedulingOnControlPlanes", .bool(true), when: controlPlane && input.allowSchedulingOnControlPlanes)
        return cluster.yaml
    }

    private static func network(_ input: TalosConfigInput) -> TalosYAML {
        var network = TalosMapBuilder()
        if let cni = input.cni {
            var cniMap = TalosMapBuilder()
            cniMap.add("name", .string(cni.name))
            cniMap.add("urls", .strings(cni.urls), when: !cni.urls.isEmpty)
            network.add("cni", cniMap.yaml)
        }
        network.add("dnsDomain", .string(input.dnsDomain))
        network.add("podSubnets", .strings(input.podSubnets))
        network.add("serviceSubnets", .strings(input.serviceSubnets))
        return network.yaml
    }
}
