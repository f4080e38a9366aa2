import Testing
@testable import KilnPlan

@Suite struct NetworkMathTests {
    @Test func parsesAddresses() {
        #expect(IPv4Address("192.168.1.20")?.description == "192.168.1.20")
        #expect(IPv4Address("0.0.0.0")?.value == 0)
        #expect(IPv4Address("255.255.255.255")?.value == UInt32.max)
        for bad in ["192.168.1", "192.168.1.256", "192.168.01.1", "a.b.c.d", "1.2.3.4.5", "", "1..2.3", " 1.2.3.4"] {
            #expect(IPv4Address(bad) == nil, "\(bad) should not parse")
        }
    }

    @Test func networkAndBroadcast() throws {
        let subnet = try #require(IPv4Network("192.168.1.0/24"))
        #expect(subnet.networkAddress.description == "192.168.1.0")
        #expect(subnet.broadcastAddress.description == "192.168.1.255")
        #expect(subnet.netmask.description == "255.255.255.0")
        #expect(subnet.addressCount == 256)
        #expect(subnet.contains(IPv4Address("192.168.1.77")!))
        #expect(!subnet.contains(IPv4Address("192.168.2.1")!))
        #expect(subnet.containsHost(IPv4Address("192.168.1.1")!))
        #expect(!subnet.containsHost(IPv4Address("192.168.1.0")!))
        #expect(!subnet.containsHost(IPv4Address("192.168.1.255")!))
        // /31 and /32 have no network or broadcast address.
        #expect(IPv4Network("10.0.0.0/31")!.containsHost(IPv4Address("10.0.0.0")!))
        #expect(IPv4Network("0.0.0.0/0")!.contains(IPv4Address("8.8.8.8")!))
    }

    @Test func hostBitsAreRejectedWithTheNetworkSuggested() {
        #expect(IPv4Network.parse("192.168.1.5/24") == .failure(.hostBitsSet(network: IPv4Network("192.168.1.0/24")!)))
        #expect(IPv4Network.parse("192.168.1.0/33") == .failure(.malformed))
        #expect(IPv4Network.parse("192.168.1.0") == .failure(.malformed))
    }

    @Test func overlapsAndContainment() {
        let pods = IPv4Network("10.244.0.0/16")!, services = IPv4Network("10.96.0.0/12")!
        #expect(!pods.overlaps(services))
        #expect(IPv4Network("10.96.0.0/16")!.overlaps(services))
        #expect(services.contains(IPv4Network("10.100.0.0/16")!))
        #expect(!IPv4Network("10.100.0.0/16")!.contains(services))
        #expect(IPv4Network("192.168.0.0/16")!.overlaps(IPv4Network("192.168.1.0/24")!))
    }

    @Test func rangesAndBlocks() throws {
        guard case .success(let range) = IPv4Range.parse("192.168.1.30-192.168.1.31") else { Issue.record("no parse"); return }
        #expect(range.count == 2)
        #expect(range.contains(IPv4Address("192.168.1.31")!))
        #expect(!range.contains(IPv4Address("192.168.1.32")!))
        #expect(range.isInside(IPv4Network("192.168.1.0/24")!))
        #expect(IPv4Range.parse("192.168.1.31-192.168.1.30") == .failure(.reversed))
        #expect(AddressBlock.parse("192.168.1.32/30") == .success(.network(IPv4Network("192.168.1.32/30")!)))
        #expect(AddressBlock.parse("192.168.1.40").map(\.range.count) == .success(1))
        #expect(AddressBlock.parse("banana") == .failure(.malformed))
        let a = try #require(try? AddressBlock.parse("10.0.0.0/30").get()), b = try #require(try? AddressBlock.parse("10.0.0.3-10.0.0.9").get())
        #expect(a.range.overlaps(b.range))
        #expect(IPv4Address("255.255.255.255")!.advanced(by: 1) == nil)
    }
}
