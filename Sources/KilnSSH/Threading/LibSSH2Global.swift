import CSSH2

/// `libssh2_init` must run once per process before any session, and is not thread-safe itself.
/// A `static let` is initialised exactly once under Swift's runtime lock, which gives us both.
enum LibSSH2Global {
    private static let status: Int32 = libssh2_init(0)

    /// Ensures the library is initialised; a non-zero status means the crypto backend failed.
    static func ensureInitialized() -> Int32 { status }
}
