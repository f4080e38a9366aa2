import KilnEngine
import Testing

@Suite("Default attribute diff")
struct AttributeDiffTests {
    let address = ResourceAddress(type: "test_vm", name: "cp-1")

    func record(_ attributes: Attributes, status: ResourceRecord.Status = .ready) -> ResourceRecord {
        ResourceRecord(address: address, status: status, attributes: attributes)
    }

    @Test func equalAttributesAreNoChange() {
        let desired = Resource(address: address, attributes: ["cores": 2, "name": "cp-1"])
        #expect(AttributeDiff.change(desired: desired, current: record(["cores": 2, "name": "cp-1"])).action == .noOp)
    }

    @Test func aChangedAttributeIsAnUpdateInPlaceWithOldAndNew() {
        let desired = Resource(address: address, attributes: ["cores": 4])
        let change = AttributeDiff.change(desired: desired, current: record(["cores": 2]))
        #expect(change.action == .update)
        #expect(change.attributeChanges == [AttributeChange(name: "cores", old: 2, new: 4)])
    }

    @Test func aReplacementForcingAttributeMakesItAReplace() {
        let desired = Resource(address: address, attributes: ["cores": 4, "template": 111], forcesReplacement: ["template"])
        let change = AttributeDiff.change(desired: desired, current: record(["cores": 2, "template": 110]))
        #expect(change.action == .replace)
        #expect(change.attributeChanges.first { $0.name == "template" }?.forcesReplacement == true)
        #expect(change.attributeChanges.first { $0.name == "cores" }?.forcesReplacement == false)
    }

    @Test func aTaintedRecordIsReplacedEvenWithoutChanges() {
        let desired = Resource(address: address, attributes: ["cores": 2])
        let change = AttributeDiff.change(desired: desired, current: record(["cores": 2], status: .tainted))
        #expect(change.action == .replace)
        #expect(change.reason?.contains("tainted") == true)
    }

    @Test func sensitiveAttributesAreMarked() {
        let desired = Resource(address: address, attributes: ["token": "new"], sensitive: ["token"])
        #expect(AttributeDiff.change(desired: desired, current: record(["token": "old"])).attributeChanges.first?.sensitive == true)
    }

    @Test func addressesSortLikeTheirText() {
        let addresses = ["probe.z", "probe_x.a", "probe2.a", "a.b", "a_b.a", "ab.a", "a.a-1", "a.a"]
            .compactMap(ResourceAddress.init(parsing:))
        #expect(addresses.sorted().map(\.description) == addresses.map(\.description).sorted())
    }

    @Test func addressesParseAndPrintAsTypeDotName() {
        #expect(ResourceAddress(parsing: "proxmox_vm.cp-1") == ResourceAddress(type: "proxmox_vm", name: "cp-1"))
        #expect(ResourceAddress(parsing: "proxmox_vm.cp-1")?.description == "proxmox_vm.cp-1")
        #expect(ResourceAddress(parsing: "nodot") == nil)
        #expect(ResourceAddress(parsing: "Bad-Type.x") == nil)
        #expect(ResourceAddress(parsing: ".x") == nil)
    }
}
