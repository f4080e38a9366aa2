import CCurl
import COpenSSL
import KilnCrypto

/// What kiln saw of a server's certificate during one handshake.
final class HandshakeObservation: @unchecked Sendable {
    // Written and read on the curl loop thread only.
    var leafSHA256: [UInt8]?
    var failure: Failure?

    enum Failure {
        case pinMismatch(expected: [UInt8])
        case untrusted(reason: String)
    }
}

/// Hooks into OpenSSL's certificate verification for every new connection of a client.
///
/// libcurl can pin a public key but not a certificate, and its own error for an untrusted server
/// does not say *which* certificate it was. So kiln installs a verify callback on each new
/// connection's SSL_CTX: it records the leaf certificate's SHA-256, enforces a pin exactly, and
/// otherwise runs OpenSSL's normal chain verification against the trust libcurl configured.
///
/// Lifetime: OpenSSL calls back with a pointer to this object for as long as a connection lives,
/// which is at most as long as the client's multi handle; the loop owns both and frees the handle
/// first. Per-transfer observations are looked up by SSL_CTX and dropped when the transfer ends,
/// so a late callback (TLS 1.2 renegotiation) still verifies but records nothing.
final class ServerCertificateVerifier: @unchecked Sendable {
    let trust: ServerTrust
    // Loop-thread confined.
    private var observations: [OpaquePointer: HandshakeObservation] = [:]

    init(trust: ServerTrust) { self.trust = trust }

    /// Called from libcurl's SSL_CTX callback when `transfer` opens a new connection.
    func install(on sslContext: OpaquePointer, for transfer: CurlTransfer) {
        observations[sslContext] = transfer.observation
        transfer.sslContext = sslContext
        SSL_CTX_set_cert_verify_callback(sslContext, certificateVerifyCallback,
                                         Unmanaged.passUnretained(self).toOpaque())
    }

    func forget(_ transfer: CurlTransfer) {
        if let context = transfer.sslContext { observations[context] = nil }
    }

    fileprivate func verify(_ store: OpaquePointer) -> Int32 {
        let observation = observingHandshake(of: store)
        guard let leaf = X509_STORE_CTX_get0_cert(store) else {
            observation?.failure = .untrusted(reason: "the server sent no certificate")
            return 0
        }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(leaf, EVP_sha256(), &digest, &length) == 1 else { return 0 }
        let fingerprint = Array(digest.prefix(Int(length)))
        observation?.leafSHA256 = fingerprint

        switch trust {
        case .pinnedCertificate(let expected):
            guard fingerprint == expected else {
                observation?.failure = .pinMismatch(expected: expected)
                X509_STORE_CTX_set_error(store, X509_V_ERR_APPLICATION_VERIFICATION)
                return 0
            }
            X509_STORE_CTX_set_error(store, X509_V_OK)
            return 1
        case .systemRoots, .certificateAuthorities:
            let ok = X509_verify_cert(store)
            if ok != 1 {
                let reason = String(cString: X509_verify_cert_error_string(Int(X509_STORE_CTX_get_error(store))))
                observation?.failure = .untrusted(reason: reason)
            }
            return ok
        case .insecureSkipVerification:
            return 1
        }
    }

    private func observingHandshake(of store: OpaquePointer) -> HandshakeObservation? {
        guard let ssl = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()),
              let context = SSL_get_SSL_CTX(OpaquePointer(ssl)) else { return nil }
        return observations[context]
    }
}

private let certificateVerifyCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Int32 = { store, arg in
    guard let store, let arg else { return 0 }
    return Unmanaged<ServerCertificateVerifier>.fromOpaque(arg).takeUnretainedValue().verify(store)
}

/// libcurl's SSL_CTX hook: runs once per new TLS connection, before the handshake.
let curlSSLContextCallback: kiln_curl_ssl_ctx_callback = { _, sslContext, userData in
    guard let sslContext, let userData else { return CURLE_OK }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userData).takeUnretainedValue()
    transfer.verifier.install(on: OpaquePointer(sslContext), for: transfer)
    return CURLE_OK
}
