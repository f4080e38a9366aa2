import Logging
import Synchronization
import Testing
@testable import KilnCLI

/// The stderr log handler: its line format and the redaction of secrets.
@Suite struct LoggingTests {
    func logged(_ body: (inout Logger) -> Void) -> String {
        let output = Mutex("")
        var logger = Logger(label: "kiln.test") { label in
            StderrLogHandler(label: label) { text in output.withLock { $0 += text } }
        }
        logger.logLevel = .trace
        body(&logger)
        return output.withLock { $0 }
    }

    @Test func oneLinePerRecordWithSortedMetadata() {
        let text = logged { $0.info("opened state", metadata: ["serial": "3", "path": "/tmp/my state.json"]) }
        #expect(text == "info kiln.test: opened state path=\"/tmp/my state.json\" serial=3\n")
    }

    @Test func secretKeysAreRedacted() {
        let secrets = ["token": "tok-1", "password": "pw-2", "apiSecret": "s-3", "state_key": "k-4", "PVEAuthTicket": "t-5",
                       "kubeconfig": "kc-6", "privateKey": "pk-7"]
        let text = logged { logger in
            logger.warning("connecting", metadata: secrets.mapValues { .string($0) })
            logger[metadataKey: "session_token"] = "t-8"
            logger.error("failed", metadata: ["nested": ["password": "pw-9", "host": "pve1"]])
        }
        for value in secrets.values + ["t-8", "pw-9"] {
            #expect(!text.contains(value), "\(value) leaked: \(text)")
        }
        #expect(text.contains("token=(redacted)"))
        #expect(text.contains("host: pve1") || text.contains("host:pve1") || text.contains("pve1"))
    }

    @Test func identifiersOfSecretsAreKept() {
        let text = logged { $0.debug("resolved state key", metadata: ["keyID": "1353b8d030e3aa7f", "tokenID": "root@pam!kiln"]) }
        #expect(text.contains("keyID=1353b8d030e3aa7f"))
        #expect(text.contains("tokenID=root@pam!kiln"))
    }

    @Test func credentialLookingValuesAreRedactedWhateverTheKey() {
        let text = logged { $0.debug("request", metadata: [
            "header": "PVEAPIToken=root@pam!kiln=8b0e-secret",
            "body": "-----BEGIN PRIVATE KEY-----\nMC4CAQ\n-----END PRIVATE KEY-----",
        ]) }
        #expect(!text.contains("8b0e-secret"))
        #expect(!text.contains("MC4CAQ"))
    }

    @Test func levelsBelowTheThresholdAreDropped() {
        let text = logged { logger in
            logger.logLevel = .warning
            logger.debug("hidden")
            logger.warning("shown")
        }
        #expect(text == "warning kiln.test: shown\n")
    }
}

/// `--lock-timeout` values.
@Suite struct DurationParserTests {
    @Test func acceptedForms() throws {
        #expect(try DurationParser.parse("30s") == .seconds(30))
        #expect(try DurationParser.parse("2m") == .seconds(120))
        #expect(try DurationParser.parse("1m30s") == .seconds(90))
        #expect(try DurationParser.parse("1h") == .seconds(3600))
        #expect(try DurationParser.parse("500ms") == .milliseconds(500))
        #expect(try DurationParser.parse("0") == .zero)
    }

    @Test func refusedFormsSayWhy() {
        #expect(throws: DurationParseError(text: "30", reason: "a number needs a unit")) { try DurationParser.parse("30") }
        #expect(throws: DurationParseError(text: "1m30", reason: "the last number has no unit")) { try DurationParser.parse("1m30") }
        #expect(throws: DurationParseError(text: "5d", reason: "`d` is not a unit (ms, s, m, h)")) { try DurationParser.parse("5d") }
        #expect(throws: DurationParseError(text: "", reason: "it is empty")) { try DurationParser.parse("") }
        #expect(throws: DurationParseError(text: "s", reason: "a unit comes without a number")) { try DurationParser.parse("s") }
    }
}
