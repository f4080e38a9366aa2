import Foundation
import KilnCrypto

/// PVE's two ways in: `Authorization: PVEAPIToken=USER@REALM!ID=SECRET`, or a ticket from
/// `POST /access/ticket` sent as cookie `PVEAuthCookie`, with header `CSRFPreventionToken` on
/// every write.
public struct Authenticator: Sendable {
    struct Ticket: Sendable {
        let user: String
        let csrf: String
        let expires: Date
    }

    let users: [LabConfig.User]
    private var tickets: [String: Ticket] = [:]
    /// PVE tickets last two hours.
    static let ticketLifetime: TimeInterval = 2 * 3600

    init(users: [LabConfig.User]) { self.users = users }

    /// The identity behind a request's headers, or PVE's 401.
    func identify(authorization: String?, cookie: String?, csrfHeader: String?, isWrite: Bool) throws -> Identity {
        if let authorization, authorization.hasPrefix("PVEAPIToken") {
            return try token(authorization)
        }
        guard let ticketText = Self.cookieValue(cookie, name: "PVEAuthCookie") else { throw PVEError.unauthorized("No ticket") }
        guard let ticket = tickets[ticketText], ticket.expires > Date(),
              let user = users.first(where: { $0.userid == ticket.user }) else {
            throw PVEError.unauthorized("invalid ticket")
        }
        if isWrite && csrfHeader != ticket.csrf {
            throw PVEError.unauthorized("Permission denied - invalid csrf token")
        }
        return Identity(user: user.userid, tokenID: nil, method: .ticket, privileges: PrivilegeSet(user.privileges))
    }

    private func token(_ header: String) throws -> Identity {
        // PVEAPIToken=USER@REALM!ID=SECRET (PVE also accepts a space or colon after the scheme).
        var value = Substring(header.dropFirst("PVEAPIToken".count))
        guard let separator = value.first, separator == "=" || separator == " " || separator == ":" else {
            throw PVEError.unauthorized("invalid token value!")
        }
        value = value.dropFirst()
        guard let bang = value.firstIndex(of: "!"), let equals = value[bang...].firstIndex(of: "=") else {
            throw PVEError.unauthorized("invalid token value!")
        }
        let userid = String(value[..<bang])
        let tokenID = String(value[value.index(after: bang)..<equals])
        let secret = String(value[value.index(after: equals)...])
        guard let user = users.first(where: { $0.userid == userid }),
              let token = user.tokens.first(where: { $0.id == tokenID }) else {
            throw PVEError.unauthorized("no such token '\(tokenID)' for user '\(userid)'")
        }
        guard Self.constantTimeEqual(token.secret, secret) else { throw PVEError.unauthorized("invalid token value!") }
        // A token never holds more than its user (PVE's privilege separation).
        let granted = (token.privileges ?? user.privileges).filter { PrivilegeSet(user.privileges).contains($0) }
        return Identity(user: userid, tokenID: tokenID, method: .token, privileges: PrivilegeSet(granted))
    }

    /// `POST /access/ticket`: a new ticket and CSRF token, or 401 "authentication failure".
    mutating func login(username: String, password: String) throws -> (ticket: String, csrf: String, user: LabConfig.User) {
        guard let user = users.first(where: { $0.userid == username }), let expected = user.password,
              Self.constantTimeEqual(expected, password) else {
            throw PVEError.unauthorized("authentication failure")
        }
        let now = Date()
        let stamp = String(Int(now.timeIntervalSince1970), radix: 16, uppercase: true)
        let ticket = "PVE:\(username):\(stamp)::\(Base64.encode(try SecureRandom.bytes(48)))"
        let csrf = "\(stamp):\(Base64.encode(try SecureRandom.bytes(20)).replacingOccurrences(of: "=", with: ""))"
        tickets = tickets.filter { $0.value.expires > now }
        tickets[ticket] = Ticket(user: username, csrf: csrf, expires: now + Self.ticketLifetime)
        return (ticket, csrf, user)
    }

    static func cookieValue(_ header: String?, name: String) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces)
            if pair.hasPrefix(name + "=") {
                let raw = String(pair.dropFirst(name.count + 1))
                return raw.removingPercentEncoding ?? raw
            }
        }
        return nil
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
