import Foundation
import KilnCrypto
import KilnTalos
import KilnTestSupport
import Testing
import Yams

/// The talosconfig kiln writes is the file talosctl reads, and its admin certificate is what
/// apid accepts: Ed25519 under the OS CA, O=os:admin, ClientAuth only, one year.
struct TalosconfigTests {
    static let now = GeneratedBundle.generatedAt.addingTimeInterval(86400)

    static func config() throws -> (Talosconfig, TalosSecretsBundle) {
        let secrets = try GeneratedBundle.quick()
        let config = try Talosconfig.admin(clusterName: "lab", endpoints: ["127.0.10.11", "127.0.10.12"],
                                           nodes: ["127.0.10.11"], secrets: secrets, now: now)
        return (config, secrets)
    }

    @Test func theFileHasTheShapeTalosctlReads() throws {
        let (config, secrets) = try Self.config()
        let text = try config.encoded()
        let yaml = try #require(try Yams.load(yaml: text) as? [String: Any])
        #expect(Set(yaml.keys) == ["context", "contexts"])
        #expect(yaml["context"] as? String == "lab")
        let contexts = try #require(yaml["contexts"] as? [String: Any])
        let lab = try #require(contexts["lab"] as? [String: Any])
        #expect(Set(lab.keys) == ["endpoints", "nodes", "ca", "crt", "key"])
        #expect(lab["endpoints"] as? [String] == ["127.0.10.11", "127.0.10.12"])
        #expect(lab["nodes"] as? [String] == ["127.0.10.11"])
        let ca = try pemText(try #require(lab["ca"] as? String))
        let matchesOSCA = ca == secrets.certs.os.certificate.pem
        #expect(matchesOSCA)
        #expect(try pemText(try #require(lab["crt"] as? String)).hasPrefix("-----BEGIN CERTIFICATE-----\n"))
        #expect(try pemText(try #require(lab["key"] as? String)).hasPrefix("-----BEGIN ED25519 PRIVATE KEY-----\n"))
        // talosctl's own order: context first, then per context endpoints, nodes, ca, crt, key.
        let order = text.split(separator: "\n").map { $0.drop { $0 == " " }.prefix { $0 != ":" } }
            .filter { ["context", "contexts", "lab", "endpoints", "nodes", "ca", "crt", "key"].contains(String($0)) }
        #expect(order.map(String.init) == ["context", "contexts", "lab", "endpoints", "nodes", "ca", "crt", "key"])
    }

    @Test func decodingGivesBackTheSameConfig() throws {
        let (config, _) = try Self.config()
        let text = try config.encoded()
        let decoded = try Talosconfig.decode(yaml: text, source: "talosconfig")
        #expect(decoded.context == "lab")
        let context = try #require(decoded.currentContext)
        #expect(context.endpoints == ["127.0.10.11", "127.0.10.12"])
        #expect(context.nodes == ["127.0.10.11"])
        #expect(context.certificate == config.contexts[0].certificate)
        #expect(context.key.publicKey == config.contexts[0].key.publicKey)
        let same = try decoded.encoded() == text
        #expect(same)
    }

    @Test func aContextThatIsNotThereIsRefused() throws {
        let (config, _) = try Self.config()
        let text = try config.encoded().replacingOccurrences(of: "context: lab\n", with: "context: other\n")
        #expect(throws: TalosSecretsError(source: "talosconfig", field: "context",
                                          problem: "names a context that is not under `contexts`")) {
            try Talosconfig.decode(yaml: text, source: "talosconfig")
        }
    }

    @Test func theAdminCertificateHasTheShapeApidAccepts() throws {
        let (config, _) = try Self.config()
        let admin = config.contexts[0].certificate
        #expect(admin.subject == DistinguishedName(organizations: ["os:admin"]))
        #expect(admin.subject.commonName == nil)
        #expect(admin.issuer == DistinguishedName(organizations: ["talos"]))
        #expect(admin.publicKeyAlgorithm == .ed25519)
        #expect(admin.keyUsage == [.digitalSignature])
        #expect(admin.extendedKeyUsage == [.clientAuth])
        #expect(!admin.isCA)
        #expect(admin.notBefore == Self.now)
        #expect(admin.notAfter.timeIntervalSince(admin.notBefore) == 8760 * 3600)
    }

    @Test func openSSLVerifiesTheAdminCertificateAsAClientOfTheOSCA() throws {
        let (config, secrets) = try Self.config()
        let openssl = try OpenSSLCLI(prefix: "kiln-talos")
        try openssl.write("os-ca.pem", secrets.certs.os.certificate.pem)
        try openssl.write("admin.pem", config.contexts[0].certificate.pem)
        let at = String(Int(Self.now.timeIntervalSince1970) + 3600)
        // Ed25519 all the way: OpenSSL verifies pure Ed25519 signatures out of the box.
        let verified = try openssl.run("verify", "-attime", at, "-CAfile", "os-ca.pem", "-purpose", "sslclient", "admin.pem")
        #expect(verified.contains("admin.pem: OK"))
        // ClientAuth only: as a TLS server certificate it must fail.
        #expect(try openssl.attempt("verify", "-attime", at, "-CAfile", "os-ca.pem", "-purpose", "sslserver", "admin.pem").status != 0)
        let text = try openssl.run("x509", "-in", "admin.pem", "-text", "-noout")
        #expect(text.contains("Subject: O=os:admin\n") || text.contains("Subject: O = os:admin\n"))
        #expect(text.contains("Public Key Algorithm: ED25519"))
        #expect(text.contains("X509v3 Key Usage: critical\n                Digital Signature\n"))
        #expect(text.contains("X509v3 Extended Key Usage: \n                TLS Web Client Authentication\n"))
        #expect(text.contains("CA:FALSE"))
        let validity = try openssl.validity("admin.pem")
        #expect(validity.notAfter.timeIntervalSince(validity.notBefore) == 8760 * 3600)
    }

    @Test func renewalIsDueWhenLessThanThirtyDaysRemain() throws {
        let (config, _) = try Self.config()
        let context = config.contexts[0]
        let day: TimeInterval = 86400
        #expect(!context.needsRenewal(at: Self.now))
        #expect(!context.needsRenewal(at: context.certificate.notAfter.addingTimeInterval(-31 * day)))
        #expect(!context.needsRenewal(at: context.certificate.notAfter.addingTimeInterval(-30 * day)))
        #expect(context.needsRenewal(at: context.certificate.notAfter.addingTimeInterval(-30 * day + 1)))
        #expect(context.needsRenewal(at: context.certificate.notAfter.addingTimeInterval(day)))
        #expect(context.needsRenewal(at: Self.now.addingTimeInterval(-day)), "not yet valid")
    }
}
