import Foundation
import Testing
import KilnTalosAPI

@Suite struct FramingTests {
    static func frame(_ bytes: [UInt8]) throws -> Data { try GRPCFrame.encode(Data(bytes)) }

    @Test func aFrameIsFlagThenBigEndianLengthThenPayload() throws {
        #expect(try GRPCFrame.encode(Data([0xAA, 0xBB])) == Data([0, 0, 0, 0, 2, 0xAA, 0xBB]))
        let big = try GRPCFrame.encode(Data(count: 0x01_02_03))
        #expect(Array(big.prefix(5)) == [0, 0x00, 0x01, 0x02, 0x03])
        #expect(big.count == 5 + 0x01_02_03)
    }

    @Test func severalMessagesInOneChunkComeOutInOrder() throws {
        var decoder = GRPCFrameDecoder()
        let chunk = try Self.frame([1]) + Self.frame([]) + Self.frame([2, 3])
        #expect(try decoder.append(chunk) == [Data([1]), Data(), Data([2, 3])])
        try decoder.finish()
    }

    @Test func aMessageSplitByteByByteComesOutOnceComplete() throws {
        var decoder = GRPCFrameDecoder()
        let framed = try Self.frame([9, 8, 7, 6])
        var out: [Data] = []
        for byte in framed {
            out += try decoder.append(Data([byte]))
            if out.isEmpty { #expect(decoder.pendingBytes > 0) }
        }
        #expect(out == [Data([9, 8, 7, 6])])
        #expect(decoder.pendingBytes == 0)
    }

    @Test func chunksCutAcrossMessageBoundaries() throws {
        var decoder = GRPCFrameDecoder()
        let stream = try Self.frame([1, 2, 3]) + Self.frame([4]) + Self.frame([5, 6])
        let first = try decoder.append(stream.prefix(7))  // first frame header + 2 of 3 bytes
        let second = try decoder.append(stream.dropFirst(7).prefix(10))  // rest of 1, all of 2, 1 byte of 3's header
        let third = try decoder.append(stream.dropFirst(17))
        #expect(first == [])
        #expect(second == [Data([1, 2, 3]), Data([4])])
        #expect(third == [Data([5, 6])])
        try decoder.finish()
    }

    @Test func aBodyEndingInsideAFrameIsACutStream() throws {
        var decoder = GRPCFrameDecoder()
        _ = try decoder.append(Self.frame([1, 2, 3]).prefix(6))
        #expect(throws: GRPCError.protocolViolation("body ended inside a message (6 bytes of an unfinished frame)")) {
            try decoder.finish()
        }
    }

    @Test func compressedFramesAreRefusedNamingTheEncoding() {
        var decoder = GRPCFrameDecoder(encoding: "gzip")
        #expect(throws: GRPCError.compressedMessage(encoding: "gzip")) {
            try decoder.append(Data([1, 0, 0, 0, 1, 0xFF]))
        }
    }

    @Test func anUnknownFlagIsAProtocolViolation() {
        var decoder = GRPCFrameDecoder()
        #expect(throws: GRPCError.protocolViolation("frame flag 2 is neither 0 nor 1")) {
            try decoder.append(Data([2, 0, 0, 0, 0]))
        }
    }

    @Test func anAbsurdLengthIsRefusedBeforeItsPayloadArrives() throws {
        var decoder = GRPCFrameDecoder(maxMessageBytes: 1024)
        #expect(throws: GRPCError.messageTooLarge(length: 0xFFFF_FFFF, limit: 1024)) {
            try decoder.append(Data([0, 0xFF, 0xFF, 0xFF, 0xFF]))
        }
        var exact = GRPCFrameDecoder(maxMessageBytes: 3)
        #expect(try exact.append(Self.frame([1, 2, 3])) == [Data([1, 2, 3])])
    }
}
