import KilnHTTP

/// A Proxmox VE call that failed: what was asked (method and path, never parameters or
/// credentials), what PVE answered (status, the reason phrase it puts its message in, the
/// per-parameter `errors` map), and what kind of failure that is.
///
/// `hint` says what to do; the provider makes this type an engine `HintedError` (this module
/// sits below the engine and does not import it).
public struct ProxmoxError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// 401: the token or ticket was refused.
        case authentication
        /// 403: PVE's message names the path and the missing privilege.
        case permission
        /// 400 with a per-parameter `errors` map.
        case parameters
        /// "Configuration file … does not exist", "… not found": the VM is gone or on another node.
        case notFound
        /// "VM N already exists".
        case alreadyExists
        /// "can't lock file '/var/lock/qemu-server/lock-N.conf' - got timeout": another operation
        /// holds the VM (or its template). Retried with backoff.
        case locked
        /// HTTP ≥ 500 with "got timeout" / "got no worker upid", 502–504, a reset connection
        /// on a call that is safe to resend. Retried with backoff.
        case transient
        /// A task ran and failed.
        case task(upid: String, exitStatus: String, lastLogLines: [String])
        /// A call that may start a task got no answer (timeout, reset after sending): PVE may have
        /// started it. It is never resent; look the object up (`/cluster/resources`) and adopt it.
        case outcomeUnknown
        /// Could not reach or trust the server (DNS, refused, TLS, pin mismatch).
        case connection
        /// PVE answered 2xx with something kiln cannot read.
        case invalidResponse
        case other
    }

    public var kind: Kind
    /// `POST /nodes/pve/qemu/9000/clone`.
    public var request: String
    /// HTTP status; nil when no response arrived.
    public var status: Int?
    /// PVE's message: the reason phrase (or the body's `message`, or the transport's error).
    public var reason: String
    /// Per-parameter messages from the body's `errors`, e.g. `["memory": "value must have a minimum value of 16"]`.
    public var errors: [String: String]
    /// The transport failure behind a missing response.
    public var transport: HTTPError.Kind?

    public init(kind: Kind, request: String, status: Int? = nil, reason: String, errors: [String: String] = [:],
                transport: HTTPError.Kind? = nil) {
        self.kind = kind
        self.request = request
        self.status = status
        self.reason = reason
        self.errors = errors
        self.transport = transport
    }

    /// Worth sending again (after a pause): the server said so, or never received the request.
    public var isRetryable: Bool { kind == .transient || kind == .locked }

    public var description: String {
        var text = "\(request): "
        if let status { text += "HTTP \(status) " }
        text += reason
        if !errors.isEmpty {
            text += " (" + errors.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ") + ")"
        }
        if case .task(let upid, let exitStatus, let lines) = kind {
            text += "\ntask \(upid) ended with: \(exitStatus)"
            if !lines.isEmpty { text += "\nlast lines of its log:\n" + lines.map { "  " + $0 }.joined(separator: "\n") }
        }
        return text
    }

    /// What the user can do about it.
    public var hint: String {
        switch kind {
        case .authentication:
            "check PROXMOX_VE_API_TOKEN (or PROXMOX_VE_USERNAME/PROXMOX_VE_PASSWORD): the token may be deleted, expired or mistyped"
        case .permission:
            if let (path, privilege) = missingPrivilege {
                "grant \(privilege) on \(path) to the token's user and to the token itself (tokens with privilege separation need their own ACL), in Datacenter → Permissions"
            } else {
                "grant the privilege PVE names above to the token's user (and to the token, if it has privilege separation) in Datacenter → Permissions"
            }
        case .parameters:
            "PVE rejected the parameters listed above; check the matching settings in the plan"
        case .notFound:
            "the VM is gone or has moved to another Proxmox node; `kiln plan` refreshes from /cluster/resources and shows what changed"
        case .alreadyExists:
            "the VMID is taken: pin another VMID in the plan, or let kiln pick the next free one"
        case .locked:
            "another operation holds the VM's lock (often a clone of the same template); wait for it to finish, then run `kiln apply` again"
        case .transient:
            "Proxmox VE was busy or restarting; run `kiln apply` again, what finished is kept"
        case .task:
            "the task's log lines above say why it failed; see also the node's Tasks panel in the PVE web interface"
        case .outcomeUnknown:
            "PVE may have started this operation; kiln did not send it twice. Run `kiln apply` again: it looks the VM up before creating anything"
        case .connection:
            switch transport {
            case .pinMismatch?:
                "the certificate changed since it was pinned: if that was on purpose, update the fingerprint in the plan"
            case .untrustedServer?:
                "PVE uses a self-signed certificate by default: give the plan its CA (/etc/pve/pve-root-ca.pem) or pin its SHA-256 fingerprint"
            case .hostNotFound?:
                "check the host name in PROXMOX_VE_ENDPOINT"
            default:
                "check PROXMOX_VE_ENDPOINT and that port 8006 is reachable from here"
            }
        case .invalidResponse:
            "the server does not answer like Proxmox VE; check that PROXMOX_VE_ENDPOINT points at a PVE node"
        case .other:
            "see PVE's message above"
        }
    }

    /// `Permission check failed (/vms/100, VM.Clone)` → (`/vms/100`, `VM.Clone`).
    public var missingPrivilege: (path: String, privilege: String)? {
        guard let open = reason.lastIndex(of: "("), let close = reason.lastIndex(of: ")"), open < close else { return nil }
        let parts = reason[reason.index(after: open)..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, parts[0].hasPrefix("/") else { return nil }
        return (parts[0], parts[1])
    }
}
