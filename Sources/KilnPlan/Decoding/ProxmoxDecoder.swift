import Foundation

extension PlanDecoder {
    static let proxmoxFields = ["endpoint", "node", "template", "image", "storage", "bridge", "vlan", "pool", "cpu", "onBoot", "guestAgent", "fingerprint", "caFile"]

    /// Key names that would carry Proxmox credentials. Any key containing one of these words
    /// (any case) is refused: secrets come from the environment, never from a plan file that
    /// ends up in Git.
    static let credentialWords = ["token", "password", "passwd", "secret", "ticket", "username", "user", "apikey", "otp", "csrf"]

    static func isCredentialKey(_ key: String) -> Bool {
        let lowered = key.lowercased().replacingOccurrences(of: "_", with: "").replacingOccurrences(of: "-", with: "")
        return credentialWords.contains { lowered.contains($0) }
    }

    func decodeProxmox(_ root: MappingReader) -> ProxmoxSettings {
        var settings = ProxmoxSettings(endpoint: "", host: "", port: 8006, node: "", source: .template(vmid: 0),
                                       storage: "", bridge: "vmbr0", vlan: nil, pool: nil, cpu: ProxmoxSettings.defaultCPU,
                                       onBoot: true, guestAgent: false, fingerprint: nil, caFile: nil)
        var credentialKeys: [(String, SourceLocation)] = []
        guard let reader = section(root, "proxmox", allowed: PlanDecoder.proxmoxFields, example: "{endpoint: https://pve.example:8006, …}",
                                   handled: { PlanDecoder.isCredentialKey($0) && !PlanDecoder.proxmoxFields.contains($0) }) else {
            return settings
        }
        // Credentials first, reported at the key and never with the value.
        if case .mapping(let mapping)? = root.node("proxmox") {
            for (key, _) in mapping {
                if let name = key.string, PlanDecoder.isCredentialKey(name), !PlanDecoder.proxmoxFields.contains(name) {
                    credentialKeys.append((name, context.location(key.mark)))
                }
            }
        }
        for (name, location) in credentialKeys {
            context.error(location, "`proxmox.\(name)` looks like a credential; a plan must never hold Proxmox secrets (value not shown)",
                          fix: "remove it and set PROXMOX_VE_API_TOKEN (USER@REALM!ID=SECRET), or PROXMOX_VE_USERNAME and PROXMOX_VE_PASSWORD, in the environment")
        }

        if let endpoint = reader.string("endpoint", required: true, example: "https://pve.example:8006") {
            if let parsed = parseEndpoint(endpoint, reader: reader) {
                settings.endpoint = parsed.url
                settings.host = parsed.host
                settings.port = parsed.port
            }
        }
        settings.node = reader.string("node", required: true, example: "pve1") ?? ""
        if !reader.has("node") { context.markBroken("proxmox.node") }

        let hasTemplate = reader.has("template"), hasImage = reader.has("image")
        if hasTemplate && hasImage {
            context.error(reader.keyLocation("image"), "`proxmox.template` and `proxmox.image` are both set; VMs come from exactly one",
                          fix: "keep `template` to clone an existing template VM, or `image` to use an Image Factory image")
            context.markBroken("proxmox.source")
        } else if !hasTemplate && !hasImage {
            context.error(reader.ownerLocation, "`proxmox` needs `template` (a template VMID to clone) or `image` (an Image Factory image)",
                          fix: "add `template: 9000`, or `image: {schematic: <64 hex characters>}`")
            context.markBroken("proxmox.source")
        }
        if hasTemplate, let vmid = reader.int("template", example: "9000") {
            settings.source = .template(vmid: vmid)
        } else if hasTemplate {
            context.markBroken("proxmox.source")
        }
        if hasImage, let image = reader.mapping("image", allowed: ["schematic", "platform", "storage", "factory"]) {
            let schematic = image.string("schematic", required: true, example: "<64 hex characters>")
            let platform = image.choice("platform", ["nocloud", "metal"]) ?? "nocloud"
            let storage = image.string("storage", example: "local") ?? VMSource.defaultImageStorage
            var factory = VMSource.defaultFactory
            if let text = image.string("factory", example: "https://factory.talos.dev") {
                if let url = URLComponents(string: text), ["https", "http"].contains(url.scheme?.lowercased() ?? ""),
                   url.host?.isEmpty == false, url.user == nil, url.query == nil {
                    factory = text.hasSuffix("/") ? String(text.dropLast()) : text
                } else {
                    image.fail("factory", "`proxmox.image.factory` is not an http(s) base URL: `\(text)`",
                               fix: "write the Image Factory's address, e.g. `https://factory.talos.dev`, or remove it")
                }
            }
            if let schematic {
                if PlanDecoder.isSchematicID(schematic) {
                    if !hasTemplate {
                        settings.source = .image(schematic: schematic.lowercased(), platform: platform, storage: storage, factory: factory)
                    }
                } else {
                    image.fail("schematic", "`proxmox.image.schematic` must be an Image Factory schematic ID (64 hex characters)",
                               fix: "copy the ID that factory.talos.dev shows for your schematic")
                    context.markBroken("proxmox.source")
                }
            } else {
                context.markBroken("proxmox.source")
            }
        } else if hasImage {
            context.markBroken("proxmox.source")
        }

        settings.storage = reader.string("storage", required: true, example: "local-lvm") ?? ""
        settings.bridge = reader.string("bridge") ?? "vmbr0"
        settings.vlan = reader.int("vlan", example: "20")
        settings.pool = reader.string("pool")
        if let cpu = reader.string("cpu", example: "host") {
            if cpu.range(of: #"^[A-Za-z0-9][A-Za-z0-9_.+-]*$"#, options: .regularExpression) != nil {
                settings.cpu = cpu
            } else {
                reader.fail("cpu", "`proxmox.cpu` is not a QEMU CPU type: `\(cpu)`",
                            fix: "write a CPU type Proxmox lists, e.g. `host` or `x86-64-v2-AES` (the default)")
            }
        }
        settings.onBoot = reader.bool("onBoot") ?? true
        settings.guestAgent = reader.bool("guestAgent") ?? false

        if reader.has("fingerprint") && reader.has("caFile") {
            context.error(reader.keyLocation("caFile"), "`proxmox.fingerprint` and `proxmox.caFile` are both set; choose one way to trust the Proxmox certificate",
                          fix: "keep `fingerprint` to pin this exact certificate, or `caFile` to trust the CA that signs it")
        }
        if let fingerprint = reader.string("fingerprint") {
            if let normalised = PlanDecoder.normaliseFingerprint(fingerprint) {
                settings.fingerprint = normalised
            } else {
                reader.fail("fingerprint", "`proxmox.fingerprint` is not a SHA-256 fingerprint (32 hex pairs)",
                            fix: "copy it from the PVE web UI (Certificates) or `openssl x509 -noout -fingerprint -sha256 -in pve-ssl.pem`")
            }
        }
        if let caFile = reader.string("caFile"),
           requireFile(caFile, at: reader.valueLocation("caFile"), field: "proxmox.caFile", what: "CA file") {
            settings.caFile = resolve(caFile)
        }
        return settings
    }

    struct Endpoint {
        let url: String
        let host: String
        let port: Int
    }

    /// Checks the endpoint is `https://host[:port][/]` (a trailing `/api2/json` is dropped).
    /// Userinfo is refused without echoing the URL, since it would carry a password.
    func parseEndpoint(_ text: String, reader: MappingReader) -> Endpoint? {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            if text.contains("@") {
                reader.fail("endpoint", "`proxmox.endpoint` must not contain credentials (value not shown)",
                            fix: "write only `https://host:8006` and put credentials in PROXMOX_VE_API_TOKEN or PROXMOX_VE_USERNAME/PROXMOX_VE_PASSWORD")
                return nil
            }
            reader.fail("endpoint", "`proxmox.endpoint` is not a URL: `\(text)`", fix: "write it like `https://pve.example:8006`")
            return nil
        }
        if components.user != nil || components.password != nil {
            reader.fail("endpoint", "`proxmox.endpoint` must not contain credentials (value not shown)",
                        fix: "write only `https://host:8006` and put credentials in PROXMOX_VE_API_TOKEN or PROXMOX_VE_USERNAME/PROXMOX_VE_PASSWORD")
            return nil
        }
        guard scheme == "https" else {
            let host = components.host ?? "pve.example"
            reader.fail("endpoint", "`proxmox.endpoint` must use https, not \(scheme)",
                        fix: "write `https://\(host):\(components.port ?? 8006)`; for a self-signed certificate set `fingerprint` or `caFile`")
            return nil
        }
        guard let host = components.host, !host.isEmpty else {
            reader.fail("endpoint", "`proxmox.endpoint` has no host", fix: "write it like `https://pve.example:8006`")
            return nil
        }
        let path = components.path
        guard ["", "/", "/api2/json", "/api2/json/"].contains(path), components.query == nil, components.fragment == nil else {
            reader.fail("endpoint", "`proxmox.endpoint` must be the server's base URL, without the path `\(path)`",
                        fix: "write `https://\(host):\(components.port ?? 8006)`")
            return nil
        }
        let port = components.port ?? 8006
        let hostText = host.contains(":") ? "[\(host)]" : host
        return Endpoint(url: "https://\(hostText):\(port)", host: host, port: port)
    }

    static func isSchematicID(_ text: String) -> Bool {
        text.count == 64 && text.allSatisfy { $0.isHexDigit && $0.isASCII }
    }

    /// `ab:cd:…` or `abcd…` (32 bytes) → `AB:CD:…`.
    static func normaliseFingerprint(_ text: String) -> String? {
        let hex = text.replacingOccurrences(of: ":", with: "").uppercased()
        guard hex.count == 64, hex.allSatisfy({ $0.isHexDigit && $0.isASCII }) else { return nil }
        if text.contains(":") {
            let pairs = text.split(separator: ":", omittingEmptySubsequences: false)
            guard pairs.count == 32, pairs.allSatisfy({ $0.count == 2 }) else { return nil }
        }
        var pairs: [String] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            pairs.append(String(hex[index..<next]))
            index = next
        }
        return pairs.joined(separator: ":")
    }
}
