/// An error in Proxmox VE's shape: the message travels as the HTTP reason phrase, and the body is
/// `{"data":null,"message":"…\n","errors":{param: message}}`.
public struct PVEError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    public var message: String
    /// Per-parameter messages (400 "Parameter verification failed.").
    public var errors: [String: String]

    public init(status: Int, _ message: String, errors: [String: String] = [:]) {
        self.status = status
        self.message = message
        self.errors = errors
    }

    public var description: String { "\(status) \(message)" }

    /// 400 "Parameter verification failed." with one message per offending parameter.
    public static func parameters(_ errors: [String: String]) -> PVEError {
        PVEError(status: 400, "Parameter verification failed.", errors: errors)
    }

    public static func parameter(_ name: String, _ message: String) -> PVEError { parameters([name: message]) }

    public static func unauthorized(_ message: String = "No ticket") -> PVEError { PVEError(status: 401, message) }

    /// 403 as PVE words it: `Permission check failed (/vms/100, VM.Clone)`.
    public static func permission(_ path: String, _ privilege: String) -> PVEError {
        PVEError(status: 403, "Permission check failed (\(path), \(privilege))")
    }

    /// 500 for a VM that is not on `node` (or nowhere).
    public static func noSuchVM(_ vmid: Int, node: String) -> PVEError {
        PVEError(status: 500, "Configuration file 'nodes/\(node)/qemu-server/\(vmid).conf' does not exist")
    }

    public static func server(_ message: String) -> PVEError { PVEError(status: 500, message) }

    public static let missing = "property is missing and it is not optional"
}
