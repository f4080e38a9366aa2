import Foundation
import KilnHTTP

/// A Proxmox VE API client over `KilnHTTP`: form-encoded requests, token or ticket auth,
/// `{"data": …}` responses read leniently, PVE's errors turned into `ProxmoxError`, transient
/// failures retried with backoff, and tasks waited on (see `waitForTask`).
///
/// Resending rule: a GET is resent after any transient failure. Anything else is resent only
/// when PVE *answered* that it did nothing (a retryable error status) or the connection was never
/// made; a timeout or reset after the request went out becomes `.outcomeUnknown`, because PVE may
/// have started the task. A call that returned a UPID is never sent again.
public actor ProxmoxClient {
    public nonisolated let settings: ProxmoxConnectionSettings
    public nonisolated let options: ProxmoxClientOptions
    let http: HTTPClient
    private var ticket: TicketSession?
    private var pendingLogin: Task<TicketSession, any Error>?

    struct TicketSession: Sendable {
        var ticket: String
        var csrfToken: String
        var obtained: ContinuousClock.Instant
    }

    public init(settings: ProxmoxConnectionSettings, options: ProxmoxClientOptions = ProxmoxClientOptions()) throws {
        self.settings = settings
        self.options = options
        http = try HTTPClient(configuration: HTTPClientConfiguration(
            tls: TLSConfiguration(trust: settings.trust),
            connectTimeout: options.connectTimeout, requestTimeout: options.requestTimeout,
            version: .http1_1, redirects: .none, proxy: options.proxy, userAgent: "kiln"))
        // HTTP/1.1 on purpose: PVE puts its error text in the reason phrase, which HTTP/2 does not have.
    }

    // MARK: Calls

    /// `method path` with `parameters` (query for GET/DELETE, form body otherwise), retried per
    /// the policy; returns the response's `data`.
    public func call(_ method: HTTPMethod, _ path: String, _ parameters: ProxmoxParameters = ProxmoxParameters())
        async throws -> ProxmoxValue
    {
        var attempts = 0
        return try await envelope(method, path, parameters, attempts: &attempts)["data"] ?? .null
    }

    /// Like `call`, for a call that starts a task: returns its UPID, which is never sent again.
    /// With `adoptingAlreadyExists`, an "already exists" answer to a *retry* means an earlier
    /// attempt worked: `.alreadyDone`, for the caller to adopt.
    public func dispatch(_ method: HTTPMethod, _ path: String, _ parameters: ProxmoxParameters = ProxmoxParameters(),
                         adoptingAlreadyExists: Bool = false) async throws -> ProxmoxDispatch
    {
        let request = "\(method) \(path)"
        var attempts = 0
        let data: ProxmoxValue
        do {
            data = try await envelope(method, path, parameters, attempts: &attempts)["data"] ?? .null
        } catch let error as ProxmoxError
            where adoptingAlreadyExists && error.kind == .alreadyExists && attempts > 1 {
            return .alreadyDone(reason: error.reason)
        }
        guard let text = data.string, let upid = UPID(text) else {
            throw ProxmoxError(kind: .invalidResponse, request: request, reason: "expected a task id (UPID), got \(data)")
        }
        return .started(upid)
    }

    /// The whole `{"data": …}` body (some calls put more beside `data`, e.g. `total`), retried per
    /// the policy; `attempts` counts the tries made.
    func envelope(_ method: HTTPMethod, _ path: String, _ parameters: ProxmoxParameters, attempts: inout Int)
        async throws -> ProxmoxValue
    {
        attempts = 0
        while true {
            attempts += 1
            do {
                return try await sendAuthenticated(method, path, parameters)
            } catch let error as ProxmoxError where error.isRetryable && attempts < options.retry.attempts {
                try await options.clock.sleep(options.retry.delay(afterFailure: attempts - 1))
            }
        }
    }

    private func sendAuthenticated(_ method: HTTPMethod, _ path: String, _ parameters: ProxmoxParameters)
        async throws -> ProxmoxValue
    {
        var loggedInAgain = false
        while true {
            var headers: HTTPHeaders = [:]
            var usedTicket: String?
            switch settings.credentials {
            case .apiToken(let token):
                headers.set("Authorization", token.authorizationHeader)
            case .password:
                let session = try await currentTicket()
                usedTicket = session.ticket
                headers.set("Cookie", "PVEAuthCookie=\(session.ticket)")
                if method != .get { headers.set("CSRFPreventionToken", session.csrfToken) }
            }
            do {
                return try await send(method, path, parameters, headers: headers)
            } catch let error as ProxmoxError where error.kind == .authentication && usedTicket != nil && !loggedInAgain {
                // The ticket was refused before its time (PVE restarted, keys rotated): log in once more.
                if ticket?.ticket == usedTicket { ticket = nil }
                loggedInAgain = true
            }
        }
    }

    /// One HTTP exchange, no retries.
    private func send(_ method: HTTPMethod, _ path: String, _ parameters: ProxmoxParameters, headers extra: HTTPHeaders)
        async throws -> ProxmoxValue
    {
        let request = "\(method) \(path)"
        var urlText = settings.apiURL.absoluteString + path
        var body: Data?
        var headers = extra
        headers.set("Accept", "application/json")
        if method == .get || method == .delete || method == .head {
            if !parameters.isEmpty { urlText += "?" + parameters.formEncoded }
        } else {
            headers.set("Content-Type", "application/x-www-form-urlencoded")
            body = Data(parameters.formEncoded.utf8)
        }
        guard let url = URL(string: urlText) else {
            throw ProxmoxError(kind: .other, request: request, reason: "not a valid URL path")
        }
        let response: HTTPResponse
        do {
            // A write on a new connection: libcurl would otherwise resend it by itself when a kept-alive
            // connection dies unanswered, and PVE may have started its task.
            response = try await http.send(HTTPRequest(method: method, url: url, headers: headers, body: body,
                                                       freshConnection: method != .get && method != .head))
        } catch let error as HTTPError {
            if error.kind == .cancelled || Task.isCancelled { throw CancellationError() }
            throw ProxmoxError.from(transport: error, request: request, mayHaveStarted: method != .get)
        }
        guard response.isSuccess else { throw ProxmoxError.from(response: response, request: request) }
        guard let value = try? ProxmoxValue.parse(response.body), value.object != nil else {
            throw ProxmoxError(kind: .invalidResponse, request: request, status: response.status,
                               reason: "the response is not a JSON object with `data`")
        }
        return value
    }

    // MARK: Tickets

    private func currentTicket() async throws -> TicketSession {
        if let ticket, options.clock.now() - ticket.obtained < options.ticketRenewal { return ticket }
        if let pendingLogin { return try await pendingLogin.value }
        guard case .password(let username, let password) = settings.credentials else {
            preconditionFailure("tickets are only used with password credentials")
        }
        let login = Task { try await self.logIn(username: username, password: password) }
        pendingLogin = login
        defer { pendingLogin = nil }
        let session = try await login.value
        ticket = session
        return session
    }

    private func logIn(username: String, password: ProxmoxPassword) async throws -> TicketSession {
        var parameters = ProxmoxParameters()
        parameters["username"] = .string(username)
        parameters["password"] = .string(password.value)
        var attempt = 0
        while true {
            do {
                let started = options.clock.now()
                let data = try await send(.post, "/access/ticket", parameters, headers: [:])["data"] ?? .null
                guard let ticket = data["ticket"]?.string, let csrf = data["CSRFPreventionToken"]?.string else {
                    throw ProxmoxError(kind: .invalidResponse, request: "POST /access/ticket",
                                       reason: "the login answer has no ticket or CSRFPreventionToken")
                }
                return TicketSession(ticket: ticket, csrfToken: csrf, obtained: started)
            } catch let error as ProxmoxError where error.isRetryable && attempt + 1 < options.retry.attempts {
                try await options.clock.sleep(options.retry.delay(afterFailure: attempt))
                attempt += 1
            }
        }
    }

    // MARK: Paths

    /// `/nodes/pve/qemu/100`, each segment percent-encoded.
    nonisolated static func path(_ segments: any CustomStringConvertible...) -> String {
        segments.map { "/" + FormEncoding.pathSegment($0.description) }.joined()
    }
}
