import KilnTalos
import Testing

/// RFC 6902 patches on the v1alpha1 document: every op, JSON pointer escapes, `-` to append,
/// and errors that name the patch, the operation and the path without quoting values.
@Suite
struct TalosJSONPatchTests {
    @Test
    func addSetsAKeyInStructOrderAndAppendsWithDash() throws {
        let text = try PatchFixtures.json("""
            - {op: add, path: /machine/install/image, value: "factory.talos.dev/nocloud-installer/x:v1.12.2"}
            - {op: add, path: /machine/certSANs/-, value: c}
            - {op: add, path: /machine/certSANs/0, value: first}
            """)
        #expect(text.contains("    certSANs:\n        - first\n        - a\n        - b\n        - c\n"))
        #expect(text.contains("disk: /dev/sda\n        image: factory.talos.dev/nocloud-installer/x:v1.12.2\n"))
    }

    @Test
    func removeReplaceMoveCopyAndTest() throws {
        let text = try PatchFixtures.json("""
            - {op: test, path: /machine/type, value: controlplane}
            - {op: replace, path: /machine/install/disk, value: /dev/vda}
            - {op: copy, from: /machine/certSANs/0, path: /machine/certSANs/-}
            - {op: move, from: /machine/certSANs/1, path: /machine/certSANs/0}
            - {op: remove, path: /machine/network/interfaces/1}
            """)
        #expect(text.contains("disk: /dev/vda"))
        #expect(text.contains("    certSANs:\n        - b\n        - a\n        - a\n"))
        #expect(!text.contains("ens19"))
    }

    @Test
    func pointerEscapesNameKeysWithSlashesAndTildes() throws {
        let text = try PatchFixtures.json("""
            - {op: add, path: /machine/nodeLabels, value: {}}
            - {op: add, path: /machine/nodeLabels/topology.kubernetes.io~1zone, value: a}
            - {op: add, path: /machine/nodeLabels/odd~0key, value: b}
            """)
        #expect(text.contains("topology.kubernetes.io/zone: a"))
        #expect(text.contains("odd~key: b"))
    }

    @Test
    func aJSONArrayIsReadAsAnRFC6902PatchToo() throws {
        let text = try PatchFixtures.json(#"[{"op": "replace", "path": "/machine/install/disk", "value": "/dev/nvme0n1"}]"#)
        #expect(text.contains("disk: /dev/nvme0n1"))
    }

    @Test
    func otherDocumentsAreLeftAsTheyWere() throws {
        let text = try PatchFixtures.json("- {op: remove, path: /cluster}\n")
        #expect(!text.contains("cluster:"))
        #expect(text.hasSuffix("kind: HostnameConfig\nhostname: cp-1\n"))
    }

    static let failures: [(patch: String, operation: Int, path: String, reason: String)] = [
        ("- {op: remove, path: /machine/nope}", 0, "/machine/nope", "nothing to remove"),
        ("- {op: replace, path: /machine/kubelet/image, value: x}", 0, "/machine/kubelet/image", "nothing to replace"),
        ("- {op: test, path: /machine/type, value: controlplane}\n- {op: test, path: /machine/type, value: worker}", 1, "/machine/type", "test failed"),
        ("- {op: add, path: /machine/certSANs/7, value: x}", 0, "/machine/certSANs/7", "not an index"),
        ("- {op: add, path: /machine/kubelet/extraArgs/v, value: '2'}", 0, "/machine/kubelet/extraArgs/v", "does not exist"),
        ("- {op: move, from: /machine/missing, path: /machine/x}", 0, "/machine/missing", "nothing to remove"),
        ("- {op: copy, from: /machine/missing, path: /machine/x}", 0, "/machine/missing", "does not exist"),
        ("- {op: move, from: /machine, path: /machine/inner}", 0, "/machine/inner", "into itself"),
        ("- {op: add, path: /machine/type/x, value: 1}", 0, "/machine/type/x", "plain value"),
        ("- {op: add, path: machine, value: 1}", 0, "machine", "not a JSON pointer"),
    ]

    @Test(arguments: 0..<failures.count)
    func aFailingOperationNamesThePatchItsIndexAndPathWithAFix(case index: Int) {
        let expected = Self.failures[index]
        do {
            _ = try PatchFixtures.json(expected.patch)
            Issue.record("the patch applied")
        } catch let error as TalosPatchError {
            #expect(error.source == PatchFixtures.source)
            #expect(error.operation == expected.operation)
            #expect(error.path == expected.path)
            #expect(error.reason.contains(expected.reason), "\(error.reason)")
            #expect(!error.hint.isEmpty)
            #expect(error.description.contains("/patches/p.yaml, operation \(expected.operation) at `\(expected.path)`"), "\(error)")
            // Values never appear: they may be secrets.
            #expect(!error.description.contains("worker"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(arguments: ["- {op: frobnicate, path: /a}", "- {op: add, path: /a}", "- {op: copy, path: /a}", "- {path: /a, value: 1}",
                      "- {op: add, path: /a, value: 1, extra: 2}", "- just-a-string"])
    func aMalformedOperationIsUnreadable(patch: String) {
        do {
            _ = try TalosPatch.parse(patch, source: PatchFixtures.source)
            Issue.record("parsed")
        } catch {
            #expect(error.kind == .unreadable)
            #expect(error.operation == 0)
            #expect(error.source == PatchFixtures.source)
        }
    }

    @Test
    func aConfigWithoutAV1Alpha1DocumentCannotTakeAJSONPatch() throws {
        let patch = try TalosPatch.parse("- {op: remove, path: /machine}", source: PatchFixtures.source)
        #expect(throws: TalosPatchError.self) { try patch.apply(to: [PatchFixtures.config[1]]) }
    }
}
