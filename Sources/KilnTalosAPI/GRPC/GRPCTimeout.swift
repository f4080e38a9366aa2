/// The `grpc-timeout` header: at most 8 digits and a unit (u, m, S, M, H). The finest unit that
/// fits is used, rounding up, as gRPC's own clients do: the server never gives up before the
/// caller would.
public enum GRPCTimeout {
    static let maxValue: Int128 = 99_999_999
    private static let attosecondsPerSecond: Int128 = 1_000_000_000_000_000_000
    private static let units: [(suffix: String, attoseconds: Int128)] = [
        ("u", attosecondsPerSecond / 1_000_000),
        ("m", attosecondsPerSecond / 1_000),
        ("S", attosecondsPerSecond),
        ("M", attosecondsPerSecond * 60),
        ("H", attosecondsPerSecond * 3600),
    ]

    /// The header value for `timeout`; zero or negative becomes "0u" (the server fails the call
    /// at once, which is what an expired deadline means).
    public static func headerValue(for timeout: Duration) -> String {
        let (seconds, attoseconds) = timeout.components
        let total = Int128(seconds) * attosecondsPerSecond + Int128(attoseconds)
        guard total > 0 else { return "0u" }
        for unit in units {
            let value = (total + unit.attoseconds - 1) / unit.attoseconds
            if value <= maxValue { return "\(value)\(unit.suffix)" }
        }
        return "\(maxValue)H"  // ~11,400 years: no deadline kiln sets comes near it
    }
}
