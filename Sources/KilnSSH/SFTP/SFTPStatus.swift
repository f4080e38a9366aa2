/// SFTP status codes (draft-ietf-secsh-filexfer-13 §9.1) with the names users read in errors.
public struct SFTPStatus: Equatable, Hashable, Sendable, CustomStringConvertible {
    public let code: UInt

    public init(code: UInt) { self.code = code }

    public static let eof = SFTPStatus(code: 1)
    public static let noSuchFile = SFTPStatus(code: 2)
    public static let permissionDenied = SFTPStatus(code: 3)
    public static let failure = SFTPStatus(code: 4)
    public static let opUnsupported = SFTPStatus(code: 8)
    public static let noSuchPath = SFTPStatus(code: 10)
    public static let fileAlreadyExists = SFTPStatus(code: 11)
    public static let noSpaceOnFilesystem = SFTPStatus(code: 14)

    public var name: String {
        switch code {
        case 0: "ok"
        case 1: "end of file"
        case 2: "no such file"
        case 3: "permission denied"
        case 4: "failure"
        case 5: "bad message"
        case 6: "no connection"
        case 7: "connection lost"
        case 8: "operation unsupported"
        case 9: "invalid handle"
        case 10: "no such path"
        case 11: "file already exists"
        case 12: "write protected"
        case 13: "no media"
        case 14: "no space on filesystem"
        case 15: "quota exceeded"
        case 16: "unknown principal"
        case 17: "lock conflict"
        case 18: "directory not empty"
        case 19: "not a directory"
        case 20: "invalid filename"
        case 21: "link loop"
        default: "status \(code)"
        }
    }

    public var description: String { name }
}
