import Foundation
import KilnProxmox
import Testing

@Suite("Form encoding, lenient decoding and UPIDs")
struct EncodingAndDecodingTests {
    @Test func formEncodingEscapesSpecialCharactersAsTheFormSerializerDoes() {
        var p = ProxmoxParameters()
        p["description"] = "a b&c=d+é/?"
        p["net0"] = "virtio=BC:24:11:00:00:01,bridge=vmbr0,tag=20"
        p["ipconfig0"] = "ip=10.0.0.5/24,gw=10.0.0.1"
        #expect(p.formEncoded == "description=a+b%26c%3Dd%2B%C3%A9%2F%3F"
            + "&net0=virtio%3DBC%3A24%3A11%3A00%3A00%3A01%2Cbridge%3Dvmbr0%2Ctag%3D20"
            + "&ipconfig0=ip%3D10.0.0.5%2F24%2Cgw%3D10.0.0.1")
    }

    @Test func booleansAre0And1AndListsAreRepeatedKeys() {
        let p: ProxmoxParameters = ["full": true, "onboot": false, "newid": 123, "tag": .list(["a", "b c"])]
        #expect(p.formEncoded == "full=1&onboot=0&newid=123&tag=a&tag=b+c")
    }

    @Test func assigningNilRemovesAParameter() {
        var p: ProxmoxParameters = ["pool": "kiln"]
        p["pool"] = nil
        #expect(p.isEmpty)
    }

    @Test func numbersAsStringsAndBooleansAsNumbersAreReadLeniently() throws {
        let value = try ProxmoxValue.parse(Data(#"{"data":"101","template":1,"agent":"0","maxcpu":"4","cpu":0.25,"running":true}"#.utf8))
        #expect(value["data"]?.int == 101)
        #expect(value["template"]?.bool == true)
        #expect(value["agent"]?.bool == false)
        #expect(value["maxcpu"]?.int == 4)
        #expect(value["cpu"]?.double == 0.25)
        #expect(value["running"]?.bool == true)
        #expect(value["template"]?.string == "1")
        #expect(ProxmoxValue.string("abc").int == nil)
        #expect(ProxmoxValue.int(2).bool == nil)
    }

    @Test func aUPIDNamesItsNodeTypeAndObject() throws {
        let upid = try #require(UPID(sampleUPID))
        #expect(upid.node == "pve1")
        #expect(upid.pid == 0x1A2B3)
        #expect(upid.startTime == 0x6745F0A1)
        #expect(upid.type == "qmclone")
        #expect(upid.id == "9000")
        #expect(upid.user == "kiln@pve!provision")
        #expect(upid.description == sampleUPID)
    }

    @Test(arguments: ["", "UPID:pve1", "TASK:pve1:1:2:3:qmstart:100:root@pam:", "UPID:pve1:zz:2:3:qmstart:100:root@pam:",
                      "UPID::1:2:3:qmstart:100:root@pam:"])
    func malformedUPIDsAreRejected(text: String) {
        #expect(UPID(text) == nil)
    }
}
