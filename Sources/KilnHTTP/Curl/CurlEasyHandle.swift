import CCurl
import Foundation

/// A curl easy handle with typed setters that turn libcurl's refusal into a thrown error
/// naming the option (e.g. HTTP/2 asked of a libcurl built without it).
struct CurlEasyHandle {
    let raw: UnsafeMutableRawPointer
    let requestDescription: String

    init(requestDescription: String) throws {
        guard CurlGlobal.initialized, let raw = curl_easy_init() else {
            throw HTTPError(.invalidRequest, request: requestDescription, message: "libcurl could not create a transfer")
        }
        self.raw = raw
        self.requestDescription = requestDescription
    }

    func set(_ option: CURLoption, _ value: Int, _ name: StaticString) throws {
        try check(kiln_curl_easy_setopt_long(raw, option, value), name)
    }

    func set(_ option: CURLoption, bool value: Bool, _ name: StaticString) throws {
        try set(option, value ? 1 : 0, name)
    }

    func set(_ option: CURLoption, offset value: Int64, _ name: StaticString) throws {
        try check(kiln_curl_easy_setopt_off(raw, option, curl_off_t(value)), name)
    }

    /// libcurl copies string options, so the Swift string may go away afterwards.
    func set(_ option: CURLoption, string value: String?, _ name: StaticString) throws {
        let code: CURLcode
        if let value {
            code = value.withCString { kiln_curl_easy_setopt_string(raw, option, $0) }
        } else {
            code = kiln_curl_easy_setopt_string(raw, option, nil)
        }
        try check(code, name)
    }

    func set(_ option: CURLoption, pointer value: UnsafeRawPointer?, _ name: StaticString) throws {
        try check(kiln_curl_easy_setopt_ptr(raw, option, value), name)
    }

    /// Hands libcurl a copy of `bytes` (certificates, keys, CA bundles): nothing is written to disk.
    func set(_ option: CURLoption, blob bytes: [UInt8], _ name: StaticString) throws {
        var copy = bytes
        let code = copy.withUnsafeMutableBytes { raw -> CURLcode in
            var blob = curl_blob(data: raw.baseAddress, len: raw.count, flags: UInt32(CURL_BLOB_COPY))
            return kiln_curl_easy_setopt_blob(self.raw, option, &blob)
        }
        // Our copy held key material: wipe it now that libcurl has its own.
        copy.withUnsafeMutableBytes { raw in
            if let base = raw.baseAddress { memset(base, 0, raw.count) }
        }
        try check(code, name)
    }

    func check(_ code: CURLcode, _ name: StaticString) throws {
        guard code == CURLE_OK else {
            throw HTTPError(.invalidRequest, request: requestDescription,
                            message: "libcurl \(CurlGlobal.version) rejected \(name): \(String(cString: curl_easy_strerror(code)))",
                            curlCode: Int32(code.rawValue))
        }
    }

    func info(long item: CURLINFO) -> Int {
        var value = 0
        _ = kiln_curl_easy_getinfo_long(raw, item, &value)
        return value
    }

    func info(offset item: CURLINFO) -> Int64 {
        var value: curl_off_t = 0
        _ = kiln_curl_easy_getinfo_off(raw, item, &value)
        return Int64(value)
    }

    func info(string item: CURLINFO) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        _ = kiln_curl_easy_getinfo_string(raw, item, &value)
        return value.map { String(cString: $0) }
    }
}
