/// POSIX path helpers for the server side (always `/`-separated, whatever the local OS).
enum RemotePath {
    /// Splits "/a/b/c" into ("/a/b", "c"); "c" into (".", "c"); "/c" into ("/", "c").
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let name = String(path[path.index(after: slash)...])
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, name)
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory == "/" ? "/\(name)" : "\(directory)/\(name)"
    }

    /// Every ancestor to create for `directory`, outermost first: "/a/b" → ["/a", "/a/b"].
    static func prefixes(_ directory: String) -> [String] {
        let absolute = directory.hasPrefix("/")
        var current = absolute ? "" : "."
        var result: [String] = []
        for component in directory.split(separator: "/") where component != "." {
            current = current.isEmpty ? "/\(component)" : "\(current)/\(component)"
            result.append(current)
        }
        return result
    }
}
