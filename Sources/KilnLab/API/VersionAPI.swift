/// `GET /version`.
enum VersionAPI {
    static var routes: [PVERoute] {
        [PVERoute(.get, "/version") { request, cluster in
            var check = ParameterCheck(request)
            try check.finish()
            let version = cluster.config.version
            let release = version.split(separator: ".").prefix(2).joined(separator: ".")
            return PVEReply(["version": .string(version), "release": .string(release), "repoid": "6b7e53b4"])
        }]
    }
}
