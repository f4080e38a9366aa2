import Testing
import KilnTalosAPI

@Suite struct TimeoutHeaderTests {
    @Test(arguments: [
        (Duration.seconds(10), "10000000u"),
        (.milliseconds(1500), "1500000u"),
        (.seconds(100), "100000m"),  // 100,000,000 µs is 9 digits: the next unit up
        (.seconds(3600), "3600000m"),
        (.seconds(2 * 86400), "172800S"),
        (.seconds(200_000_000), "3333334M"),  // rounded up, never down
        (.seconds(99_999_999 * 60 + 1), "1666667H"),
    ])
    func finestUnitThatFitsInEightDigits(timeout: Duration, header: String) {
        #expect(GRPCTimeout.headerValue(for: timeout) == header)
    }

    @Test func fractionsRoundUpSoTheServerNeverQuitsFirst() {
        #expect(GRPCTimeout.headerValue(for: .nanoseconds(1)) == "1u")
        #expect(GRPCTimeout.headerValue(for: .milliseconds(1) + .nanoseconds(1)) == "1001u")
        #expect(GRPCTimeout.headerValue(for: .seconds(100) + .nanoseconds(1)) == "100001m")
    }

    @Test func anExpiredTimeoutIsZero() {
        #expect(GRPCTimeout.headerValue(for: .zero) == "0u")
        #expect(GRPCTimeout.headerValue(for: .seconds(-5)) == "0u")
    }

    @Test func neverMoreThanEightDigits() {
        var timeout = Duration.nanoseconds(7)
        while timeout < .seconds(Int64.max / 2) {
            let header = GRPCTimeout.headerValue(for: timeout)
            #expect(header.dropLast().count <= 8, "\(timeout) → \(header)")
            #expect(["u", "m", "S", "M", "H"].contains(header.suffix(1)))
            timeout = timeout * 3
        }
    }
}
