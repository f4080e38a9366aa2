import Foundation
import Yams

/// Turns plan text into a Yams node tree, reporting YAML problems as located diagnostics.
///
/// Yams rejects a mapping with a duplicated key outright (pointing at the first copy), which
/// would hide every other problem in the file. So on a duplicate, the loader finds the later copy,
/// reports it there, renames it in a scratch copy of the text (`__kiln_duplicate_N_key`, which
/// `MappingReader` skips) and parses again; up to `maxDuplicates` times.
enum YAMLLoader {
    static let maxDuplicates = 50

    static func load(_ text: String, file: String, context: DecodeContext) -> Node? {
        var lines = text.components(separatedBy: "\n")
        for attempt in 0...maxDuplicates {
            do {
                guard let root = try Yams.compose(yaml: lines.joined(separator: "\n")) else {
                    context.error(SourceLocation(file: file, line: 1, column: 1), "the plan file is empty",
                                  fix: "start from one of the example plans in `plans/`")
                    return nil
                }
                return root
            } catch YamlError.duplicatedKeysInMapping(let duplicates, let yamlContext) {
                guard attempt < maxDuplicates,
                      let found = locateDuplicate(names: duplicates, first: yamlContext.mark, lines: lines) else {
                    context.error(context.location(yamlContext.mark),
                                  "duplicate key \(duplicates.map { "`\($0)`" }.joined(separator: ", ")) in one mapping",
                                  fix: "keep one of them")
                    return nil
                }
                context.error(SourceLocation(file: file, line: found.line, column: found.column),
                              "duplicate key `\(found.name)`: it is already set at line \(yamlContext.mark.line)",
                              fix: "keep one `\(found.name)` (YAML would silently use only one of them)")
                lines[found.line - 1] = insert("\(MappingReader.duplicatePrefix)\(attempt)_", into: lines[found.line - 1],
                                               atColumn: found.keyColumn)
            } catch let error as YamlError {
                context.diagnostics.append(syntaxDiagnostic(error, file: file, lines: lines))
                return nil
            } catch {
                context.error(SourceLocation(file: file, line: 1, column: 1), "cannot parse the plan as YAML: \(error)")
                return nil
            }
        }
        return nil
    }

    // MARK: - Duplicates

    struct DuplicateSite {
        let name: String
        let line: Int
        /// Column of the key as reported (at the quote for quoted keys).
        let column: Int
        /// Column where the key's text starts (after a quote), where the rename goes.
        let keyColumn: Int
    }

    /// Finds the second copy of the duplicated key whose first copy is at `first`.
    static func locateDuplicate(names: [String], first: Mark, lines: [String]) -> DuplicateSite? {
        guard first.line >= 1, first.line <= lines.count else { return nil }
        let firstLine = Array(lines[first.line - 1])
        let start = first.column - 1
        guard let name = names.first(where: { keyLength($0, in: firstLine, at: start) != nil }),
              let firstLength = keyLength(name, in: firstLine, at: start) else { return nil }

        // Flow mapping on the same line: `{cores: 2, cores: 4}`.
        var index = start + firstLength
        while index < firstLine.count {
            if firstLine[index] == "," || firstLine[index] == "{" {
                var keyStart = index + 1
                while keyStart < firstLine.count, firstLine[keyStart] == " " { keyStart += 1 }
                if keyLength(name, in: firstLine, at: keyStart) != nil {
                    return site(name, line: first.line, at: keyStart, in: firstLine)
                }
            }
            index += 1
        }
        // Block mapping: a later line at the same indentation, before the mapping ends.
        var lineNumber = first.line + 1
        while lineNumber <= lines.count {
            let line = Array(lines[lineNumber - 1])
            let indent = line.prefix { $0 == " " }.count
            let isBlank = indent == line.count || line[indent] == "#"
            if !isBlank {
                if indent < start { break }
                if indent == start, keyLength(name, in: line, at: start) != nil {
                    return site(name, line: lineNumber, at: start, in: line)
                }
            }
            lineNumber += 1
        }
        return nil
    }

    private static func site(_ name: String, line: Int, at index: Int, in characters: [Character]) -> DuplicateSite {
        let quoted = index < characters.count && (characters[index] == "\"" || characters[index] == "'")
        return DuplicateSite(name: name, line: line, column: index + 1, keyColumn: index + (quoted ? 2 : 1))
    }

    /// If `line` has the key `name` (plain or quoted) at `index` followed by `:`, the length of
    /// the key as written.
    static func keyLength(_ name: String, in line: [Character], at index: Int) -> Int? {
        let key = Array(name)
        for quote in ["", "\"", "'"] {
            let written = Array(quote) + key + Array(quote)
            guard index + written.count <= line.count, Array(line[index..<index + written.count]) == written else { continue }
            var after = index + written.count
            while after < line.count, line[after] == " " { after += 1 }
            if after < line.count, line[after] == ":" { return written.count }
        }
        return nil
    }

    static func insert(_ prefix: String, into line: String, atColumn column: Int) -> String {
        var characters = Array(line)
        let index = max(0, min(characters.count, column - 1))
        characters.insert(contentsOf: prefix, at: index)
        return String(characters)
    }

    // MARK: - Syntax errors

    static func syntaxDiagnostic(_ error: YamlError, file: String, lines: [String]) -> Diagnostic {
        let problem: String
        let mark: (line: Int, column: Int)
        var contextText: String?
        switch error {
        case .scanner(let context, let text, let at, _), .parser(let context, let text, let at, _),
             .composer(let context, let text, let at, _):
            problem = text
            mark = (at.line, at.column)
            if let context { contextText = "\(context.text) at line \(context.mark.line)" }
        case .reader(let text, let offset, _, let yaml):
            problem = text
            mark = readerMark(offset: offset, yaml: yaml)
        default:
            problem = "\(error)"
            mark = (1, 1)
        }
        let location = SourceLocation(file: file, line: max(1, mark.line), column: max(1, mark.column))
        var message = "YAML syntax error: \(problem)"
        if let contextText { message += " (\(contextText))" }
        if problem.contains("found another document") {
            message = "a plan file holds one YAML document, but a second one starts here"
        }
        return Diagnostic(.error, at: location, message, fix: syntaxFix(problem: problem, mark: mark, lines: lines))
    }

    private static func readerMark(offset: Int?, yaml: String) -> (line: Int, column: Int) {
        guard let offset else { return (1, 1) }
        let prefix = yaml.utf8.prefix(offset)
        let line = prefix.filter { $0 == UInt8(ascii: "\n") }.count + 1
        let column = prefix.reversed().prefix { $0 != UInt8(ascii: "\n") }.count + 1
        return (line, column)
    }

    private static func syntaxFix(problem: String, mark: (line: Int, column: Int), lines: [String]) -> String {
        if problem.contains("tab character") {
            return "indent with spaces; YAML does not allow tabs"
        }
        if problem.contains("cannot start any token") {
            if mark.line >= 1, mark.line <= lines.count {
                let line = Array(lines[mark.line - 1])
                if mark.column >= 1, mark.column <= line.count, line[mark.column - 1] == "\t" {
                    return "indent with spaces; YAML does not allow tabs"
                }
            }
            return "quote the value (`\"…\"`) if it starts with a special character such as `@`, `%` or a backquote"
        }
        if problem.contains("mapping values are not allowed") {
            return "check this line's indentation, or quote a value that contains `: `"
        }
        if problem.contains("did not find expected key") || problem.contains("did not find expected '-'") {
            return "check the indentation: keys of one mapping must start in the same column"
        }
        if problem.contains("could not find expected ':'") {
            return "add `:` after the key, or quote the value"
        }
        if problem.contains("undefined alias") {
            return "define the anchor (`&name`) before using the alias (`*name`)"
        }
        if problem.contains("another document") {
            return "a plan file holds one YAML document: remove the `---` line or split the file into two plans"
        }
        if problem.contains("flow") || problem.contains("expected ',' or ']'") || problem.contains("expected ',' or '}'") {
            return "close the bracket and separate items with `, `"
        }
        return "fix the YAML near this position"
    }
}
