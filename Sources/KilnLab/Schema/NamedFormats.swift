import Foundation

/// The formats PVE registers by name (`register_format` in pve-common and qemu-server), for the
/// ones kiln's requests use. A problem is worded as PVE's verifier dies with; the caller prefixes
/// "invalid format - ". Names the lab does not know pass: it cannot check what it does not know.
enum NamedFormats {
    static func problem(_ name: String, _ value: String, path: String) -> String? {
        if let format = BuiltInPropertyStrings.formats[name] {
            return PropertyString.problem(format, value, path: path)
        }
        if let check = single[name] { return check(value) }
        // `pve-configid-list`, `pve-tag-list`…: PVE splits on `,;` and white space and checks each.
        if name.hasSuffix("-list"), let check = single[String(name.dropLast(5))] {
            for item in splitList(value) { if let problem = check(item) { return problem } }
        }
        return nil
    }

    /// PVE::Tools::split_list.
    static func splitList(_ value: String) -> [String] {
        if value.contains("\0") { return value.split(separator: "\0").map(String.init) }
        return value.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace }).map(String.init)
    }

    private static func regex(_ pattern: String) -> SchemaPattern { SchemaPattern(perl: pattern)! }

    private static let vmid = regex("[1-9][0-9]{2,8}")
    private static let hostname = regex("[a-zA-Z0-9](?:[a-zA-Z0-9\\-]*[a-zA-Z0-9])?")
    private static let dnsName = regex("(?:[a-zA-Z0-9](?:[a-zA-Z0-9\\-]*[a-zA-Z0-9])?\\.)*[A-Za-z0-9](?:[A-Za-z0-9\\-]*[A-Za-z0-9])?")
    private static let storageID = regex("(?i:[a-z][a-z0-9\\-_.]*[a-z0-9])")
    private static let configID = regex("(?i:[a-z][a-z0-9_-]+)")
    private static let poolID = regex("[A-Za-z0-9.\\-_]+")
    private static let mac = regex("(?i:[a-f0-9][02468ace](?::[a-f0-9]{2}){5})")
    private static let bridge = regex("[-_.\\w\\d]+")
    private static let tag = regex("(?i:[a-z0-9_][a-z0-9_\\-+.]*)")
    private static let volumeID = regex("(?i:[a-z][a-z0-9\\-_.]*[a-z0-9]):.+")
    private static let newDisk = regex("(?:[^/:\\s]+:)?\\d+(?:\\.\\d+)?")
    private static let diskSize = regex("\\d+(?:\\.\\d+)?[KMGT]?")
    private static let realm = regex("[A-Za-z][A-Za-z0-9.\\-_]+")
    private static let userID = regex("[^\\s:/]+@[A-Za-z][A-Za-z0-9.\\-_]+")
    private static let urlEncoded = regex("[-%a-zA-Z0-9_.!~*'()]*")
    static let contentTypes: Set<String> = ["images", "rootdir", "vztmpl", "iso", "backup", "snippets", "import"]

    /// Checks of one value: nil when fine, else PVE's message.
    static let single: [String: @Sendable (String) -> String?] = [
        "pve-vmid": { vmid.matches($0) ? nil : "value does not look like a valid VM ID" },
        "pve-node": { hostname.matches($0) ? nil : "value does not look like a valid node name" },
        "dns-name": { dnsName.matches($0) ? nil : "value does not look like a valid DNS name" },
        "pve-storage-id": { storageID.matches($0) ? nil : "storage ID '\($0)' contains illegal characters" },
        "pve-configid": { configID.matches($0) ? nil : "invalid configuration ID '\($0)'" },
        "pve-poolid": { poolID.matches($0) ? nil : "pool name '\($0)' contains illegal characters" },
        "mac-addr": { mac.matches($0) ? nil : "value does not look like a valid unicast MAC address" },
        "pve-bridge-id": { bridge.matches($0) ? nil : "invalid bridge ID '\($0)'" },
        "pve-tag": { tag.matches($0) ? nil : "invalid characters in tag" },
        "pve-realm": { realm.matches($0) ? nil : "value does not look like a valid realm" },
        "pve-userid": { userID.matches($0) ? nil : "value '\($0)' does not look like a valid user name" },
        "urlencoded": { urlEncoded.matches($0) ? nil : "invalid urlencoded string: \($0)" },
        "pve-storage-content": { contentTypes.contains($0) ? nil : "invalid content type '\($0)'" },
        "ipv4": { IPAddress.isIPv4($0) ? nil : "value does not look like a valid IPv4 address" },
        "ipv6": { IPAddress.isIPv6($0) ? nil : "value does not look like a valid IPv6 address" },
        "ip": { IPAddress.isIPv4($0) || IPAddress.isIPv6($0) ? nil : "value does not look like a valid IP address" },
        "address": { IPAddress.isIPv4($0) || IPAddress.isIPv6($0) || dnsName.matches($0) ? nil : "value does not look like a valid address: \($0)" },
        "address-list": { value in
            splitList(value).allSatisfy { IPAddress.isIPv4($0) || IPAddress.isIPv6($0) } ? nil : "value does not look like a valid IP address"
        },
        "CIDRv4": { IPAddress.isCIDRv4($0) ? nil : "value does not look like a valid IPv4 CIDR network" },
        "CIDRv6": { IPAddress.isCIDRv6($0) ? nil : "value does not look like a valid IPv6 CIDR network" },
        "CIDR": { IPAddress.isCIDRv4($0) || IPAddress.isCIDRv6($0) ? nil : "value does not look like a valid CIDR network" },
        "pve-ipv4-config": { $0 == "dhcp" || IPAddress.isCIDRv4($0) ? nil : "value does not look like a valid IPv4 network configuration" },
        "pve-ipv6-config": { ["dhcp", "auto"].contains($0) || IPAddress.isCIDRv6($0) ? nil : "value does not look like a valid IPv6 network configuration" },
        "disk-size": { diskSize.matches($0) ? nil : "unable to parse size '\($0)'" },
        "pve-volume-id": { volumeID.matches($0) ? nil : "unable to parse volume ID '\($0)'" },
        "pve-volume-id-or-qm-path": { value in
            ["none", "cdrom"].contains(value) || value.hasPrefix("/") || volumeID.matches(value) || newDisk.matches(value)
                ? nil : "unable to parse volume ID '\(value)'"
        },
        "pve-volume-id-or-absolute-path": { value in
            value.hasPrefix("/") || volumeID.matches(value) ? nil : "unable to parse volume ID '\(value)'"
        },
    ]
}

/// Address checks for the `ip`, `ipv4`, `ipv6` and `CIDR` formats.
enum IPAddress {
    static func isIPv4(_ text: String) -> Bool {
        var address = in_addr()
        return inet_pton(AF_INET, text, &address) == 1
    }

    static func isIPv6(_ text: String) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET6, text, &address) == 1
    }

    static func isCIDRv4(_ text: String) -> Bool { cidr(text, isIPv4, maxPrefix: 32) }
    static func isCIDRv6(_ text: String) -> Bool { cidr(text, isIPv6, maxPrefix: 128) }

    private static func cidr(_ text: String, _ isAddress: (String) -> Bool, maxPrefix: Int) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let prefix = Int(parts[1]), (0...maxPrefix).contains(prefix) else { return false }
        return isAddress(String(parts[0]))
    }
}
