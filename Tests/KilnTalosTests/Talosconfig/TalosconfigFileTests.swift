import Foundation
import KilnCrypto
import KilnEngine
import KilnTalos
import KilnTestSupport
import Testing

/// kiln's talosconfig beside the state: written 0600 in talosctl's format, its certificate kept
/// until 30 days remain, rewritten when the endpoints change.
@Suite
struct TalosconfigFileTests {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)
    static let day: TimeInterval = 24 * 3600

    final class Fixture: Sendable {
        let directory: TemporaryDirectory
        let paths: StatePaths
        let secrets: TalosSecretsBundle
        var file: String { TalosconfigFile.path(for: paths) }

        init() throws {
            directory = try TemporaryDirectory()
            paths = try StatePaths(directory: directory.path + "/.kiln", cluster: "lab")
            secrets = try TalosSecretsBundle.generate(now: TalosconfigFileTests.start, serviceAccountKey: .ecdsaP256)
        }

        func write(endpoints: [String] = ["10.0.0.11", "10.0.0.12"], nodes: [String] = ["10.0.0.11", "10.0.0.12", "10.0.0.21"],
                   secrets: TalosSecretsBundle? = nil, at now: Date) throws -> TalosconfigFile.Outcome {
            try TalosconfigFile.write(clusterName: "lab", endpoints: endpoints, nodes: nodes, secrets: secrets ?? self.secrets,
                                      to: file, now: now)
        }

        func read() throws -> Talosconfig {
            try Talosconfig.decode(yaml: try String(contentsOfFile: file, encoding: .utf8), source: file)
        }
    }

    @Test
    func itLivesInTheClustersFolderOfTheStateDirectory() throws {
        let fixture = try Fixture()
        #expect(fixture.file == fixture.directory.url.standardizedFileURL.path + "/.kiln/lab/talosconfig")
    }

    @Test
    func theFirstWriteIssuesAnAdminCertificateAndWritesTalosctlsFormat0600() throws {
        let fixture = try Fixture()
        #expect(try fixture.write(at: Self.start) == .created)
        let attributes = try FileManager.default.attributesOfItem(atPath: fixture.file)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let config = try fixture.read()
        let context = try #require(config.currentContext)
        #expect(config.context == "lab")
        #expect(context.endpoints == ["10.0.0.11", "10.0.0.12"])
        #expect(context.nodes == ["10.0.0.11", "10.0.0.12", "10.0.0.21"])
        #expect(context.ca == fixture.secrets.certs.os.certificate)
        #expect(context.certificate.subject.description.contains("os:admin"))
        #expect(context.certificate.extendedKeyUsage == [.clientAuth])
        #expect(context.certificate.notAfter.timeIntervalSince(Self.start) > 364 * Self.day)
        let text = try String(contentsOfFile: fixture.file, encoding: .utf8)
        #expect(text.hasPrefix("context: lab\ncontexts:\n    lab:\n        endpoints:\n"))
    }

    @Test
    func aWriteWithNothingChangedKeepsTheFileUntouched() throws {
        let fixture = try Fixture()
        _ = try fixture.write(at: Self.start)
        let before = FileManager.default.contents(atPath: fixture.file)
        #expect(try fixture.write(at: Self.start + 200 * Self.day) == .kept)
        #expect(FileManager.default.contents(atPath: fixture.file) == before)
    }

    @Test
    func changedEndpointsRewriteTheFileKeepingTheCertificate() throws {
        let fixture = try Fixture()
        _ = try fixture.write(at: Self.start)
        let certificate = try #require(try fixture.read().currentContext?.certificate)
        #expect(try fixture.write(endpoints: ["10.0.0.13"], at: Self.start + Self.day) == .updated)
        let context = try #require(try fixture.read().currentContext)
        #expect(context.endpoints == ["10.0.0.13"])
        #expect(context.certificate == certificate)
    }

    @Test
    func fewerThan30DaysLeftIssuesANewCertificate() throws {
        let fixture = try Fixture()
        _ = try fixture.write(at: Self.start)
        let old = try #require(try fixture.read().currentContext?.certificate)
        #expect(try fixture.write(at: Self.start + 334 * Self.day) == .kept)
        let late = Self.start + 340 * Self.day
        #expect(try fixture.write(at: late) == .renewed)
        let renewed = try #require(try fixture.read().currentContext?.certificate)
        #expect(renewed != old)
        #expect(renewed.notBefore <= late && renewed.notAfter.timeIntervalSince(late) > 364 * Self.day)
    }

    @Test
    func aCertificateFromAnotherOSCAIsReplaced() throws {
        let fixture = try Fixture()
        _ = try fixture.write(at: Self.start)
        let other = try TalosSecretsBundle.generate(now: Self.start, serviceAccountKey: .ecdsaP256)
        #expect(try fixture.write(secrets: other, at: Self.start + Self.day) == .renewed)
        #expect(try fixture.read().currentContext?.ca == other.certs.os.certificate)
    }

    @Test
    func anUnreadableFileIsReplaced() throws {
        let fixture = try Fixture()
        try FileManager.default.createDirectory(atPath: (fixture.file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "not: [a talosconfig\n".write(toFile: fixture.file, atomically: true, encoding: .utf8)
        #expect(try fixture.write(at: Self.start) == .created)
        #expect(try fixture.read().context == "lab")
    }
}
