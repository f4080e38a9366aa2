import Foundation
import KilnCrypto
import KilnTalos
import Testing

/// A generated bundle has the values `talosctl gen secrets` would write: formats of ids and
/// tokens, and the shapes of every key and certificate.
struct TalosSecretsGenerateTests {
    static func matches(_ text: String, _ pattern: String) -> Bool {
        text.range(of: "^\(pattern)$", options: .regularExpression) != nil
    }

    @Test func idsAndTokensHaveTalosFormats() throws {
        let bundle = try GeneratedBundle.quick()
        // Results as Bools: a failure names the field, never shows the value.
        let token = "[0-9a-z]{6}\\.[0-9a-z]{16}"
        let idIsURLBase64 = Self.matches(bundle.cluster.id, "[A-Za-z0-9_-]{43}=")
        let secretIsStdBase64 = Self.matches(bundle.cluster.secret, "[A-Za-z0-9+/]{43}=")
        let secretboxIsStdBase64 = Self.matches(bundle.encryptionSecret.value, "[A-Za-z0-9+/]{43}=")
        #expect(idIsURLBase64, "cluster.id")
        #expect(secretIsStdBase64, "cluster.secret")
        #expect(secretboxIsStdBase64, "secrets.secretboxencryptionsecret")
        #expect(try Base64.decode(bundle.cluster.id, alphabet: .url).count == 32)
        #expect(try Base64.decode(bundle.cluster.secret).count == 32)
        #expect(try Base64.decode(bundle.encryptionSecret.value).count == 32)
        let bootstrapOK = Self.matches(bundle.bootstrapToken, token)
        let trustdOK = Self.matches(bundle.trustdToken, token)
        #expect(bootstrapOK, "secrets.bootstraptoken")
        #expect(trustdOK, "trustdinfo.token")
        if case .secretbox = bundle.encryptionSecret {} else { Issue.record("current contracts use secretbox") }
    }

    @Test func twoBundlesShareNothing() throws {
        let a = try GeneratedBundle.quick(), b = try GeneratedBundle.quick()
        let differ = a.cluster.id != b.cluster.id && a.cluster.secret != b.cluster.secret
            && a.bootstrapToken != b.bootstrapToken && a.trustdToken != b.trustdToken
            && a.encryptionSecret != b.encryptionSecret && a.certs.os.certificate != b.certs.os.certificate
        #expect(differ)
    }

    @Test func authoritiesHaveTalosShapes() throws {
        let bundle = try GeneratedBundle.quick()
        let cases: [(String, CertificateAuthority, KeyAlgorithm, DistinguishedName)] = [
            ("etcd", bundle.certs.etcd, .ecdsaP256, DistinguishedName(organizations: ["etcd"])),
            ("k8s", bundle.certs.k8s, .ecdsaP256, DistinguishedName(organizations: ["kubernetes"])),
            ("k8saggregator", bundle.certs.k8sAggregator, .ecdsaP256, .empty),
            ("os", bundle.certs.os, .ed25519, DistinguishedName(organizations: ["talos"])),
        ]
        for (name, ca, algorithm, subject) in cases {
            let certificate = ca.certificate
            #expect(certificate.publicKeyAlgorithm == algorithm, "\(name)")
            #expect(certificate.subject == subject, "\(name)")
            #expect(certificate.issuer == subject, "\(name)")
            #expect(certificate.isCA, "\(name)")
            #expect(certificate.keyUsage == [.keyCertSign, .digitalSignature], "\(name)")
            #expect(certificate.extendedKeyUsage == [.serverAuth, .clientAuth], "\(name)")
            #expect(certificate.notBefore == GeneratedBundle.generatedAt, "\(name)")
            #expect(certificate.notAfter.timeIntervalSince(certificate.notBefore) == 87600 * 3600, "\(name)")
            #expect(certificate.authorityKeyIdentifier == nil, "\(name): Talos CAs carry no AKI")
        }
    }

    @Test func theServiceAccountKeyIsRSA4096AsCurrentContractsGenerate() throws {
        let bundle = try GeneratedBundle.shared()
        #expect(bundle.certs.k8sServiceAccount.algorithm == .rsa(bits: 4096))
        let exported = try bundle.encoded()
        let keyLine = try #require(exported.split(separator: "\n").first { $0.hasPrefix("        key: ") && exported.contains("k8sserviceaccount:\n\($0)") })
        let pem = try pemText(String(keyLine.dropFirst("        key: ".count)))
        #expect(pem.hasPrefix("-----BEGIN RSA PRIVATE KEY-----\n"))
    }

    @Test func aGeneratedBundleSurvivesExportAndImport() throws {
        let bundle = try GeneratedBundle.shared()
        let exported = try bundle.encoded()
        let imported = try TalosSecretsBundle.decode(yaml: exported, source: "export")
        #expect(imported == bundle)
        let stable = try imported.encoded() == exported
        #expect(stable)
        #expect(exported.hasPrefix("cluster:\n    id: "))
    }

    @Test func aKeyImportedAsPKCS8IsExportedUnderTalosLabel() throws {
        let bundle = try GeneratedBundle.quick()
        let text = try bundle.encoded()
        let sec1 = Base64.encode(Array(try bundle.certs.etcd.key.pem(.sec1).utf8))
        let pkcs8 = Base64.encode(Array(try bundle.certs.etcd.key.pem(.pkcs8).utf8))
        let imported = try TalosSecretsBundle.decode(yaml: text.replacingOccurrences(of: sec1, with: pkcs8), source: "pkcs8")
        let backToTalosLabel = try imported.encoded() == text
        #expect(backToTalosLabel)
    }
}
