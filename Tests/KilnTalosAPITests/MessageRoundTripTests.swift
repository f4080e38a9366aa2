import Foundation
import SwiftProtobuf
import Testing
import KilnTalosAPI

/// Every message kiln sends or reads survives encoding and decoding with all its fields set.
@Suite struct MessageRoundTripTests {
    static func roundTrip<M: SwiftProtobuf.Message & Equatable>(_ message: M) throws -> M {
        try M(serializedBytes: try message.serializedBytes() as [UInt8])
    }

    static func makeMetadata() -> Common_Metadata {
        var metadata = Common_Metadata()
        metadata.hostname = "10.0.0.2"
        metadata.error = "rpc error: code = AlreadyExists desc = etcd data directory is not empty"
        metadata.status.code = 6
        metadata.status.message = "etcd data directory is not empty"
        return metadata
    }

    @Test func requests() throws {
        var apply = Machine_ApplyConfigurationRequest()
        apply.data = Data("version: v1alpha1\n".utf8)
        apply.mode = .staged
        apply.dryRun = true
        apply.tryModeTimeout = Google_Protobuf_Duration(seconds: 90, nanos: 5)
        #expect(try Self.roundTrip(apply) == apply)

        var bootstrap = Machine_BootstrapRequest()
        bootstrap.recoverEtcd = true
        #expect(try Self.roundTrip(bootstrap) == bootstrap)

        var members = Machine_EtcdMemberListRequest()
        members.queryLocal = true
        #expect(try Self.roundTrip(members) == members)

        var reboot = Machine_RebootRequest()
        reboot.mode = .powercycle
        #expect(try Self.roundTrip(reboot) == reboot)

        var reset = Machine_ResetRequest()
        reset.graceful = true
        reset.reboot = true
        reset.mode = .userDisks
        reset.userDisksToWipe = ["/dev/sdb"]
        var partition = Machine_ResetPartitionSpec()
        partition.label = "EPHEMERAL"
        partition.wipe = true
        reset.systemPartitionsToWipe = [partition]
        #expect(try Self.roundTrip(reset) == reset)

        #expect(try Self.roundTrip(Google_Protobuf_Empty()) == Google_Protobuf_Empty())
    }

    @Test func replies() throws {
        let metadata = Self.makeMetadata()
        var apply = Machine_ApplyConfiguration()
        apply.metadata = metadata
        apply.warnings = ["deprecated field"]
        apply.mode = .noReboot
        apply.modeDetails = "Applied configuration without a reboot"
        var applyResponse = Machine_ApplyConfigurationResponse()
        applyResponse.messages = [apply, apply]
        #expect(try Self.roundTrip(applyResponse) == applyResponse)

        var bootstrap = Machine_BootstrapResponse()
        bootstrap.messages = [Machine_Bootstrap.with { $0.metadata = metadata }]
        #expect(try Self.roundTrip(bootstrap) == bootstrap)

        var member = Machine_EtcdMember()
        member.id = UInt64.max
        member.hostname = "cp1"
        member.peerUrls = ["https://10.0.0.1:2380"]
        member.clientUrls = ["https://10.0.0.1:2379"]
        member.isLearner = true
        var members = Machine_EtcdMemberListResponse()
        members.messages = [Machine_EtcdMembers.with { $0.metadata = metadata; $0.members = [member] }]
        #expect(try Self.roundTrip(members) == members)

        var status = Machine_EtcdStatusResponse()
        status.messages = [Machine_EtcdStatus.with {
            $0.metadata = metadata
            $0.memberStatus.memberID = 1
            $0.memberStatus.leader = 2
            $0.memberStatus.raftIndex = 3
            $0.memberStatus.dbSize = -4
            $0.memberStatus.errors = ["e"]
            $0.memberStatus.isLearner = true
        }]
        #expect(try Self.roundTrip(status) == status)

        var services = Machine_ServiceListResponse()
        services.messages = [Machine_ServiceList.with {
            $0.metadata = metadata
            $0.services = [Machine_ServiceInfo.with {
                $0.id = "apid"
                $0.state = "Running"
                $0.health = Machine_ServiceHealth.with { $0.unknown = false; $0.healthy = true; $0.lastMessage = "ok" }
            }]
        }]
        #expect(try Self.roundTrip(services) == services)

        var version = Machine_VersionResponse()
        version.messages = [Machine_Version.with {
            $0.metadata = metadata
            $0.version = Machine_VersionInfo.with {
                $0.tag = "v1.13.9"; $0.sha = "abc"; $0.built = "now"; $0.goVersion = "go1.24"; $0.os = "linux"; $0.arch = "amd64"
            }
            $0.platform = Machine_PlatformInfo.with { $0.name = "metal"; $0.mode = "metal" }
            $0.features.rbac = true
        }]
        #expect(try Self.roundTrip(version) == version)

        var reboot = Machine_RebootResponse()
        reboot.messages = [Machine_Reboot.with { $0.metadata = metadata; $0.actorID = "a" }]
        #expect(try Self.roundTrip(reboot) == reboot)

        var reset = Machine_ResetResponse()
        reset.messages = [Machine_Reset.with { $0.metadata = metadata; $0.actorID = "a" }]
        #expect(try Self.roundTrip(reset) == reset)

        let chunk = Common_Data.with { $0.metadata = metadata; $0.bytes = Data([1, 2, 3]) }
        #expect(try Self.roundTrip(chunk) == chunk)
    }

    @Test func statusDetailsTravelAsAny() throws {
        var status = Google_Rpc_Status()
        status.code = 9
        status.message = "not yet"
        status.details = [try Google_Protobuf_Any(message: Google_Protobuf_Duration(seconds: 5))]
        let decoded = try Google_Rpc_Status(serializedBytes: try status.serializedBytes() as [UInt8])
        #expect(decoded.code == 9)
        #expect(decoded.message == "not yet")
        #expect(decoded.details.first?.typeURL == "type.googleapis.com/google.protobuf.Duration")
        #expect(try Google_Protobuf_Duration(unpackingAny: try #require(decoded.details.first)).seconds == 5)
    }
}
