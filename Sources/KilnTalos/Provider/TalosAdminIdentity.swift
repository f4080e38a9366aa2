import Foundation
import KilnCrypto
import KilnTalosAPI

/// Who kiln is to configured nodes: the OS CA to check them against and an `os:admin` client
/// certificate under it. Made from the secrets bundle during apply (a fresh short-lived
/// certificate, never written anywhere), or read from the cluster's talosconfig when the
/// bundle is not at hand (destroy).
struct TalosAdminIdentity: Sendable {
    var caPEM: String
    var certificatePEM: String
    var keyPEM: String

    static func issue(from secrets: TalosSecretsBundle) throws -> TalosAdminIdentity {
        let (certificate, key) = try TalosAdminCertificate.issue(by: secrets.certs.os)
        return TalosAdminIdentity(caPEM: secrets.certs.os.certificate.pem, certificatePEM: certificate.pem,
                                  keyPEM: try key.pem(.pkcs8))
    }

    static func read(talosconfig path: String) throws -> TalosAdminIdentity {
        guard let config = try TalosconfigFile.read(path) else {
            throw TalosProviderError.file(path: path, reason: "it cannot be read")
        }
        guard let context = config.currentContext else { throw TalosProviderError.file(path: path, reason: "no current context") }
        return TalosAdminIdentity(caPEM: context.ca.pem, certificatePEM: context.certificate.pem,
                                  keyPEM: try context.key.pem(.pkcs8))
    }

    var mode: TalosClientMode { .configured(osCAPEM: caPEM, clientCertificatePEM: certificatePEM, clientKeyPEM: keyPEM) }
}

/// The provider's clients and the admin identity, shared by the run's operations: one
/// certificate per run, one connection pool per node and mode.
actor TalosAccess {
    private let options: TalosProviderOptions
    private var identity: TalosAdminIdentity?
    private var identityBundle: TalosSecretsBundle?
    private var maintenance: [String: TalosMachineClient] = [:]
    private var configured: [String: TalosMachineClient] = [:]

    init(options: TalosProviderOptions) {
        self.options = options
    }

    func maintenanceClient(_ address: String) throws -> TalosMachineClient {
        if let client = maintenance[address] { return client }
        let client = try TalosMachineClient(host: address, port: options.port, mode: .maintenance,
                                            connectTimeout: .seconds(5), defaultTimeout: options.callTimeout)
        maintenance[address] = client
        return client
    }

    /// A client with the admin identity of `secrets` (a new bundle means a new identity).
    func configuredClient(_ address: String, secrets: TalosSecretsBundle) throws -> TalosMachineClient {
        if identityBundle != secrets {
            identity = try TalosAdminIdentity.issue(from: secrets)
            identityBundle = secrets
            configured = [:]
        }
        return try configuredClient(address)
    }

    /// A client with the identity read from a talosconfig, when no bundle is at hand.
    func configuredClient(_ address: String, talosconfig path: String) throws -> TalosMachineClient {
        if identity == nil { identity = try TalosAdminIdentity.read(talosconfig: path) }
        return try configuredClient(address)
    }

    private func configuredClient(_ address: String) throws -> TalosMachineClient {
        if let client = configured[address] { return client }
        guard let identity else { throw TalosProviderError.noSecrets("no admin identity") }
        let client = try TalosMachineClient(host: address, port: options.port, mode: identity.mode,
                                            connectTimeout: .seconds(5), defaultTimeout: options.callTimeout)
        configured[address] = client
        return client
    }
}
