import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Loopback ports for servers the tests start.
public enum Ports {
    /// A TCP port that was free a moment ago on 127.0.0.1. Servers that cannot bind port 0 and
    /// report it need this; callers retry on the rare race with another process.
    public static func free() -> UInt16 {
        let (fd, port) = bindLoopback()
        close(fd)
        return port
    }

    /// A socket bound to a port of 127.0.0.1 the kernel picks, not listening.
    private static func bindLoopback() -> (fd: Int32, port: UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        precondition(fd >= 0, "socket() failed")
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        precondition(bound == 0, "bind() failed")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return (fd, UInt16(bigEndian: addr.sin_port))
    }

    /// Whether something accepts TCP connections on host:port right now.
    public static func isAccepting(host: String = "127.0.0.1", port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr(host)
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// A loopback port that refuses connections for as long as the value lives: a socket bound
    /// to it but never listening. Unlike a port that was free a moment ago, no server started by
    /// another test can take it meanwhile and answer in its place.
    public final class Refusing: @unchecked Sendable {
        public let port: UInt16
        private let fd: Int32

        public init() { (fd, port) = Ports.bindLoopback() }

        deinit { close(fd) }
    }
}
