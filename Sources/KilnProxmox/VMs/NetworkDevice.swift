/// A `net[n]` property string such as `virtio=BC:24:11:2A:3B:4C,bridge=vmbr0,tag=20,firewall=1`:
/// the model with its MAC first, then options kiln keeps as they are unless it sets them.
struct NetworkDevice: Equatable {
    var model: String
    var mac: String?
    /// Every option after the model, in order (`bridge`, `tag`, `firewall`, `mtu`…).
    var options: [(key: String, value: String)]

    init(model: String = "virtio", mac: String? = nil, options: [(key: String, value: String)] = []) {
        self.model = model
        self.mac = mac
        self.options = options
    }

    init?(_ text: String) {
        var parts = text.split(separator: ",").map(String.init)
        guard !parts.isEmpty else { return nil }
        let first = parts.removeFirst()
        if let equals = first.firstIndex(of: "=") {
            model = String(first[..<equals])
            mac = String(first[first.index(after: equals)...])
        } else {
            model = first
        }
        // `model=virtio,macaddr=…` is the long form PVE also accepts.
        if model == "model" {
            model = mac ?? "virtio"
            mac = nil
        }
        options = parts.map { part in
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            return (pair[0], pair.count > 1 ? pair[1] : "")
        }
        if let index = options.firstIndex(where: { $0.key == "macaddr" }) {
            mac = options.remove(at: index).value
        }
    }

    subscript(key: String) -> String? {
        get { options.first { $0.key == key }?.value }
        set {
            if let index = options.firstIndex(where: { $0.key == key }) {
                if let newValue { options[index].value = newValue } else { options.remove(at: index) }
            } else if let newValue {
                options.append((key, newValue))
            }
        }
    }

    var bridge: String? { self["bridge"] }
    var vlan: Int? { self["tag"].flatMap { Int($0) } }

    var text: String {
        ([mac.map { "\(model)=\($0)" } ?? model] + options.map { "\($0.key)=\($0.value)" }).joined(separator: ",")
    }

    static func == (lhs: NetworkDevice, rhs: NetworkDevice) -> Bool { lhs.text == rhs.text }
}
