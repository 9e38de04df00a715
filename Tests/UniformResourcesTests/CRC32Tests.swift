import Testing
import UniformResources

struct CRC32Tests {
    @Test func knownValues() {
        #expect(CRC32.checksum(Array("Hello, world!".utf8)) == 0xebe6_c6e6)
        #expect(CRC32.checksum([]) == 0)
        #expect(CRC32.bigEndianBytes(Array("Wolf".utf8)) == [0x59, 0x8c, 0x84, 0xdc])
    }

    @Test func sliceMatchesArray() {
        let message = makeMessage(300)
        #expect(CRC32.checksum(message[100..<250]) == CRC32.checksum(Array(message[100..<250])))
    }

    /// A bitwise CRC-32 written from the definition (reflected 0xEDB88320) agrees with zlib's.
    @Test(arguments: [0, 1, 7, 64, 1000])
    func matchesBitwiseDefinition(length: Int) {
        let message = makeMessage(length, seed: "crc-\(length)")
        var crc: UInt32 = 0xffff_ffff
        for byte in message {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xedb8_8320 : crc >> 1 }
        }
        #expect(CRC32.checksum(message) == crc ^ 0xffff_ffff)
    }
}
