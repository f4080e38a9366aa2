import COpenSSL
import Foundation

/// What a chain is being checked for: OpenSSL's SSL server / SSL client purposes, which look at
/// the extended key usage of the leaf and the CAs.
public enum CertificatePurpose: Sendable {
    case serverAuth, clientAuth

    var openSSLPurpose: Int32 {
        switch self {
        case .serverAuth: X509_PURPOSE_SSL_SERVER
        case .clientAuth: X509_PURPOSE_SSL_CLIENT
        }
    }
}

/// A chain that does not verify, with OpenSSL's reason.
public struct CertificateVerificationError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case expired, notYetValid, unknownIssuer, badSignature, invalidPurpose, invalidCA, other
    }

    public let reason: Reason
    /// OpenSSL's `X509_V_ERR_*` code.
    public let code: Int32
    /// OpenSSL's reason string, e.g. "certificate has expired".
    public let message: String
    /// Position in the chain of the certificate that failed (0 = leaf).
    public let depth: Int
    /// Subject of the certificate being verified (the leaf).
    public let subject: String

    public var description: String {
        "certificate \"\(subject)\" does not verify: \(message) (at depth \(depth))"
    }

    init(code: Int32, depth: Int, subject: String) {
        self.code = code
        self.depth = depth
        self.subject = subject
        message = X509_verify_cert_error_string(Int(code)).map { String(cString: $0) } ?? "error \(code)"
        switch code {
        case X509_V_ERR_CERT_HAS_EXPIRED: reason = .expired
        case X509_V_ERR_CERT_NOT_YET_VALID: reason = .notYetValid
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
             X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
            reason = .unknownIssuer
        case X509_V_ERR_CERT_SIGNATURE_FAILURE: reason = .badSignature
        case X509_V_ERR_INVALID_PURPOSE: reason = .invalidPurpose
        case X509_V_ERR_INVALID_CA: reason = .invalidCA
        default: reason = .other
        }
    }
}

extension Certificate {
    /// Verifies this certificate against `roots` (trusted), through optional `intermediates`
    /// (untrusted), at `time`, optionally for `purpose`. Throws `CertificateVerificationError` when
    /// the chain does not verify, `CryptoError` when OpenSSL could not run the check.
    public func verify(trusting roots: [Certificate], intermediates: [Certificate] = [],
                       at time: Date = Date(), purpose: CertificatePurpose? = nil) throws {
        let context = "verifying the certificate \"\(subject)\""
        guard let store = X509_STORE_new() else { throw CryptoError.openSSL(context) }
        defer { X509_STORE_free(store) }
        for root in roots {
            guard X509_STORE_add_cert(store, root.x509.pointer) == 1 else { throw CryptoError.openSSL("\(context): adding a root") }
        }
        guard let untrusted = kiln_sk_X509_new_null() else { throw CryptoError.openSSL(context) }
        defer { kiln_sk_X509_free(untrusted) } // the certificates stay owned by their Certificate values
        for intermediate in intermediates {
            guard kiln_sk_X509_push(untrusted, intermediate.x509.pointer) > 0 else { throw CryptoError.openSSL(context) }
        }
        guard let ctx = X509_STORE_CTX_new() else { throw CryptoError.openSSL(context) }
        defer { X509_STORE_CTX_free(ctx) }
        guard X509_STORE_CTX_init(ctx, store, x509.pointer, untrusted) == 1 else { throw CryptoError.openSSL(context) }
        X509_STORE_CTX_set_time(ctx, 0, time_t(time.timeIntervalSince1970))
        if let purpose {
            guard X509_STORE_CTX_set_purpose(ctx, purpose.openSSLPurpose) == 1 else { throw CryptoError.openSSL(context) }
        }
        let result = withExtendedLifetime((roots, intermediates)) { X509_verify_cert(ctx) }
        if result == 1 { return }
        let code = X509_STORE_CTX_get_error(ctx)
        OpenSSLErrorQueue.clear()
        guard code != X509_V_OK else { throw CryptoError.openSSL(context) }
        throw CertificateVerificationError(code: code, depth: Int(X509_STORE_CTX_get_error_depth(ctx)), subject: subject.description)
    }
}
