import Foundation
import KilnHTTP

extension ProxmoxError {
    /// Builds the error for a non-2xx response: the message is the reason phrase (the body's
    /// `message` when the reason is empty, as over HTTP/2), the `errors` map comes from the body.
    static func from(response: HTTPResponse, request: String) -> ProxmoxError {
        let body = try? ProxmoxValue.parse(response.body)
        var errors: [String: String] = [:]
        for (key, value) in body?["errors"]?.object ?? [:] {
            errors[key] = value.string ?? value.description
        }
        var reason = response.reason.trimmingCharacters(in: .whitespaces)
        if let message = body?["message"]?.string?.trimmingCharacters(in: .whitespacesAndNewlines), !message.isEmpty,
           reason.isEmpty || reason.count < message.count && message.hasPrefix(reason) {
            reason = message
        }
        if reason.isEmpty { reason = HTTPStatusText.text(for: response.status) }
        let kind = classify(status: response.status, reason: reason, errors: errors)
        return ProxmoxError(kind: kind, request: request, status: response.status, reason: reason, errors: errors)
    }

    static func classify(status: Int, reason: String, errors: [String: String]) -> Kind {
        let texts = [reason.lowercased()] + errors.values.map { $0.lowercased() }
        func says(_ phrase: String) -> Bool { texts.contains { $0.contains(phrase) } }
        switch status {
        case 401: return .authentication
        case 403: return .permission
        default: break
        }
        if says("can't lock file") || says("unable to lock") { return .locked }
        if says("already exists") { return .alreadyExists }
        if says("does not exist") || says("not found") || status == 404 { return .notFound }
        if status == 400, !errors.isEmpty { return .parameters }
        if status >= 500, says("got timeout") || says("got no worker upid") || says("connection reset")
            || (502...504).contains(status) {
            return .transient
        }
        return .other
    }

    /// A request that got no response. `mayHaveStarted` is true for calls that start tasks or
    /// create objects: a timeout or reset after the request went out cannot be resent.
    static func from(transport error: HTTPError, request: String, mayHaveStarted: Bool) -> ProxmoxError {
        let kind: Kind
        switch error.kind {
        case .connectionFailed, .connectTimeout:
            // Nothing reached the server: always safe to resend.
            kind = .transient
        case .requestTimeout, .transferFailed:
            kind = mayHaveStarted ? .outcomeUnknown : .transient
        case .hostNotFound, .untrustedServer, .pinMismatch, .tlsFailed, .insecureRedirect, .tooManyRedirects:
            kind = .connection
        case .bodyTooLarge:
            kind = .invalidResponse
        case .invalidRequest, .localFile, .cancelled:
            kind = .other
        }
        return ProxmoxError(kind: kind, request: request, reason: error.message, transport: error.kind)
    }
}

enum HTTPStatusText {
    static func text(for status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "HTTP \(status)"
        }
    }
}
