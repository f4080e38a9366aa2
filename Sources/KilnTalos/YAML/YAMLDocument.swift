import Yams

/// Parses a single-document YAML file. A syntax error is reported by line and column with
/// libyaml's problem statement only: its context snippet would quote the file, i.e. secrets.
enum YAMLDocument {
    static func root(_ text: String, source: String) throws -> Node {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw TalosSecretsError(source: source, field: "", problem: "is not valid YAML (\(describe(error)))")
        } catch {
            throw TalosSecretsError(source: source, field: "", problem: "is not valid YAML")
        }
        guard let node else { throw TalosSecretsError(source: source, field: "", problem: "is empty") }
        return node
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            "\(problem) at line \(mark.line), column \(mark.column)"
        case .duplicatedKeysInMapping(let duplicates, _):
            "duplicated keys: \(duplicates.joined(separator: ", "))"
        case .reader(let problem, _, _, _):
            problem
        default:
            "unreadable"
        }
    }
}
