extension PlanDecoder {
    static let gitopsFields = ["flux", "repository", "branch", "path", "deployKeyFile", "sopsAgeKeyFile", "variables"]

    func decodeGitOps(_ root: MappingReader, clusterName: String) -> GitOpsSettings? {
        guard let reader = root.mapping("gitops", allowed: PlanDecoder.gitopsFields) else { return nil }
        let flux = reader.version("flux", required: true, example: "v2.7.3", tagged: true)
        let repository = reader.string("repository", required: true, example: "ssh://git@github.com/me/homelab.git")
        if let repository { checkRepository(repository, reader: reader) }
        let branch = reader.string("branch") ?? "main"
        let path = reader.string("path") ?? "clusters/\(clusterName)"
        if path.hasPrefix("/") || path.split(separator: "/").contains("..") {
            reader.fail("path", "`gitops.path` must be a path inside the repository, not `\(path)`", fix: "write it like `clusters/\(clusterName)`")
        }
        let deployKey = keyFileReference(reader, "deployKeyFile")
        let ageKey = keyFileReference(reader, "sopsAgeKeyFile")
        if let repository, repository.hasPrefix("ssh://"), deployKey == nil, !reader.has("deployKeyFile") {
            context.error(reader.ownerLocation, "`gitops.repository` uses SSH but `gitops.deployKeyFile` is not set",
                          fix: "add `deployKeyFile: ~/.ssh/<deploy key>` (the private key Flux will use)")
        }
        var variables: [String: String] = [:]
        for (key, value, entryPath) in reader.stringMap("variables") ?? [] {
            if NameRules.isVariableName(key) { variables[key] = value } else {
                context.error(context.sourceMap.keyLocation(of: entryPath) ?? reader.ownerLocation,
                              "`\(key)` is not a valid Flux substitution variable name",
                              fix: "use letters, digits and `_`, not starting with a digit, e.g. `DNS_NAME`")
            }
        }
        guard let flux, let repository else { return nil }
        return GitOpsSettings(flux: flux, repository: repository, branch: branch, path: path,
                              deployKeyFile: deployKey, sopsAgeKeyFile: ageKey, variables: variables)
    }

    private func checkRepository(_ url: String, reader: MappingReader) {
        if url.hasPrefix("ssh://") || url.hasPrefix("https://") { return }
        if let at = url.firstIndex(of: "@"), let colon = url[at...].firstIndex(of: ":"), !url.contains("://") {
            // scp-like `git@github.com:me/repo.git`: Flux only accepts URLs.
            let user = url[..<at], host = url[url.index(after: at)..<colon], rest = url[url.index(after: colon)...]
            reader.fail("repository", "`gitops.repository` must be an `ssh://` or `https://` URL; Flux does not accept the scp-like form",
                        fix: "write `ssh://\(user)@\(host)/\(rest)`")
            return
        }
        reader.fail("repository", "`gitops.repository` must be an `ssh://` or `https://` URL, not `\(url)`",
                    fix: "write it like `ssh://git@github.com/me/homelab.git`")
    }

    /// Key files are references: kiln reads them at apply time, so validation only checks the form
    /// (a path, not pasted key material) and never whether the file exists on this machine.
    private func keyFileReference(_ reader: MappingReader, _ key: String) -> String? {
        guard let value = reader.string(key) else { return nil }
        if value.contains("-----BEGIN") || value.contains("AGE-SECRET-KEY-") || value.contains("\n") {
            reader.fail(key, "`gitops.\(key)` must be a path to a key file, not the key itself (value not shown)",
                        fix: "save the key to a file outside the repository and give its path, e.g. `~/.ssh/homelab-deploy`")
            return nil
        }
        return value
    }
}
