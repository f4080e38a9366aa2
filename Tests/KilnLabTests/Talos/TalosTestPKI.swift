import Foundation
import KilnCrypto
import KilnLab
import KilnTalos
import KilnTalosAPI

/// An OS CA as a cluster's secrets hold it (Ed25519), client certificates under it, and a
/// control-plane config carrying it, as kiln will send one.
struct TalosTestPKI {
    let osCA: CertificateAuthority

    init() throws {
        osCA = try CertificateAuthority.generate(.ed25519, subject: DistinguishedName(organizations: ["talos"]),
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

    func controlPlaneConfig() throws -> Data {
        let crt = Data(osCA.certificate.pem.utf8).base64EncodedString()
        let key = Data(try osCA.key.pem(.talosEd25519).utf8).base64EncodedString()
        return Data("""
            version: v1alpha1
            machine:
              type: controlplane
              token: abc.def
              ca:
                crt: \(crt)
                key: \(key)
            cluster:
              clusterName: lab
            """.utf8)
    }
}

extension TalosNode {
    /// Applies the control-plane config in maintenance mode and waits until the node answers
    /// Version over mTLS with `mode` (it "installed and rebooted").
    func configure(with pki: TalosTestPKI, as mode: TalosClientMode) async throws -> TalosMachineClient {
        _ = try await maintenanceClient().applyConfiguration(data: try pki.controlPlaneConfig(), mode: .auto)
        let client = try TalosMachineClient(host: settings.host, port: port, mode: mode)
        let giveUp = ContinuousClock.now + .seconds(20)
        while true {
            do {
                _ = try await client.version(deadline: .now + .seconds(2))
                return client
            } catch {
                if ContinuousClock.now > giveUp { throw error }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }
}
