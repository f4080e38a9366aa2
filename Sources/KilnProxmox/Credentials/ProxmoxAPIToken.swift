/// A Proxmox VE API token, `USER@REALM!TOKENID=SECRET`. The secret is only ever put into the
/// `Authorization` header: descriptions and errors show the token id alone.
public struct ProxmoxAPIToken: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `USER@REALM!TOKENID`: who the token belongs to, safe to show.
    public let tokenID: String
    let secret: String

    /// Parses the form PVE accepts (`^\S+@\S+!\S+=[a-zA-Z0-9-]+$`); nil when `text` does not match.
    public init?(_ text: String) {
        guard let equals = text.lastIndex(of: "=") else { return nil }
        let id = text[..<equals]
        let secret = text[text.index(after: equals)...]
        guard !secret.isEmpty, secret.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }),
              !id.contains(where: \.isWhitespace),
              let at = id.firstIndex(of: "@"), at != id.startIndex,
              let bang = id[at...].firstIndex(of: "!"), id.index(after: at) < bang,
              id.index(after: bang) < id.endIndex
        else { return nil }
        tokenID = String(id)
        self.secret = String(secret)
    }

    /// The value of the `Authorization` header.
    var authorizationHeader: String { "PVEAPIToken=\(tokenID)=\(secret)" }

    public var description: String { "\(tokenID)=<redacted>" }
    public var debugDescription: String { description }
    /// `dump()` and debuggers show the id alone, too.
    public var customMirror: Mirror { Mirror(self, children: ["tokenID": tokenID, "secret": "<redacted>"]) }
}
