import KilnTalos
import Testing

/// Talos's list rules in strategic merge: append by default, replace pod/service subnets, merge
/// interfaces, VLANs and admission plugins by key, and `$patch: delete` on list items and on
/// whole documents.
@Suite
struct TalosStrategicMergeListTests {
    static func merge(_ yaml: String) throws -> String {
        let patch = try TalosPatch.strategicMerge(yaml: yaml, source: PatchFixtures.source)
        return TalosMachineConfigText.emit(try patch.apply(to: PatchFixtures.config))
    }

    @Test
    func plainListsAreAppendedTo() throws {
        let text = try Self.merge("machine:\n  certSANs: [c]\n")
        #expect(text.contains("    certSANs:\n        - a\n        - b\n        - c\n"))
    }

    @Test
    func podAndServiceSubnetsAreReplaced() throws {
        let text = try Self.merge("cluster:\n  network:\n    podSubnets: [10.42.0.0/16]\n    serviceSubnets: [10.43.0.0/16]\n")
        #expect(text.contains("podSubnets:\n            - 10.42.0.0/16\n        serviceSubnets:\n            - 10.43.0.0/16\n"))
        #expect(!text.contains("10.244.0.0/16"))
    }

    @Test
    func interfacesMergeByNameAndOthersAreAppended() throws {
        let text = try Self.merge("""
            machine:
              network:
                interfaces:
                  - interface: ens18
                    mtu: 9000
                    vlans:
                      - {vlanId: 10, mtu: 1400}
                      - {vlanId: 20}
                  - interface: ens20
                    dhcp: true
            """)
        #expect(text.components(separatedBy: "interface: ens18").count == 2)
        #expect(text.contains("mtu: 9000"))
        #expect(text.contains("mtu: 1400") && !text.contains("mtu: 1500"))
        #expect(text.contains("vlanId: 20"))
        #expect(text.contains("interface: ens20"))
    }

    @Test
    func patchDeleteOnAListItemRemovesTheMatchingItem() throws {
        let text = try Self.merge("""
            machine:
              network:
                interfaces:
                  - interface: ens19
                    $patch: delete
                  - interface: ens18
                    vlans:
                      - {vlanId: 10, $patch: delete}
            cluster:
              apiServer:
                admissionControl:
                  - name: PodSecurity
                    $patch: delete
            """)
        #expect(!text.contains("ens19"))
        #expect(!text.contains("vlanId"))
        #expect(!text.contains("PodSecurity"))
        #expect(text.contains("interface: ens18"))
    }

    @Test
    func admissionPluginsMergeByName() throws {
        let text = try Self.merge("cluster:\n  apiServer:\n    admissionControl:\n      - name: PodSecurity\n        configuration: {enforce: restricted}\n")
        #expect(text.components(separatedBy: "name: PodSecurity").count == 2)
        #expect(text.contains("enforce: restricted"))
        #expect(!text.contains("baseline"))
    }

    @Test
    func patchDeleteOnAMappingRemovesIt() throws {
        let text = try Self.merge("machine:\n  install:\n    $patch: delete\n")
        #expect(!text.contains("install:"))
    }

    @Test
    func aWholeDocumentWithPatchDeleteIsRemoved() throws {
        let text = try Self.merge("apiVersion: v1alpha1\nkind: HostnameConfig\n$patch: delete\n")
        #expect(!text.contains("HostnameConfig"))
    }

    @Test
    func deletingADocumentTheConfigDoesNotHaveIsAnErrorNamingIt() {
        do {
            _ = try Self.merge("apiVersion: v1alpha1\nkind: LinkConfig\nname: ens99\n$patch: delete\n")
            Issue.record("applied")
        } catch let error as TalosPatchError {
            #expect(error.source == PatchFixtures.source)
            #expect(error.reason.contains("LinkConfig document `ens99`"), "\(error.reason)")
            #expect(error.hint.contains("kind"))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test
    func aPatchFileOfMappingsIsAStrategicMerge() throws {
        let patch = try TalosPatch.parse("machine:\n  certSANs: [z]\n", source: PatchFixtures.source)
        guard case .strategicMerge = patch else { Issue.record("read as \(patch)"); return }
    }

    @Test
    func brokenYAMLIsUnreadableWithItsPositionAndNoContent() {
        do {
            _ = try TalosPatch.parse("machine: [secret-value\n", source: PatchFixtures.source)
            Issue.record("parsed")
        } catch {
            #expect(error.kind == .unreadable)
            #expect(error.reason.contains("line"))
            #expect(!error.description.contains("secret-value"))
        }
    }
}
