import Foundation
import KilnHTTP
import SwiftProtobuf
import Testing
import KilnTalosAPI

@Suite struct ResponseDecoderTests {
    static let grpcHeaders: HTTPHeaders = ["content-type": "application/grpc"]

    static func body(_ messages: [some SwiftProtobuf.Message]) throws -> Data {
        try messages.reduce(into: Data()) { $0.append(try GRPCFrame.encode($1.serializedData())) }
    }

    static func version(_ tag: String) -> Machine_VersionResponse {
        Machine_VersionResponse.with { $0.messages = [Machine_Version.with { $0.version.tag = tag }] }
    }

    @Test func statusInTrailersAndMessagesInTheBody() throws {
        let response = HTTPResponse(status: 200, headers: Self.grpcHeaders, trailers: ["grpc-status": "0"],
                                    body: try Self.body([Self.version("v1.13.9")]))
        let reply = try GRPCResponseDecoder.decodeUnary(response, as: Machine_VersionResponse.self)
        #expect(reply.messages.first?.version.tag == "v1.13.9")
    }

    @Test func aTrailersOnlyResponseCarriesItsStatusInTheHeaders() {
        let response = HTTPResponse(status: 200, headers: ["content-type": "application/grpc", "grpc-status": "9",
                                                           "grpc-message": "bootstrap is not available yet"])
        #expect(throws: GRPCError.failedPrecondition("bootstrap is not available yet")) {
            try GRPCResponseDecoder.decode(response, as: Machine_BootstrapResponse.self)
        }
    }

    @Test func grpcMessageIsPercentDecoded() {
        let response = HTTPResponse(status: 200, headers: Self.grpcHeaders,
                                    trailers: ["grpc-status": "6", "grpc-message": "etcd data directory is not empty%0A%E2%9C%97"])
        #expect(throws: GRPCError.alreadyExists("etcd data directory is not empty\n✗")) {
            try GRPCResponseDecoder.decode(response, as: Machine_BootstrapResponse.self)
        }
    }

    @Test(arguments: [
        (3, GRPCError.invalidArgument("m")), (4, .deadlineExceeded("m")), (6, .alreadyExists("m")),
        (7, .permissionDenied("m")), (9, .failedPrecondition("m")), (12, .unimplemented("m")),
        (14, .unavailable("m")), (16, .unauthenticated("m")), (99, .unknown("m")),
    ])
    func eachStatusCodeIsItsOwnError(code: Int, error: GRPCError) {
        let response = HTTPResponse(status: 200, headers: Self.grpcHeaders,
                                    trailers: ["grpc-status": "\(code)", "grpc-message": "m"])
        #expect(throws: error) { try GRPCResponseDecoder.decode(response, as: Machine_VersionResponse.self) }
    }

    @Test func trailersWinOverHeaders() throws {
        let response = HTTPResponse(status: 200, headers: ["content-type": "application/grpc", "grpc-status": "14"],
                                    trailers: ["grpc-status": "0"], body: try Self.body([Self.version("v1")]))
        #expect(try GRPCResponseDecoder.decode(response, as: Machine_VersionResponse.self).count == 1)
    }

    @Test func anErrorStatusFailsTheCallEvenAfterMessages() throws {
        let response = HTTPResponse(status: 200, headers: Self.grpcHeaders,
                                    trailers: ["grpc-status": "13", "grpc-message": "stream broke"],
                                    body: try Self.body([Common_Data.with { $0.bytes = Data([1]) }]))
        #expect(throws: GRPCError.internal("stream broke")) {
            try GRPCResponseDecoder.decode(response, as: Common_Data.self)
        }
    }

    @Test func aServerStreamDecodesEveryChunk() throws {
        let chunks = [Common_Data.with { $0.bytes = Data([1, 2]) }, Common_Data.with { $0.bytes = Data([3]) }]
        let response = HTTPResponse(status: 200, headers: Self.grpcHeaders, trailers: ["grpc-status": "0"],
                                    body: try Self.body(chunks))
        let decoded = try GRPCResponseDecoder.decode(response, as: Common_Data.self)
        #expect(decoded == chunks)
        #expect(try decoded.concatenatedBytes() == Data([1, 2, 3]))
    }

    @Test func aNon200HTTPStatusIsMappedLikeGRPCClientsDo() {
        let unavailable = HTTPResponse(status: 503, headers: ["content-type": "text/html"])
        #expect(throws: GRPCError.unavailable("HTTP status 503 instead of a gRPC response")) {
            try GRPCResponseDecoder.decode(unavailable, as: Machine_VersionResponse.self)
        }
        let missing = HTTPResponse(status: 404, headers: ["grpc-status": "0"])
        #expect(throws: GRPCError.unimplemented("HTTP status 404 instead of a gRPC response")) {
            try GRPCResponseDecoder.decode(missing, as: Machine_VersionResponse.self)
        }
    }

    @Test func brokenResponsesAreProtocolViolations() throws {
        let noStatus = HTTPResponse(status: 200, headers: Self.grpcHeaders, body: try Self.body([Self.version("v1")]))
        #expect(throws: GRPCError.protocolViolation("the response ended without grpc-status")) {
            try GRPCResponseDecoder.decode(noStatus, as: Machine_VersionResponse.self)
        }
        let badStatus = HTTPResponse(status: 200, headers: Self.grpcHeaders, trailers: ["grpc-status": "OK"])
        #expect(throws: GRPCError.protocolViolation("grpc-status \"OK\" is not a status code")) {
            try GRPCResponseDecoder.decode(badStatus, as: Machine_VersionResponse.self)
        }
        let notGRPC = HTTPResponse(status: 200, headers: ["content-type": "text/plain"], trailers: ["grpc-status": "0"])
        #expect(throws: GRPCError.protocolViolation("content-type is \"text/plain\", not application/grpc")) {
            try GRPCResponseDecoder.decode(notGRPC, as: Machine_VersionResponse.self)
        }
        let twoForUnary = HTTPResponse(status: 200, headers: Self.grpcHeaders, trailers: ["grpc-status": "0"],
                                       body: try Self.body([Self.version("a"), Self.version("b")]))
        #expect(throws: GRPCError.protocolViolation("a unary call returned 2 messages")) {
            try GRPCResponseDecoder.decodeUnary(twoForUnary, as: Machine_VersionResponse.self)
        }
    }

    @Test func aPayloadThatIsNotTheMessageIsUndecodable() throws {
        let response = HTTPResponse(status: 200, headers: Self.grpcHeaders, trailers: ["grpc-status": "0"],
                                    body: try GRPCFrame.encode(Data([0x0A, 0x05, 0x01])))  // field 1 claims 5 bytes, has 1
        #expect {
            try GRPCResponseDecoder.decode(response, as: Machine_VersionResponse.self)
        } throws: { error in
            guard case GRPCError.undecodableMessage(let type, _) = error else { return false }
            return type == "Machine_VersionResponse"
        }
    }

    @Test func aCompressedReplyIsRefused() {
        let response = HTTPResponse(status: 200, headers: ["content-type": "application/grpc", "grpc-encoding": "gzip"],
                                    trailers: ["grpc-status": "0"], body: Data([1, 0, 0, 0, 1, 0]))
        #expect(throws: GRPCError.compressedMessage(encoding: "gzip")) {
            try GRPCResponseDecoder.decode(response, as: Machine_VersionResponse.self)
        }
    }
}
