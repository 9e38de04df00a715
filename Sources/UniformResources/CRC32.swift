import CZlib

/// CRC-32/ISO-HDLC (the zlib, PNG and Ethernet CRC), as BCR-2020-005 and BCR-2020-012 use it for the
/// Bytewords checksum and the fountain message checksum. Computed by zlib's `crc32`.
public enum CRC32 {
    /// The CRC-32 of the bytes (reflected polynomial 0xEDB88320, initial and final xor 0xFFFFFFFF).
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        checksum(bytes[...])
    }

    /// The CRC-32 of a slice of bytes, without copying it.
    public static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            var crc = crc32(0, nil, 0)
            guard var pointer = buffer.baseAddress else { return UInt32(truncatingIfNeeded: crc) }
            var remaining = buffer.count
            // zlib takes a 32-bit length: feed inputs beyond 4 GiB in chunks.
            while remaining > 0 {
                let chunk = min(remaining, Int(Int32.max))
                crc = crc32(crc, pointer, uInt(chunk))
                pointer += chunk
                remaining -= chunk
            }
            return UInt32(truncatingIfNeeded: crc)
        }
    }

    /// The CRC-32 serialized big-endian, as Bytewords appends it (BCR-2020-012 "Checksum").
    public static func bigEndianBytes(_ bytes: [UInt8]) -> [UInt8] {
        checksum(bytes).bigEndianBytes
    }
}

extension UInt32 {
    /// The four bytes of the value, most significant first.
    var bigEndianBytes: [UInt8] {
        [
            UInt8(truncatingIfNeeded: self >> 24), UInt8(truncatingIfNeeded: self >> 16),
            UInt8(truncatingIfNeeded: self >> 8), UInt8(truncatingIfNeeded: self),
        ]
    }
}
