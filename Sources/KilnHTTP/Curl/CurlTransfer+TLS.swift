import CCurl
import Foundation
import KilnCrypto

// TLS options of a transfer: which server to trust and which client certificate to present.
extension CurlTransfer {
    func configureTLS(_ tls: TLSConfiguration) throws {
        let h = handle
        try h.set(CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2, "SSLVERSION")
        switch tls.trust {
        case .systemRoots:
            try h.set(CURLOPT_SSL_VERIFYPEER, bool: true, "SSL_VERIFYPEER")
            try h.set(CURLOPT_SSL_VERIFYHOST, 2, "SSL_VERIFYHOST")
        case .certificateAuthorities(let pem):
            try h.set(CURLOPT_SSL_VERIFYPEER, bool: true, "SSL_VERIFYPEER")
            try h.set(CURLOPT_SSL_VERIFYHOST, 2, "SSL_VERIFYHOST")
            // Only the given CAs: drop the system bundle and directory.
            try h.set(CURLOPT_CAINFO, string: nil, "CAINFO")
            try h.set(CURLOPT_CAPATH, string: nil, "CAPATH")
            try h.set(CURLOPT_CAINFO_BLOB, blob: Array(pem.utf8), "CAINFO_BLOB")
        case .pinnedCertificate:
            // Verification stays on so OpenSSL consults our callback, which accepts exactly the
            // pinned certificate; the name is not checked because the pin is the identity.
            try h.set(CURLOPT_SSL_VERIFYPEER, bool: true, "SSL_VERIFYPEER")
            try h.set(CURLOPT_SSL_VERIFYHOST, 0, "SSL_VERIFYHOST")
        case .insecureSkipVerification:
            try h.set(CURLOPT_SSL_VERIFYPEER, bool: false, "SSL_VERIFYPEER")
            try h.set(CURLOPT_SSL_VERIFYHOST, 0, "SSL_VERIFYHOST")
        }
        try check(kiln_curl_easy_setopt_ssl_ctx_callback(easy, curlSSLContextCallback), "SSL_CTX_FUNCTION")
        try h.set(CURLOPT_SSL_CTX_DATA, pointer: Unmanaged.passUnretained(self).toOpaque(), "SSL_CTX_DATA")

        if let identity = tls.clientIdentity {
            try h.set(CURLOPT_SSLCERTTYPE, string: "PEM", "SSLCERTTYPE")
            try h.set(CURLOPT_SSLCERT_BLOB, blob: Array(identity.certificatePEM.utf8), "SSLCERT_BLOB")
            try h.set(CURLOPT_SSLKEYTYPE, string: "PEM", "SSLKEYTYPE")
            try h.set(CURLOPT_SSLKEY_BLOB, blob: Array(try pkcs8(identity.privateKeyPEM).utf8), "SSLKEY_BLOB")
        }
    }

    /// The key as PKCS#8, which OpenSSL reads whatever the key type. Talos writes Ed25519 keys
    /// under its own `ED25519 PRIVATE KEY` label, which OpenSSL does not know.
    private func pkcs8(_ keyPEM: String) throws -> String {
        do {
            return try PrivateKey(pem: keyPEM).pem(.pkcs8)
        } catch {
            // The crypto error describes the key's format, never its content.
            throw HTTPError(.invalidRequest, request: requestDescription, message: "the client private key cannot be used: \(error)")
        }
    }
}
