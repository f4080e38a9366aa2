/// Decides trust for a presented host key and, when refusing, writes the message users act on.
enum HostKeyVerifier {
    enum Verdict {
        case trusted
        case unknown
        case changed(recorded: [KnownHosts.Entry])
        case revoked(KnownHosts.Entry)
    }

    /// OpenSSH's order: a revoked key is refused even if another line also lists it as valid.
    static func verdict(for key: PresentedHostKey, host: String, port: Int, in knownHosts: KnownHosts) -> Verdict {
        let matching = knownHosts.entries(forHost: host, port: port)
        if let revoked = matching.first(where: { $0.marker == .revoked && $0.keyBlob == key.blob }) {
            return .revoked(revoked)
        }
        let recorded = matching.filter { $0.marker == .none }
        if recorded.contains(where: { $0.keyBlob == key.blob }) { return .trusted }
        return recorded.isEmpty ? .unknown : .changed(recorded: recorded)
    }

    /// Host-key algorithms to offer, most wanted first. Types recorded for the host come first so
    /// a server with several host keys presents the one we know (as OpenSSH does); otherwise
    /// Ed25519 first.
    static func preferredAlgorithms(policy: HostKeyPolicy, host: String, port: Int) -> [String] {
        var types: [SSHKeyType] = []
        if case .knownHostsFile(let path) = policy, let known = try? KnownHosts.load(path: path) {
            for entry in known.entries(forHost: host, port: port) where entry.marker == .none {
                if !types.contains(entry.keyType) { types.append(entry.keyType) }
            }
        }
        for type in SSHKeyType.defaultOrder where !types.contains(type) { types.append(type) }
        return types.flatMap(\.hostKeyAlgorithms)
    }

    /// Throws unless the policy trusts `key`.
    static func verify(_ key: PresentedHostKey, host: String, port: Int, policy: HostKeyPolicy) throws {
        let endpoint = Endpoint.describe(host: host, port: port)
        let context = "verifying the host key"
        switch policy {
        case .insecureAcceptAny:
            return
        case .pinned(let fingerprints):
            let wanted = Set(fingerprints.map(SSHFingerprint.normalized))
            if wanted.contains(key.fingerprint) { return }
            throw SSHError(.hostKeyUnknown, endpoint: endpoint, context: context,
                           detail: "the server presented \(key.type.rawValue) \(key.fingerprint), which is not among the pinned fingerprints",
                           hint: """
                           Pinned: \(fingerprints.joined(separator: ", "))
                           Check the key on the node itself: ssh-keygen -lf \(key.type.serverPublicKeyPath)
                           and pin the fingerprint it prints if it matches.
                           """)
        case .knownHostsFile(let path):
            let known: KnownHosts
            do {
                known = try KnownHosts.load(path: path)
            } catch {
                throw SSHError(.localFileFailed, endpoint: endpoint, context: context,
                               detail: "cannot read known_hosts file \(path)")
            }
            switch verdict(for: key, host: host, port: port, in: known) {
            case .trusted:
                return
            case .unknown:
                throw unknownError(key, host: host, port: port, path: path, known: known)
            case .changed(let recorded):
                throw changedError(key, host: host, port: port, path: path, recorded: recorded)
            case .revoked(let entry):
                throw SSHError(.hostKeyRevoked, endpoint: endpoint, context: context,
                               detail: "the server presented \(key.type.rawValue) \(key.fingerprint), which \(path):\(entry.line) marks @revoked; refusing to connect",
                               hint: "A revoked key means the node's key was compromised or retired: re-key the node and record its new key.")
            }
        }
    }

    private static func keyscanCommand(_ key: PresentedHostKey, host: String, port: Int, path: String) -> String {
        "ssh-keyscan -p \(port) -t \(key.type.shortName) \(host) >> \(path)"
    }

    private static func unknownError(_ key: PresentedHostKey, host: String, port: Int, path: String,
                                     known: KnownHosts) -> SSHError {
        var hint = """
        To trust this node, first check the fingerprint on the node itself (its console, or a session you already trust):
          ssh-keygen -lf \(key.type.serverPublicKeyPath)
        If it prints the same \(key.fingerprint), record the key:
          \(keyscanCommand(key, host: host, port: port, path: path))
        """
        if !known.issues.isEmpty {
            hint += "\nNote: \(path) has lines kiln skipped: " + known.issues.map(\.description).joined(separator: "; ")
        }
        return SSHError(.hostKeyUnknown, endpoint: Endpoint.describe(host: host, port: port),
                        context: "verifying the host key",
                        detail: "host key \(key.type.rawValue) \(key.fingerprint) is not known: \(path) has no entry for \(HostPattern.lookupName(host: host, port: port))",
                        hint: hint)
    }

    private static func changedError(_ key: PresentedHostKey, host: String, port: Int, path: String,
                                     recorded: [KnownHosts.Entry]) -> SSHError {
        let lines = recorded.map { "  \(path):\($0.line): \($0.keyType.rawValue) \($0.fingerprint)" }
        let name = HostPattern.lookupName(host: host, port: port)
        return SSHError(.hostKeyChanged, endpoint: Endpoint.describe(host: host, port: port),
                        context: "verifying the host key",
                        detail: "HOST KEY CHANGED: the server presented \(key.type.rawValue) \(key.fingerprint), but known_hosts records a different key",
                        hint: """
                        Recorded:
                        \(lines.joined(separator: "\n"))
                        Either the node was reinstalled or re-keyed, or someone is intercepting the connection.
                        Check the key on the node itself: ssh-keygen -lf \(key.type.serverPublicKeyPath)
                        Only if it prints \(key.fingerprint), replace the old entry:
                          ssh-keygen -R '\(name)' -f \(path)
                          \(keyscanCommand(key, host: host, port: port, path: path))
                        """)
    }
}
