import Foundation

/// Which proxy a request goes through. kiln resolves the environment itself, with curl's rules,
/// so what happens is decided in one visible place (and testable without touching the process
/// environment).
public enum ProxySettings: Sendable {
    /// `http_proxy` for http (lowercase only, as curl does, because CGI servers set HTTP_PROXY
    /// from a request header), `https_proxy`/`HTTPS_PROXY` for https, then `all_proxy`/`ALL_PROXY`;
    /// hosts in `no_proxy`/`NO_PROXY` go direct.
    case environment([String: String] = ProcessInfo.processInfo.environment)
    /// Always direct, whatever the environment says.
    case none
    /// This proxy for everything except the `noProxy` list (curl's syntax: comma-separated hosts,
    /// domains, `*`).
    case explicit(url: String, noProxy: String = "")

    /// The proxy URL (or nil for direct) and the no-proxy list for a request to `url`.
    func resolve(for url: URL) -> (proxy: String?, noProxy: String) {
        switch self {
        case .none:
            return (nil, "")
        case let .explicit(proxyURL, noProxy):
            return (proxyURL, noProxy)
        case let .environment(env):
            func value(_ names: String...) -> String? {
                for name in names { if let v = env[name], !v.isEmpty { return v } }
                return nil
            }
            let scheme = url.scheme?.lowercased() ?? "http"
            let proxy = scheme == "https"
                ? value("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")
                : value("http_proxy", "all_proxy", "ALL_PROXY")
            return (proxy, value("no_proxy", "NO_PROXY") ?? "")
        }
    }
}
