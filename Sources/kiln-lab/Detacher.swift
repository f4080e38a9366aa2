import Foundation
import KilnLab
#if canImport(Glibc)
import Glibc
#endif

/// `kiln-lab up --detach`: runs this same program again without `--detach`, in its own session,
/// output to `DIR/lab.log`, and returns once the lab has written `lab.json` and its port accepts.
struct Detacher {
    let directory: LabDirectory
    let listen: String
    let config: String?
    let pveSchema: String?
    let talosSchema: String?

    struct Failed: Error, CustomStringConvertible { let description: String }

    func run() throws {
        try directory.create()
        if let state = try? directory.readState(), kill(state.pid, 0) == 0 {
            throw Failed(description: "a lab already runs from \(directory.path) (pid \(state.pid)); `kiln-lab down --dir \(directory.path)` stops it")
        }
        try? FileManager.default.removeItem(atPath: directory.state)
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        var arguments = ["up", "--dir", directory.path, "--listen", listen]
        if let config { arguments += ["--config", config] }
        if let pveSchema { arguments += ["--pve-schema", pveSchema] }
        if let talosSchema { arguments += ["--talos-schema", talosSchema] }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, directory.log, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // No other inherited descriptor: a caller waiting for end-of-file on a pipe or socket it
        // shared with `up` (Foundation's Process does) must not wait for the lab's lifetime.
        for fd in 3..<Int32(1024) where fcntl(fd, F_GETFD) != -1 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        // Its own session (glibc's POSIX_SPAWN_SETSID, 0x80, hidden behind _GNU_SOURCE): closing the
        // terminal that started it does not stop the lab.
        let setsid: Int32 = 0x80
        posix_spawnattr_setflags(&attributes, Int16(Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF) | setsid))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable, &actions, &attributes, argv, environ)
        guard rc == 0 else { throw Failed(description: "could not start \(executable): \(String(cString: strerror(rc)))") }

        let deadline = Date().addingTimeInterval(60)
        while true {
            var status: Int32 = 0
            if waitpid(child, &status, WNOHANG) == child {
                throw Failed(description: "the lab exited during start; \(directory.log):\n\(tail())")
            }
            if let state = try? directory.readState(), state.pid == child, accepts(state.endpoint) {
                try directory.write("lab.pid", "\(child)\n")
                print("kiln-lab: Proxmox VE API on \(state.endpoint) (pid \(child), log \(directory.log))")
                print("kiln-lab: certificate SHA-256 \(state.fingerprint)")
                print(state.shellExports, terminator: "")
                return
            }
            if Date() > deadline {
                kill(child, SIGTERM)
                throw Failed(description: "the lab did not come up within 60 s; \(directory.log):\n\(tail())")
            }
            usleep(50_000)
        }
    }

    private func tail() -> String {
        let text = (try? String(contentsOfFile: directory.log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(20).joined(separator: "\n")
    }

    /// Whether something accepts TCP on the endpoint's host and port.
    private func accepts(_ endpoint: String) -> Bool {
        guard let url = URL(string: endpoint), let host = url.host, let port = url.port else { return false }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr(host)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
