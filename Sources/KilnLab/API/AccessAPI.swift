/// `POST /access/ticket`: password login for a ticket and CSRF token.
enum AccessAPI {
    static var routes: [PVERoute] {
        [PVERoute(.post, "/access/ticket", authenticated: false) { request, cluster in
            var check = ParameterCheck(request)
            let username = check.string("username", required: true)
            let password = check.string("password", required: true)
            check.accept("otp", "realm", "new-format", "path", "privs", "tfa-challenge")
            try check.finish()
            let login = try await cluster.login(username: username!, password: password!)
            return PVEReply(["username": .string(login.user.userid), "ticket": .string(login.ticket),
                             "CSRFPreventionToken": .string(login.csrf), "cap": ["vms": [:], "storage": [:], "nodes": [:]]])
        }]
    }
}
