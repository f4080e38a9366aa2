import Foundation
import KilnHTTP
import KilnProxmox
import Testing

@Suite("Connection settings from PROXMOX_VE_* variables")
struct ConnectionSettingsTests {
    let endpoint = ["PROXMOX_VE_ENDPOINT": "https://pve.example.com:8006"]

    @Test func aWellFormedTokenGivesTokenCredentialsAndTheAPIRoot() throws {
        let settings = try ProxmoxConnectionSettings.fromEnvironment(endpoint.merging(["PROXMOX_VE_API_TOKEN": FakePVE.token]) { $1 })
        #expect(settings.apiURL.absoluteString == "https://pve.example.com:8006/api2/json")
        guard case .apiToken(let token) = settings.credentials else { Issue.record("expected a token"); return }
        #expect(token.tokenID == "kiln@pve!provision")
        #expect(!String(describing: settings).contains(FakePVE.tokenSecret))
        #expect(!String(reflecting: settings.credentials).contains(FakePVE.tokenSecret))
        var dumped = ""
        dump(settings, to: &dumped)
        #expect(!dumped.contains(FakePVE.tokenSecret), "dump() must not show the secret either")
        guard case .systemRoots = settings.trust else { Issue.record("expected system roots"); return }
    }

    @Test func anEndpointThatAlreadyEndsInTheAPIRootIsNotDoubled() throws {
        let settings = try ProxmoxConnectionSettings.fromEnvironment(
            ["PROXMOX_VE_ENDPOINT": "https://pve:8006/api2/json/", "PROXMOX_VE_API_TOKEN": FakePVE.token])
        #expect(settings.apiURL.absoluteString == "https://pve:8006/api2/json")
    }

    @Test(arguments: [
        "ops@pam!ci",                      // no secret
        "ops!ci=abc",                      // no realm
        "ops@pam=abc-123",                 // no token id
        "ops@pam!ci=secret_with_underscore", // bad secret characters
        "ops@pam!ci=",
        "s3cr3t-only-value",
    ])
    func aMalformedTokenNamesTheVariableAndNeverEchoesTheValue(token: String) throws {
        let error = try #require(throws: ProxmoxConfigurationError.self) {
            try ProxmoxConnectionSettings.fromEnvironment(endpoint.merging(["PROXMOX_VE_API_TOKEN": token]) { $1 })
        }
        #expect(error.setting == "PROXMOX_VE_API_TOKEN")
        #expect(error.hint.contains("USER@REALM") || error.problem.contains("USER@REALM"))
        for text in [error.description, error.hint, error.problem, String(reflecting: error)] {
            #expect(!text.contains(token), "the value leaked into: \(text)")
        }
    }

    @Test func usernameAndPasswordGivePasswordCredentialsWithTheSecretRedacted() throws {
        let settings = try ProxmoxConnectionSettings.fromEnvironment(endpoint.merging([
            "PROXMOX_VE_USERNAME": "root@pam", "PROXMOX_VE_PASSWORD": "hunter2-very-secret",
        ]) { $1 })
        guard case .password(let user, let password) = settings.credentials else { Issue.record("expected password"); return }
        #expect(user == "root@pam")
        #expect(String(describing: password) == "<redacted>")
        #expect(!String(describing: settings).contains("hunter2"))
        #expect(!String(reflecting: settings).contains("hunter2"))
    }

    @Test func aUsernameWithoutPasswordNamesThePasswordVariable() throws {
        let error = try #require(throws: ProxmoxConfigurationError.self) {
            try ProxmoxConnectionSettings.fromEnvironment(endpoint.merging(["PROXMOX_VE_USERNAME": "root@pam"]) { $1 })
        }
        #expect(error.setting == "PROXMOX_VE_PASSWORD")
    }

    @Test func aUsernameWithoutRealmIsRefused() throws {
        let error = try #require(throws: ProxmoxConfigurationError.self) {
            try ProxmoxConnectionSettings.fromEnvironment(endpoint.merging([
                "PROXMOX_VE_USERNAME": "root", "PROXMOX_VE_PASSWORD": "pw-secret"]) { $1 })
        }
        #expect(error.setting == "PROXMOX_VE_USERNAME")
        #expect(!error.description.contains("pw-secret"))
    }

    @Test func noCredentialsAtAllSaysWhichVariablesToSet() throws {
        let error = try #require(throws: ProxmoxConfigurationError.self) {
            try ProxmoxConnectionSettings.fromEnvironment(endpoint)
        }
        #expect(error.hint.contains("PROXMOX_VE_API_TOKEN") && error.hint.contains("PROXMOX_VE_USERNAME"))
    }

    @Test func aMissingEndpointIsTheFirstError() throws {
        let error = try #require(throws: ProxmoxConfigurationError.self) {
            try ProxmoxConnectionSettings.fromEnvironment(["PROXMOX_VE_API_TOKEN": FakePVE.token])
        }
        #expect(error.setting == "PROXMOX_VE_ENDPOINT")
        #expect(error.problem == "is not set")
    }

    @Test(arguments: ["http://pve:8006", "pve.example.com", "https://user:pw@pve:8006"])
    func anEndpointThatIsNotAPlainHTTPSURLIsRefused(value: String) throws {
        let error = try #require(throws: ProxmoxConfigurationError.self) {
            try ProxmoxConnectionSettings.fromEnvironment(["PROXMOX_VE_ENDPOINT": value, "PROXMOX_VE_API_TOKEN": FakePVE.token])
        }
        #expect(error.setting == "PROXMOX_VE_ENDPOINT")
        #expect(!error.description.contains("pw"))
    }

    @Test(arguments: ["true", "1", "TRUE", "yes"])
    func theInsecureFlagSkipsVerificationAndSaysWhy(flag: String) throws {
        let settings = try ProxmoxConnectionSettings.fromEnvironment(endpoint.merging([
            "PROXMOX_VE_API_TOKEN": FakePVE.token, "PROXMOX_VE_INSECURE": flag]) { $1 })
        guard case .insecureSkipVerification(let reason) = settings.trust else { Issue.record("expected insecure"); return }
        #expect(reason.contains("PROXMOX_VE_INSECURE"))
    }

    @Test func aFalseInsecureFlagKeepsVerificationAndNonsenseIsRefused() throws {
        let off = try ProxmoxConnectionSettings.fromEnvironment(endpoint.merging([
            "PROXMOX_VE_API_TOKEN": FakePVE.token, "PROXMOX_VE_INSECURE": "false"]) { $1 })
        guard case .systemRoots = off.trust else { Issue.record("expected system roots"); return }
        let error = try #require(throws: ProxmoxConfigurationError.self) {
            try ProxmoxConnectionSettings.fromEnvironment(endpoint.merging([
                "PROXMOX_VE_API_TOKEN": FakePVE.token, "PROXMOX_VE_INSECURE": "maybe"]) { $1 })
        }
        #expect(error.setting == "PROXMOX_VE_INSECURE")
    }

    @Test func aPlanFingerprintPinWinsOverTheInsecureFlag() throws {
        let hex = String(repeating: "AB:", count: 31) + "AB"
        let settings = try ProxmoxConnectionSettings.fromEnvironment(
            endpoint.merging(["PROXMOX_VE_API_TOKEN": FakePVE.token, "PROXMOX_VE_INSECURE": "1"]) { $1 },
            plan: .init(fingerprint: hex))
        guard case .pinnedCertificate(let pin) = settings.trust else { Issue.record("expected a pin"); return }
        #expect(pin == [UInt8](repeating: 0xAB, count: 32))

        let bad = try #require(throws: ProxmoxConfigurationError.self) {
            try ProxmoxConnectionSettings.fromEnvironment(endpoint.merging(["PROXMOX_VE_API_TOKEN": FakePVE.token]) { $1 },
                                                          plan: .init(fingerprint: "AB:CD"))
        }
        #expect(bad.setting.contains("fingerprint"))
    }

    @Test func aPlanCAFileIsTrustedAndMustHoldACertificate() throws {
        let pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
        let settings = try ProxmoxConnectionSettings.fromEnvironment(
            endpoint.merging(["PROXMOX_VE_API_TOKEN": FakePVE.token]) { $1 }, plan: .init(caPEM: pem))
        guard case .certificateAuthorities(let trusted) = settings.trust else { Issue.record("expected a CA"); return }
        #expect(trusted == pem)
        #expect(throws: ProxmoxConfigurationError.self) {
            try ProxmoxConnectionSettings.fromEnvironment(endpoint.merging(["PROXMOX_VE_API_TOKEN": FakePVE.token]) { $1 },
                                                          plan: .init(caPEM: "not a pem"))
        }
    }
}
