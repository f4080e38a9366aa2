import Logging

/// The safety net under "never log a secret": metadata whose key sounds secret, or whose value
/// looks like a credential, prints as `(redacted)`. Code should not log secrets in the first
/// place; this catches the slip.
enum LogRedaction {
    static let placeholder = "(redacted)"

    /// Parts of key names that mark a secret value.
    static let secretWords = ["token", "password", "passwd", "passphrase", "secret", "key", "ticket",
                              "kubeconfig", "talosconfig", "credential", "cookie", "csrf", "auth", "private", "cert"]

    /// Whether values under `key` are secret. Identifiers of secrets (`keyID`, `token_id`) are
    /// not: they name a secret without revealing it, and help when debugging a wrong key.
    static func isSecretKey(_ key: String) -> Bool {
        let lowered = key.lowercased()
        if lowered.hasSuffix("id") || lowered.hasSuffix("ids") { return false }
        return secretWords.contains { lowered.contains($0) }
    }

    /// Values that are credentials whatever their key says: PEM private keys, Proxmox API
    /// tokens and tickets, bearer tokens.
    static func looksSecret(_ value: String) -> Bool {
        value.contains("PRIVATE KEY-----") || value.contains("PVEAPIToken=") || value.contains("PVEAuthCookie=")
            || value.hasPrefix("PVE:") || value.lowercased().hasPrefix("bearer ")
    }

    static func redacted(_ metadata: Logger.Metadata) -> Logger.Metadata {
        var result: Logger.Metadata = [:]
        for (key, value) in metadata {
            result[key] = isSecretKey(key) ? .string(placeholder) : redacted(value)
        }
        return result
    }

    static func redacted(_ value: Logger.MetadataValue) -> Logger.MetadataValue {
        switch value {
        case .string(let text): looksSecret(text) ? .string(placeholder) : value
        case .stringConvertible(let convertible): looksSecret(convertible.description) ? .string(placeholder) : value
        case .dictionary(let dictionary): .dictionary(redacted(dictionary))
        case .array(let values): .array(values.map(redacted))
        }
    }
}
