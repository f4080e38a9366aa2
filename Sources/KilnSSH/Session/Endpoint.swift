enum Endpoint {
    /// `host:port`, with IPv6 literals bracketed.
    static func describe(host: String, port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
