import Foundation

/// One place where a value breaks its schema.
struct SchemaFailure: Sendable, Equatable {
    var path: JSONPointer
    var reason: String
    /// The value has none of the schema's `type`s: tells a `oneOf` which alternatives did not
    /// even take the value's type.
    var isTypeMismatch = false
}

/// Checks a value against a schema of one loaded file. Reports every failure it finds, each at
/// the deepest path it can name; once a value has the wrong type its other keywords are not
/// checked (they would only repeat the type error).
struct JSONSchemaValidator: Sendable {
    let definitions: [String: JSONSchema]

    /// The `format`s checked; others are refused at load.
    static let formats: Set<String> = ["uri"]
    /// Deeper than any real config: only a schema whose `$ref`s loop without consuming the
    /// value gets here.
    static let maximumDepth = 200

    func validate(_ value: SchemaValue, against schema: JSONSchema, at path: JSONPointer = .root) -> [SchemaFailure] {
        var failures: [SchemaFailure] = []
        check(value, schema, path, depth: 0, &failures)
        return failures
    }

    private func check(_ value: SchemaValue, _ schema: JSONSchema, _ path: JSONPointer, depth: Int,
                       _ failures: inout [SchemaFailure]) {
        guard depth < Self.maximumDepth else {
            failures.append(.init(path: path, reason: "schema references nest deeper than \(Self.maximumDepth) levels"))
            return
        }
        let keywords: SchemaKeywords
        switch schema {
        case let .always(accepts):
            if !accepts { failures.append(.init(path: path, reason: "no value is allowed here")) }
            return
        case let .keywords(found):
            keywords = found
        }
        if let ref = keywords.ref, let target = definitions[ref] {
            check(value, target, path, depth: depth + 1, &failures)
        }
        if let types = keywords.types, !types.contains(where: { $0.admits(value) }) {
            failures.append(.init(path: path, reason: "expected \(types.map(\.rawValue).joined(separator: " or ")), got \(value.typeName)",
                                  isTypeMismatch: true))
            return
        }
        if let allowed = keywords.enumValues, !allowed.contains(where: { $0.equals(value) }) {
            failures.append(.init(path: path, reason: "`\(value.display)` is not one of: \(allowed.map(\.display).joined(separator: ", "))"))
        }
        if let constant = keywords.const, !constant.equals(value) {
            failures.append(.init(path: path, reason: "`\(value.display)` is not `\(constant.display)`"))
        }
        switch value {
        case let .string(text): checkString(text, keywords, path, &failures)
        case .integer, .number: checkNumber(value, keywords, path, &failures)
        case let .array(elements): checkArray(elements, keywords, path, depth: depth, &failures)
        case let .object(members): checkObject(members, keywords, path, depth: depth, &failures)
        case .null, .bool: break
        }
        checkCombinators(value, keywords, path, depth: depth, &failures)
    }

    private func checkString(_ text: String, _ keywords: SchemaKeywords, _ path: JSONPointer, _ failures: inout [SchemaFailure]) {
        if let pattern = keywords.pattern, !pattern.matches(text) {
            failures.append(.init(path: path, reason: "`\(text)` does not match pattern `\(pattern.source)`"))
        }
        if keywords.format == "uri", !Self.isURI(text) {
            failures.append(.init(path: path, reason: "`\(text)` is not a valid uri"))
        }
        let length = text.unicodeScalars.count
        if let minimum = keywords.minLength, length < minimum {
            failures.append(.init(path: path, reason: "expected at least \(minimum) characters, got \(length)"))
        }
        if let maximum = keywords.maxLength, length > maximum {
            failures.append(.init(path: path, reason: "expected at most \(maximum) characters, got \(length)"))
        }
    }

    private func checkNumber(_ value: SchemaValue, _ keywords: SchemaKeywords, _ path: JSONPointer, _ failures: inout [SchemaFailure]) {
        guard let number = value.numericValue else { return }
        func bound(_ limit: Double) -> String { SchemaValue.number(limit).typeName == "integer" ? String(Int(limit)) : String(limit) }
        if let minimum = keywords.minimum, number < minimum {
            failures.append(.init(path: path, reason: "\(value.display) is less than the minimum \(bound(minimum))"))
        }
        if let maximum = keywords.maximum, number > maximum {
            failures.append(.init(path: path, reason: "\(value.display) is greater than the maximum \(bound(maximum))"))
        }
        if let minimum = keywords.exclusiveMinimum, number <= minimum {
            failures.append(.init(path: path, reason: "\(value.display) is not greater than \(bound(minimum))"))
        }
        if let maximum = keywords.exclusiveMaximum, number >= maximum {
            failures.append(.init(path: path, reason: "\(value.display) is not less than \(bound(maximum))"))
        }
    }

    private func checkArray(_ elements: [SchemaValue], _ keywords: SchemaKeywords, _ path: JSONPointer, depth: Int,
                            _ failures: inout [SchemaFailure]) {
        if let minimum = keywords.minItems, elements.count < minimum {
            failures.append(.init(path: path, reason: "expected at least \(minimum) item\(minimum == 1 ? "" : "s"), got \(elements.count)"))
        }
        if let maximum = keywords.maxItems, elements.count > maximum {
            failures.append(.init(path: path, reason: "expected at most \(maximum) item\(maximum == 1 ? "" : "s"), got \(elements.count)"))
        }
        if keywords.uniqueItems {
            for (index, element) in elements.enumerated() where elements[..<index].contains(where: { $0.equals(element) }) {
                failures.append(.init(path: path.appending(index), reason: "`\(element.display)` repeats an earlier item"))
            }
        }
        for (index, element) in elements.enumerated() {
            if index < keywords.prefixItems.count {
                check(element, keywords.prefixItems[index], path.appending(index), depth: depth + 1, &failures)
            } else if let items = keywords.items {
                check(element, items, path.appending(index), depth: depth + 1, &failures)
            }
        }
    }

    private func checkObject(_ members: [(key: String, value: SchemaValue)], _ keywords: SchemaKeywords, _ path: JSONPointer,
                             depth: Int, _ failures: inout [SchemaFailure]) {
        for name in keywords.required where !members.contains(where: { $0.key == name }) {
            failures.append(.init(path: path, reason: "missing required property `\(name)`"))
        }
        if let minimum = keywords.minProperties, members.count < minimum {
            failures.append(.init(path: path, reason: "expected at least \(minimum) properties, got \(members.count)"))
        }
        if let maximum = keywords.maxProperties, members.count > maximum {
            failures.append(.init(path: path, reason: "expected at most \(maximum) properties, got \(members.count)"))
        }
        for (name, member) in members {
            let memberPath = path.appending(name)
            var evaluated = false
            if let schema = keywords.properties[name] {
                evaluated = true
                check(member, schema, memberPath, depth: depth + 1, &failures)
            }
            for (pattern, schema) in keywords.patternProperties where pattern.matches(name) {
                evaluated = true
                check(member, schema, memberPath, depth: depth + 1, &failures)
            }
            guard !evaluated, let additional = keywords.additionalProperties else { continue }
            if case .always(false) = additional {
                failures.append(.init(path: memberPath, reason: "additional property `\(name)` is not allowed"))
            } else {
                check(member, additional, memberPath, depth: depth + 1, &failures)
            }
        }
    }

    private func checkCombinators(_ value: SchemaValue, _ keywords: SchemaKeywords, _ path: JSONPointer, depth: Int,
                                  _ failures: inout [SchemaFailure]) {
        for schema in keywords.allOf ?? [] {
            check(value, schema, path, depth: depth + 1, &failures)
        }
        if let alternatives = keywords.anyOf {
            let results = alternatives.map { validateNested(value, $0, path, depth) }
            if !results.contains(where: \.isEmpty) {
                failures += Self.closestFailures(value, alternatives, results, path, keyword: "anyOf")
            }
        }
        if let alternatives = keywords.oneOf {
            let results = alternatives.map { validateNested(value, $0, path, depth) }
            let passing = results.filter(\.isEmpty).count
            if passing == 0 {
                failures += Self.closestFailures(value, alternatives, results, path, keyword: "oneOf")
            } else if passing > 1 {
                failures.append(.init(path: path, reason: "matches \(passing) of the oneOf alternatives, expected exactly one"))
            }
        }
        if let negated = keywords.not, validateNested(value, negated, path, depth).isEmpty {
            failures.append(.init(path: path, reason: "must not match the `not` schema"))
        }
    }

    private func validateNested(_ value: SchemaValue, _ schema: JSONSchema, _ path: JSONPointer, _ depth: Int) -> [SchemaFailure] {
        var failures: [SchemaFailure] = []
        check(value, schema, path, depth: depth + 1, &failures)
        return failures
    }

    /// When no alternative fits, "matches none" hides the reason: if exactly one alternative
    /// takes the value's type, its own failures are the reason; otherwise name the types wanted.
    private static func closestFailures(_ value: SchemaValue, _ alternatives: [JSONSchema], _ results: [[SchemaFailure]],
                                        _ path: JSONPointer, keyword: String) -> [SchemaFailure] {
        let typeFits = results.filter { !$0.contains { $0.isTypeMismatch && $0.path == path } }
        if typeFits.count == 1 { return typeFits[0] }
        let wanted = alternatives.compactMap { schema -> String? in
            if case let .keywords(keywords) = schema, let types = keywords.types { return types.map(\.rawValue).joined(separator: " or ") }
            return nil
        }
        let summary = wanted.count == alternatives.count ? ": expected \(wanted.joined(separator: " or ")), got \(value.typeName)" : ""
        return [.init(path: path, reason: "matches none of the \(keyword) alternatives\(summary)")]
    }

    /// An absolute URI (RFC 3986): a scheme (`[A-Za-z][A-Za-z0-9+.-]*`), a colon, and no
    /// spaces or control characters.
    static func isURI(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let scheme = Array(text[..<colon].utf8)
        func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
        guard let first = scheme.first, isLetter(first),
              scheme.allSatisfy({ isLetter($0) || (0x30...0x39).contains($0) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E })
        else { return false }
        return !text.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F }
    }
}
