import CCurl

/// libcurl's process-wide initialisation, done once before the first handle is made.
enum CurlGlobal {
    static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// The libcurl version string, e.g. "7.88.1", for diagnostics.
    static var version: String {
        guard let info = kiln_curl_version_info() else { return "unknown" }
        return String(cString: info.pointee.version)
    }

    /// libcurl before 8.0.0 breaks an h2c (prior knowledge) connection when it reuses it: the
    /// second request fails with "Error in the HTTP2 framing layer" (curl PR #10643).
    static let reusesPriorKnowledgeConnections: Bool = {
        guard let info = kiln_curl_version_info() else { return false }
        return info.pointee.version_num >= 0x08_00_00
    }()
}
