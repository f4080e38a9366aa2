import Foundation
import KilnArchive
import KilnCrypto

/// The admin kubeconfig a control plane hands out, in the shape `talosctl kubeconfig` writes:
/// cluster named after `cluster.clusterName`, server `cluster.controlPlane.endpoint`, the
/// Kubernetes CA as `certificate-authority-data`, user and context `admin@<cluster>` with a
/// fresh client certificate from `cluster.ca` (O=system:masters, CN=admin, one year).
enum TalosKubeconfig {
    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    static func archive(for config: TalosMachineConfigSummary) throws -> Data {
        let text = try yaml(for: config)
        return try Gzip.compress(try Tar.archive([Tar.Entry(name: "kubeconfig", contents: Data(text.utf8))]))
    }

    static func yaml(for config: TalosMachineConfigSummary) throws -> String {
        guard let crt = config.kubernetesCACertificate, let key = config.kubernetesCAKey,
              let crtPEM = Data(base64Encoded: crt).flatMap({ String(data: $0, encoding: .utf8) }),
              let keyPEM = Data(base64Encoded: key).flatMap({ String(data: $0, encoding: .utf8) })
        else { throw Missing(description: "the config carries no usable cluster.ca crt and key") }
        guard let server = config.controlPlaneEndpoint else {
            throw Missing(description: "the config has no cluster.controlPlane.endpoint")
        }
        let name = config.clusterName ?? "talos-default"
        let ca = try CertificateAuthority(certificatePEM: crtPEM, keyPEM: keyPEM)
        let builder = CertificateBuilder(
            subject: DistinguishedName(organizations: ["system:masters"], commonName: "admin"),
            validity: .hours(24 * 365), keyUsage: [.digitalSignature], extendedKeyUsage: [.clientAuth])
        let issued = try ca.issueWithNewKey(builder, algorithm: .ecdsaP256)
        let clientCertificate = Data(issued.certificate.pem.utf8).base64EncodedString()
        let clientKey = Data(try issued.key.pem(.sec1).utf8).base64EncodedString()
        let user = "admin@\(name)"
        return """
            apiVersion: v1
            kind: Config
            clusters:
                - name: \(name)
                  cluster:
                    server: \(server)
                    certificate-authority-data: \(crt)
            users:
                - name: \(user)
                  user:
                    client-certificate-data: \(clientCertificate)
                    client-key-data: \(clientKey)
            contexts:
                - context:
                    cluster: \(name)
                    namespace: default
                    user: \(user)
                  name: \(user)
            current-context: \(user)

            """
    }
}
