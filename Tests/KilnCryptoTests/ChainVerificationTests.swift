import Foundation
import KilnCrypto
import KilnTestSupport
import Testing

/// Chain verification through OpenSSL's verifier, and the same verdicts from `openssl verify`.
struct ChainVerificationTests {
    func verificationError(_ body: () throws -> Void) -> CertificateVerificationError? {
        do {
            try body()
            Issue.record("verification unexpectedly succeeded")
        } catch let error as CertificateVerificationError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
        }
        return nil
    }

    @Test func leafVerifiesAgainstItsCA() throws {
        let ca = try TestPKI.ca()
        let (leaf, _) = try ca.issueWithNewKey(TestPKI.serverBuilder())
        try leaf.verify(trusting: [ca.certificate])
        try leaf.verify(trusting: [ca.certificate], purpose: .serverAuth)
    }

    @Test func leafFromAnotherCAIsAnUnknownIssuer() throws {
        let ca = try TestPKI.ca(organization: "one"), other = try TestPKI.ca(organization: "two")
        let (leaf, _) = try other.issueWithNewKey(TestPKI.serverBuilder())
        let error = verificationError { try leaf.verify(trusting: [ca.certificate]) }
        #expect(error?.reason == .unknownIssuer)
        #expect(error?.message == "unable to get local issuer certificate")

        let openssl = try OpenSSLCLI()
        try openssl.write("ca.pem", ca.certificate.pem)
        try openssl.write("leaf.pem", leaf.pem)
        let result = try openssl.attempt("verify", "-CAfile", "ca.pem", "leaf.pem")
        #expect(result.status != 0)
        #expect(result.combined.contains("unable to get local issuer certificate"))
    }

    @Test func leafFromAnotherCAWithTheSameNameDoesNotVerify() throws {
        // Both CAs are O=talos, as every Talos cluster's OS CA is: the name alone must not be trusted.
        let ca = try TestPKI.ca(.ed25519, organization: "talos"), other = try TestPKI.ca(.ed25519, organization: "talos")
        let (leaf, _) = try other.issueWithNewKey(TestPKI.serverBuilder())
        let error = verificationError { try leaf.verify(trusting: [ca.certificate]) }
        #expect(error?.reason == .unknownIssuer || error?.reason == .badSignature)
    }

    @Test func expiredLeafIsRejectedAsExpired() throws {
        let ca = try TestPKI.ca(validity: .hours(87600, from: TestPKI.now.addingTimeInterval(-86400 * 10)))
        let past = Validity(notBefore: TestPKI.now.addingTimeInterval(-86400 * 3), notAfter: TestPKI.now.addingTimeInterval(-86400))
        let (leaf, _) = try ca.issueWithNewKey(TestPKI.serverBuilder(validity: past))
        let error = verificationError { try leaf.verify(trusting: [ca.certificate]) }
        #expect(error?.reason == .expired)
        #expect(error?.message == "certificate has expired")
        #expect(error?.depth == 0)
        // At a time inside its validity it verifies.
        try leaf.verify(trusting: [ca.certificate], at: TestPKI.now.addingTimeInterval(-86400 * 2))

        let openssl = try OpenSSLCLI()
        try openssl.write("ca.pem", ca.certificate.pem)
        try openssl.write("leaf.pem", leaf.pem)
        let result = try openssl.attempt("verify", "-CAfile", "ca.pem", "leaf.pem")
        #expect(result.status != 0)
        #expect(result.combined.contains("certificate has expired"))
    }

    @Test func leafIsNotYetValidBeforeItsStart() throws {
        let ca = try TestPKI.ca()
        let (leaf, _) = try ca.issueWithNewKey(TestPKI.serverBuilder())
        let error = verificationError { try leaf.verify(trusting: [ca.certificate], at: leaf.notBefore.addingTimeInterval(-60)) }
        #expect(error?.reason == .notYetValid)
    }

    @Test func clientOnlyCertificateIsRefusedForServerPurpose() throws {
        let ca = try TestPKI.ca(.ed25519)
        var builder = TestPKI.serverBuilder()
        builder.extendedKeyUsage = [.clientAuth]
        let (leaf, _) = try ca.issueWithNewKey(builder)
        try leaf.verify(trusting: [ca.certificate], purpose: .clientAuth)
        let error = verificationError { try leaf.verify(trusting: [ca.certificate], purpose: .serverAuth) }
        #expect(error?.reason == .invalidPurpose)
    }

    @Test func chainThroughAnIntermediateNeedsTheIntermediate() throws {
        let root = try TestPKI.ca(organization: "root")
        let intermediateKey = try PrivateKey.generate(.ecdsaP256)
        let intermediateCert = try root.issue(.certificateAuthority(subject: DistinguishedName(organizations: ["intermediate"]),
                                                                    validity: .hours(24, from: TestPKI.now.addingTimeInterval(-60))),
                                              for: intermediateKey.publicKey)
        let intermediate = try CertificateAuthority(certificate: intermediateCert, key: intermediateKey)
        let (leaf, _) = try intermediate.issueWithNewKey(TestPKI.serverBuilder())
        try leaf.verify(trusting: [root.certificate], intermediates: [intermediate.certificate])
        let error = verificationError { try leaf.verify(trusting: [root.certificate]) }
        #expect(error?.reason == .unknownIssuer)
    }

    @Test func verificationErrorDescribesTheFailure() throws {
        let ca = try TestPKI.ca(), other = try TestPKI.ca()
        let (leaf, _) = try other.issueWithNewKey(TestPKI.serverBuilder())
        let error = verificationError { try leaf.verify(trusting: [ca.certificate]) }
        #expect(error?.description.contains("O=kiln, CN=node-1") == true)
        #expect(error?.description.contains("unable to get local issuer certificate") == true)
    }
}
