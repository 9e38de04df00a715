import DeterministicCBOR
import Foundation
import Testing
import UniformResources
@testable import Bitcoin

struct PSBTTests {
    static func sample() throws -> PSBT { try Spend(ours: 2, foreign: 1).psbt }

    /// Binary, base64, file contents and the four UR forms (crypto-psbt / psbt, untagged / tagged) all read back.
    @Test func encodings() throws {
        let psbt = try Self.sample()
        #expect(try PSBT(parsing: psbt.serialized) == psbt)
        #expect(try PSBT(base64: psbt.base64 + "\n") == psbt)
        #expect(try PSBT(fileContents: psbt.serialized) == psbt)
        #expect(try PSBT(fileContents: Array(psbt.base64.utf8)) == psbt)
        for type in ["crypto-psbt", "psbt"] {
            for cbor in [CBOR.bytes(psbt.serialized), .tagged(310, .bytes(psbt.serialized)), .tagged(40310, .bytes(psbt.serialized))] {
                #expect(try PSBT(ur: UR(type: type, cbor: cbor.encoded)) == psbt)
            }
        }
        #expect(throws: BitcoinError.self) { try PSBT(ur: UR(type: "bytes", cbor: CBOR.bytes(psbt.serialized).encoded)) }
        #expect(throws: BitcoinError.self) { try PSBT(ur: UR(type: "psbt", cbor: CBOR.text("psbt").encoded)) }
        #expect(throws: BitcoinError.self) { try PSBT(ur: UR(type: "psbt", cbor: CBOR.tagged(1, .bytes([])).encoded)) }
    }

    /// Every truncation of a valid PSBT is refused with a typed error, never a crash.
    @Test func truncationsAreRefused() throws {
        let bytes = try Self.sample().serialized
        for length in 0..<bytes.count {
            #expect(throws: BitcoinError.self) { try PSBT(parsing: Array(bytes.prefix(length))) }
        }
    }

    /// Random byte flips either parse or throw a BitcoinError.
    @Test func flipsAreTyped() throws {
        let bytes = try Self.sample().serialized
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var changed = bytes
            let at = Int.random(in: 0..<changed.count, using: &generator)
            changed[at] = UInt8.random(in: 0...255, using: &generator)
            do { _ = try PSBT(parsing: changed) } catch is BitcoinError {} catch { Issue.record("untyped \(error)") }
        }
    }

    /// Huge declared lengths and counts fail before allocating; non-canonical CompactSizes are refused.
    @Test func boundedLengths() {
        let hugeKey = PSBT.magic + [0xff] + [UInt8](repeating: 0xff, count: 8)
        #expect(throws: BitcoinError.self) { try PSBT(parsing: hugeKey) }
        let nonCanonical = PSBT.magic + [0xfd, 0x01, 0x00, 0x00]
        #expect(throws: BitcoinError.self) { try PSBT(parsing: nonCanonical) }
        #expect(throws: BitcoinError.self) { try PSBT(parsing: [UInt8](repeating: 0, count: PSBT.maxSize + 1)) }
        #expect(throws: BitcoinError.self) { try PSBT(base64: "not base64 !") }
    }
}

extension PSBTTests {
    /// An unknown key type of 64 bits reads and serializes back unchanged.
    @Test func hugeUnknownKeyType() throws {
        var bytes = try Self.sample().serialized
        // A global entry with key type 2^64 - 1 and no key data, before the global separator.
        let sample = try Self.sample()
        let globalLength = PSBT.magic.count + sample.global.entries.reduce(0) { $0 + ByteWriter.varBytes($1.key).count + ByteWriter.varBytes($1.value).count }
        bytes.insert(contentsOf: [0x09, 0xff] + [UInt8](repeating: 0xff, count: 8) + [0x01, 0x2a], at: globalLength)
        let psbt = try PSBT(parsing: bytes)
        #expect(psbt.serialized == bytes)
        #expect(psbt.global.entries.last?.keyType == UInt64.max)
    }
}
