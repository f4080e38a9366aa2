/// The component images Talos pins for a Kubernetes version.
struct TalosImages {
    var kubernetesVersion: String

    static func kubelet(_ version: String) -> String { "ghcr.io/siderolabs/kubelet:v\(version)" }

    var apiServer: String { "registry.k8s.io/kube-apiserver:v\(kubernetesVersion)" }
    var controllerManager: String { "registry.k8s.io/kube-controller-manager:v\(kubernetesVersion)" }
    var proxy: String { "registry.k8s.io/kube-proxy:v\(kubernetesVersion)" }
    var scheduler: String { "registry.k8s.io/kube-scheduler:v\(kubernetesVersion)" }
}
