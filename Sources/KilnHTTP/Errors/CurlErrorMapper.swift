import CCurl
import KilnCrypto

/// Turns a libcurl result code into an `HTTPError` that says what failed and what to do.
enum CurlErrorMapper {
    static func error(for code: CURLcode, transfer: CurlTransfer) -> HTTPError {
        let request = transfer.requestDescription
        let curlText = transfer.curlErrorText.isEmpty ? String(cString: curl_easy_strerror(code)) : transfer.curlErrorText
        let fingerprint = transfer.observation.leafSHA256
        func make(_ kind: HTTPError.Kind, _ message: String) -> HTTPError {
            HTTPError(kind, request: request, message: message, serverCertificateSHA256: fingerprint,
                      curlCode: Int32(code.rawValue))
        }

        // Our verify callback knows more than libcurl's message: which certificate, and why.
        if let failure = transfer.observation.failure, let seen = fingerprint {
            switch failure {
            case .pinMismatch(let expected):
                return make(.pinMismatch, """
                    the server presented a certificate with SHA-256 fingerprint \(colonHex(seen)), \
                    but \(colonHex(expected)) is pinned; if the server's certificate was replaced on purpose, update the pin
                    """)
            case .untrusted(let reason):
                return make(.untrustedServer, untrustedMessage(reason: reason, fingerprint: seen))
            }
        }

        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL where transfer.redirectCount > 0:
            return make(.insecureRedirect, "refused a redirect away from https (\(curlText))")
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return make(.invalidRequest, curlText)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return make(.hostNotFound, "\(curlText); check the host name and DNS")
        case CURLE_COULDNT_CONNECT:
            return make(.connectionFailed, "\(curlText); is the server running and reachable from here?")
        case CURLE_OPERATION_TIMEDOUT:
            return transfer.connectionWasEstablished
                ? make(.requestTimeout, "no complete response in time (\(curlText))")
                : make(.connectTimeout, "could not connect in time (\(curlText))")
        case CURLE_PEER_FAILED_VERIFICATION:
            return make(.untrustedServer, untrustedMessage(reason: curlText, fingerprint: fingerprint))
        case CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_CLIENTCERT,
             CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CRL_BADFILE, CURLE_SSL_CACERT_BADFILE, CURLE_USE_SSL_FAILED:
            return make(.tlsFailed, "TLS handshake failed: \(curlText)")
        case CURLE_RECV_ERROR where curlText.contains("alert") || curlText.contains("SSL"),
             CURLE_SEND_ERROR where curlText.contains("alert") || curlText.contains("SSL"):
            // Under TLS 1.3 a server checks our client certificate after the handshake, so its
            // refusal arrives as an alert on the first read.
            return make(.tlsFailed, "the server ended the TLS session: \(curlText); check that the client certificate is issued by a CA the server trusts")
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR:
            // libcurl keeps the *first* message of a transfer in the error buffer, which may be a
            // harmless one (e.g. getpeername() on a socket the server already reset), so the code
            // itself is named too.
            var error = make(.transferFailed, "\(String(cString: curl_easy_strerror(code))) (\(curlText))")
            if transfer.observation.leafSHA256 != nil, !transfer.responseStarted {
                error.closedAfterTLSHandshake = true
                error.message = "the server closed the connection right after the TLS handshake, before any response: \(error.message)"
            }
            return error
        case CURLE_TOO_MANY_REDIRECTS:
            return make(.tooManyRedirects, curlText)
        case CURLE_WRITE_ERROR:
            return make(.localFile, curlText)
        default:
            return make(.transferFailed, curlText)
        }
    }

    private static func untrustedMessage(reason: String, fingerprint: [UInt8]?) -> String {
        guard let fingerprint else { return "the server's certificate is not trusted: \(reason)" }
        return """
            the server's certificate is not trusted (\(reason)); its SHA-256 fingerprint is \(colonHex(fingerprint)). \
            If that is your server's certificate, pin this fingerprint or trust the CA that issued it
            """
    }

    static func colonHex(_ bytes: [UInt8]) -> String { Hex.encode(bytes, uppercase: true, separator: ":") }
}
