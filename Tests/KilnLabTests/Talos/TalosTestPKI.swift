import Foundation
import KilnCrypto
import KilnLab
import KilnTalos
import KilnTalosAPI

/// An OS CA as a cluster's secrets hold it (Ed25519), client certificates under it, and a
/// control-plane config carrying it, as kiln will send one.
struct TalosTestPKI {
    let osCA: CertificateAuthority
    /// `cluster.ca`: the Kubernetes CA (ECDSA P-256, O=kubernetes) the admin kubeconfig is issued from.
    let kubernetesCA: CertificateAuthority

    init() throws {
        osCA = try CertificateAuthority.generate(.ed25519, subject: DistinguishedName(organizations: ["talos"]),
                                                 validity: .hours(24 * 365))
        kubernetesCA = try CertificateAuthority.generate(.ecdsaP256, subject: DistinguishedName(organizations: ["kubernetes"]),
                                                         validity: .hours(24 * 365))
    }

    /// kiln's own admin certificate (O=os:admin), as it goes into the talosconfig.
    func admin() throws -> TalosClientMode {
        let issued = try TalosAdminCertificate.issue(by: osCA)
        return .configured(osCAPEM: osCA.certificate.pem, clientCertificatePEM: issued.certificate.pem,
                           clientKeyPEM: try issued.key.pem(.talosEd25519))
    }

    /// A client certificate with this Organization, e.g. `os:reader`.
    func client(organization: String, issuer: CertificateAuthority? = nil) throws -> TalosClientMode {
        let builder = CertificateBuilder(
            subject: DistinguishedName(organizations: [organization], commonName: "test"),
            validity: .hours(24), keyUsage: [.digitalSignature], extendedKeyUsage: [.clientAuth])
        let issued = try (issuer ?? osCA).issueWithNewKey(builder, algorithm: .ed25519)
        return .configured(osCAPEM: osCA.certificate.pem, clientCertificatePEM: issued.certificate.pem,
                           clientKeyPEM: try issued.key.pem(.talosEd25519))
    }

    /// A control plane's config: both CAs with their keys, the endpoint behind the VIP.
    func controlPlaneConfig(clusterName: String = "lab", endpoint: String = "https://127.0.0.100:6443") throws -> Data {
        try config(type: "controlplane", clusterName: clusterName, endpoint: endpoint)
    }

    /// A worker's config: the CAs' certificates only, as Talos generates it.
    func workerConfig(clusterName: String = "lab", endpoint: String = "https://127.0.0.100:6443") throws -> Data {
        try config(type: "worker", clusterName: clusterName, endpoint: endpoint)
    }

    private func config(type: String, clusterName: String, endpoint: String) throws -> Data {
        func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        let withKeys = type == "controlplane"
        return Data("""
            version: v1alpha1
            machine:
              type: \(type)
              token: abc.def
              ca:
                crt: \(base64(osCA.certificate.pem))
                key: "\(withKeys ? base64(try osCA.key.pem(.talosEd25519)) : "")"
            cluster:
              clusterName: \(clusterName)
              controlPlane:
                endpoint: \(endpoint)
              ca:
                crt: \(base64(kubernetesCA.certificate.pem))
                key: "\(withKeys ? base64(try kubernetesCA.key.pem(.sec1)) : "")"
            """.utf8)
    }
}

extension TalosNode {
    /// Applies the control-plane config in maintenance mode and waits until the node answers
    /// Version over mTLS with `mode` (it "installed and rebooted").
    func configure(with pki: TalosTestPKI, as mode: TalosClientMode) async throws -> TalosMachineClient {
        _ = try await maintenanceClient().applyConfiguration(data: try pki.controlPlaneConfig(), mode: .auto)
        let client = try TalosMachineClient(host: settings.host, port: port, mode: mode)
        // Generous bounds: with the whole suite running on two cores, a probe can wait seconds
        // for a connection; the test is about what the node answers, not how fast.
        let giveUp = ContinuousClock.now + .seconds(60)
        while true {
            do {
                _ = try await client.version(deadline: .now + .seconds(10))
                return client
            } catch {
                if ContinuousClock.now > giveUp { throw error }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }
}
