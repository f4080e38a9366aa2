import CZlib
import Foundation

/// gzip (RFC 1952) through zlib: what Talos wraps its kubeconfig tarball in.
public enum Gzip {
    /// Compresses `data` into one gzip member.
    public static func compress(_ data: Data, level: Int32 = Z_DEFAULT_COMPRESSION) throws(ArchiveError) -> Data {
        var stream = z_stream()
        guard kiln_deflate_init_gzip(&stream, level) == Z_OK else { throw ArchiveError("zlib could not start compressing") }
        defer { deflateEnd(&stream) }
        var input = [UInt8](data)
        let bound = Int(deflateBound(&stream, uLong(input.count))) + 32
        var output = [UInt8](repeating: 0, count: bound)
        let status: Int32 = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = uInt(outBuffer.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw ArchiveError("zlib could not compress (status \(status))") }
        return Data(output.prefix(Int(stream.total_out)))
    }

    /// Decompresses one gzip member. `limit` bounds the output, so a hostile peer cannot make
    /// kiln inflate gigabytes from a few kilobytes.
    public static func decompress(_ data: Data, limit: Int = 64 << 20) throws(ArchiveError) -> Data {
        guard data.count >= 18, data[data.startIndex] == 0x1F, data[data.startIndex + 1] == 0x8B else {
            throw ArchiveError("not gzip data (no gzip header)")
        }
        var stream = z_stream()
        guard kiln_inflate_init_gzip(&stream) == Z_OK else { throw ArchiveError("zlib could not start decompressing") }
        defer { inflateEnd(&stream) }
        var input = [UInt8](data)
        var result = Data()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var status: Int32 = Z_OK
        try input.withUnsafeMutableBufferPointer { (inBuffer: inout UnsafeMutableBufferPointer<UInt8>) throws(ArchiveError) in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inBuffer.count)
            while status != Z_STREAM_END {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { outBuffer in
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = uInt(outBuffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return outBuffer.count - Int(stream.avail_out)
                }
                guard status == Z_OK || status == Z_STREAM_END else {
                    throw ArchiveError(status == Z_BUF_ERROR ? "gzip data ends too early" : "gzip data is corrupt (zlib status \(status))")
                }
                result.append(contentsOf: chunk.prefix(produced))
                guard result.count <= limit else { throw ArchiveError("gzip data inflates beyond \(limit) bytes") }
            }
        }
        return result
    }
}
