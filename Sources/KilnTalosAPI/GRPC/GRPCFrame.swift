import Foundation

/// gRPC's length-prefixed message: 1 byte compressed flag, 4 bytes big-endian length, payload.
public enum GRPCFrame {
    public static let headerLength = 5

    /// `payload` framed uncompressed: kiln never compresses (it offers no `grpc-encoding`).
    /// A payload the 4-byte length cannot describe is refused rather than sent with a wrong length.
    public static func encode(_ payload: Data) throws(GRPCError) -> Data {
        guard let length = UInt32(exactly: payload.count) else {
            throw .messageTooLarge(length: payload.count, limit: Int(UInt32.max))
        }
        var frame = Data(capacity: headerLength + payload.count)
        frame.append(0)
        frame.append(contentsOf: [UInt8(truncatingIfNeeded: length >> 24), UInt8(truncatingIfNeeded: length >> 16),
                                  UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length)])
        frame.append(payload)
        return frame
    }
}
