import Foundation

/// One API call as the handlers see it: the route it matched (PVE's path template, e.g.
/// `/nodes/{node}/qemu/{vmid}/clone`), its path values, and its parameters from the query and
/// the form-encoded body, merged as PVE does. Every request is parsed here and only here, so a
/// schema check (`--pve-schema`) can be added in one place.
public struct PVERequest: Sendable {
    public var method: String
    /// The template of the matched route, relative to `/api2/json`.
    public var template: String
    /// The request path, relative to `/api2/json`.
    public var path: String
    public var pathValues: [String: String]
    public var parameters: [String: String]
    public var identity: Identity?
    /// The raw body, for the lab's own paths that take JSON documents (`PUT /lab/faults`).
    public var body = Data()

    /// The authenticated caller; routes that need none never ask.
    public var caller: Identity {
        get throws {
            guard let identity else { throw PVEError.unauthorized() }
            return identity
        }
    }

    public func pathValue(_ name: String) -> String { pathValues[name] ?? "" }

    /// Parameters and path values together, as PVE checks them against the schema.
    var schemaValues: [String: String] { parameters.merging(pathValues) { _, path in path } }

    /// `application/x-www-form-urlencoded`: `+` is a space, then percent-decoding.
    public static func formValues(_ text: String) -> [(String, String)] {
        text.split(separator: "&").compactMap { pair in
            guard !pair.isEmpty else { return nil }
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// Parameters of a request: query first, then body (form or JSON object), later ones winning.
    static func parameters(query: String?, body: Data, contentType: String?) throws -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in formValues(query ?? "") { result[key] = value }
        guard !body.isEmpty else { return result }
        if contentType?.lowercased().hasPrefix("application/json") == true {
            guard case .object(let object) = try? JSON.decode(body) else {
                throw PVEError(status: 400, "malformed JSON body")
            }
            for (key, value) in object {
                switch value {
                case .string(let text): result[key] = text
                case .int(let number): result[key] = String(number)
                case .double(let number): result[key] = String(number)
                case .bool(let flag): result[key] = flag ? "1" : "0"
                case .null: continue
                default: result[key] = String(decoding: value.encoded(), as: UTF8.self)
                }
            }
        } else {
            for (key, value) in formValues(String(decoding: body, as: UTF8.self)) { result[key] = value }
        }
        return result
    }
}

/// Reads and checks a request's parameters, collecting every problem before failing once with
/// PVE's 400 "Parameter verification failed." and its `errors` map.
public struct ParameterCheck {
    let request: PVERequest
    private(set) var errors: [String: String] = [:]
    private var known: Set<String> = []

    public init(_ request: PVERequest) { self.request = request }

    public mutating func fail(_ name: String, _ message: String) { errors[name] = message }

    public mutating func string(_ name: String, required: Bool = false, maxLength: Int? = nil) -> String? {
        known.insert(name)
        guard let value = request.parameters[name] ?? request.pathValues[name] else {
            if required { fail(name, PVEError.missing) }
            return nil
        }
        if let maxLength, value.count > maxLength {
            fail(name, "value may only be \(maxLength) characters long")
            return nil
        }
        return value
    }

    public mutating func integer(_ name: String, required: Bool = false, minimum: Int? = nil, maximum: Int? = nil) -> Int? {
        guard let text = string(name, required: required) else { return nil }
        guard let value = Int(text) else {
            fail(name, "type check ('integer') failed - got '\(text)'")
            return nil
        }
        if let minimum, value < minimum { fail(name, "value must have a minimum value of \(minimum)"); return nil }
        if let maximum, value > maximum { fail(name, "value must have a maximum value of \(maximum)"); return nil }
        return value
    }

    /// A VMID: 100 … 999999999.
    public mutating func vmid(_ name: String, required: Bool = false) -> Int? {
        guard let text = string(name, required: required) else { return nil }
        guard let value = Int(text), (100...999_999_999).contains(value) else {
            fail(name, "value does not look like a valid VM ID")
            return nil
        }
        return value
    }

    /// PVE booleans: 0/1, also yes/no, on/off, true/false.
    public mutating func boolean(_ name: String, required: Bool = false) -> Bool? {
        guard let text = string(name, required: required) else { return nil }
        switch text.lowercased() {
        case "1", "yes", "on", "true": return true
        case "0", "no", "off", "false": return false
        default:
            fail(name, "type check ('boolean') failed - got '\(text)'")
            return nil
        }
    }

    public mutating func enumeration(_ name: String, _ values: [String], required: Bool = false) -> String? {
        guard let text = string(name, required: required) else { return nil }
        guard values.contains(text) else {
            fail(name, "value '\(text)' does not have a value in the enumeration '\(values.joined(separator: ", "))'")
            return nil
        }
        return text
    }

    /// A DNS name (PVE's `dns-name` format), as VM names must be.
    public mutating func dnsName(_ name: String, required: Bool = false) -> String? {
        guard let text = string(name, required: required) else { return nil }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        let valid = !text.isEmpty && labels.allSatisfy { label in
            !label.isEmpty && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
        guard valid else {
            fail(name, "invalid format - value does not look like a valid DNS name")
            return nil
        }
        return text
    }

    /// Marks parameters as accepted without reading them.
    public mutating func accept(_ names: String...) { known.formUnion(names) }

    /// Fails with 400 on any problem, including parameters nobody read (PVE rejects unknown ones).
    public mutating func finish() throws {
        for name in request.parameters.keys where !known.contains(name) && request.pathValues[name] == nil {
            errors[name] = "property is not defined in schema and the schema does not allow additional properties"
        }
        if !errors.isEmpty { throw PVEError.parameters(errors) }
    }
}
