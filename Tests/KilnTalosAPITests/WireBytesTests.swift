import Foundation
import SwiftProtobuf
import Testing
import KilnTalosAPI

/// The generated messages put each field under the number Talos uses: checked against wire bytes
/// computed by hand (tag = field number << 3 | wire type).
@Suite struct WireBytesTests {
    @Test func applyConfigurationWithModeAutoIsDataThenMode() throws {
        var request = Machine_ApplyConfigurationRequest()
        request.data = Data("abc".utf8)
        request.mode = .auto
        // data = 1 (length-delimited: 0x0A), mode = 4 (varint: 0x20) = AUTO (1)
        #expect(try request.serializedBytes() == [0x0A, 0x03, 0x61, 0x62, 0x63, 0x20, 0x01])
    }

    @Test func applyConfigurationDryRunAndTryTimeoutUseFields5And6() throws {
        var request = Machine_ApplyConfigurationRequest()
        request.mode = .try
        request.dryRun = true
        request.tryModeTimeout = Google_Protobuf_Duration(seconds: 60)
        // mode = 4 → TRY (4); dry_run = 5 (0x28); try_mode_timeout = 6 (0x32) { seconds = 1: 60 }
        #expect(try request.serializedBytes() == [0x20, 0x04, 0x28, 0x01, 0x32, 0x02, 0x08, 0x3C])
    }

    @Test func modeRebootIsTheZeroValueAndSoAbsentFromTheWire() throws {
        // Why kiln must always choose a mode: an unset mode and REBOOT are the same bytes.
        var request = Machine_ApplyConfigurationRequest()
        request.data = Data("x".utf8)
        request.mode = .reboot
        #expect(try request.serializedBytes() == [0x0A, 0x01, 0x78])
    }

    @Test func applyConfigurationModesHaveTalosNumbers() {
        #expect(Machine_ApplyConfigurationRequest.Mode.allCases.map(\.rawValue) == [0, 1, 2, 3, 4])
        #expect(Machine_ApplyConfigurationRequest.Mode.allCases == [.reboot, .auto, .noReboot, .staged, .try])
    }

    @Test func aPlainBootstrapRequestIsZeroBytes() throws {
        #expect(try Machine_BootstrapRequest().serializedBytes() == [UInt8]())
        #expect(try GRPCFrame.encode(Machine_BootstrapRequest().serializedData()) == Data([0, 0, 0, 0, 0]))
    }

    @Test func requestFieldsOfTheOtherCalls() throws {
        var bootstrap = Machine_BootstrapRequest()
        bootstrap.recoverEtcd = true
        bootstrap.recoverSkipHashCheck = true
        #expect(try bootstrap.serializedBytes() == [0x08, 0x01, 0x10, 0x01])

        var members = Machine_EtcdMemberListRequest()
        members.queryLocal = true
        #expect(try members.serializedBytes() == [0x08, 0x01])

        var reboot = Machine_RebootRequest()
        reboot.mode = .powercycle
        #expect(try reboot.serializedBytes() == [0x08, 0x01])

        var reset = Machine_ResetRequest()
        reset.graceful = true
        reset.reboot = true
        reset.userDisksToWipe = ["/dev/b"]
        reset.mode = .systemDisk
        // graceful = 1, reboot = 2, user_disks_to_wipe = 4 (0x22), mode = 5 (0x28)
        #expect(try reset.serializedBytes() == [0x08, 0x01, 0x10, 0x01, 0x22, 0x06] + Array("/dev/b".utf8) + [0x28, 0x01])
    }

    @Test func metadataCarriesHostnameErrorAndStatus() throws {
        let bytes: [UInt8] = [0x0A, 0x01, 0x6E,  // hostname = 1: "n"
                              0x12, 0x01, 0x65,  // error = 2: "e"
                              0x1A, 0x05, 0x08, 0x09, 0x12, 0x01, 0x6D]  // status = 3 {code = 1: 9, message = 2: "m"}
        let metadata = try Common_Metadata(serializedBytes: bytes)
        #expect(metadata.hostname == "n")
        #expect(metadata.error == "e")
        #expect(metadata.status.code == 9)
        #expect(metadata.status.message == "m")
        #expect(try metadata.serializedBytes() == bytes)
    }

    @Test func etcdMemberListReplyDecodesFromTalosFieldNumbers() throws {
        let member: [UInt8] = [0x10, 0x82, 0x02,  // id = 2: 258
                               0x1A, 0x03, 0x63, 0x70, 0x31,  // hostname = 3: "cp1"
                               0x22, 0x01, 0x70,  // peer_urls = 4: "p"
                               0x2A, 0x01, 0x63,  // client_urls = 5: "c"
                               0x30, 0x01]  // is_learner = 6
        let members: [UInt8] = [0x0A, 0x05, 0x0A, 0x03, 0x63, 0x70, 0x31]  // metadata = 1 {hostname: "cp1"}
            + [0x12, 0x01, 0x78]  // legacy_members = 2, not in kiln's .proto: skipped
            + [0x1A, UInt8(member.count)] + member  // members = 3
        let response = try Machine_EtcdMemberListResponse(serializedBytes: [0x0A, UInt8(members.count)] + members)
        let reply = try #require(response.messages.first)
        #expect(reply.metadata.hostname == "cp1")
        #expect(reply.members.count == 1)
        #expect(reply.members[0].id == 258)
        #expect(reply.members[0].hostname == "cp1")
        #expect(reply.members[0].peerUrls == ["p"])
        #expect(reply.members[0].clientUrls == ["c"])
        #expect(reply.members[0].isLearner)
    }

    @Test func etcdStatusMemberIdIsField10() throws {
        let status: [UInt8] = [0x10, 0x07,  // db_size = 2
                               0x20, 0x05,  // leader = 4
                               0x28, 0x2A,  // raft_index = 5
                               0x42, 0x01, 0x65,  // errors = 8: "e"
                               0x48, 0x01,  // is_learner = 9
                               0x50, 0x05]  // member_id = 10
        let reply = try Machine_EtcdStatus(serializedBytes: [0x12, UInt8(status.count)] + status)
        #expect(reply.memberStatus.dbSize == 7)
        #expect(reply.memberStatus.leader == 5)
        #expect(reply.memberStatus.raftIndex == 42)
        #expect(reply.memberStatus.errors == ["e"])
        #expect(reply.memberStatus.isLearner)
        #expect(reply.memberStatus.memberID == 5)
    }

    @Test func versionAndServiceListUseTalosFieldNumbers() throws {
        var version = Machine_Version()
        version.version.tag = "v1.13.9"
        version.platform.mode = "metal"
        version.features.rbac = true
        // version = 2 {tag = 1}, platform = 3 {mode = 2}, features = 4 {rbac = 1}
        #expect(try version.serializedBytes() == [0x12, 0x09, 0x0A, 0x07] + Array("v1.13.9".utf8)
                    + [0x1A, 0x07, 0x12, 0x05] + Array("metal".utf8) + [0x22, 0x02, 0x08, 0x01])

        var service = Machine_ServiceInfo()
        service.id = "etcd"
        service.health.healthy = true
        // id = 1, health = 4 {healthy = 2}
        #expect(try service.serializedBytes() == [0x0A, 0x04] + Array("etcd".utf8) + [0x22, 0x02, 0x10, 0x01])
    }

    @Test func dataChunkBytesAreField2() throws {
        var chunk = Common_Data()
        chunk.bytes = Data([0x1F, 0x8B])
        #expect(try chunk.serializedBytes() == [0x12, 0x02, 0x1F, 0x8B])
    }
}
