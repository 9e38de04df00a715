import DeterministicCBOR
import FROST
import Testing

@testable import SSKR
import UniformResources

struct SSKRTextTests {
    static let share: SSKRShare = {
        var random = SystemSSKRRandom()
        return try! SSKR.generate(secret: SecretBytes(Array(0..<32)), spec: .twoOfThree, random: &random)[0][2]
    }()

    @Test func everyFormReadsBackInAnyCaseAndSpacing() throws {
        let share = Self.share
        #expect(share.ur.hasPrefix("ur:sskr/"))
        #expect(share.bytewords().hasPrefix("tuna next keep "))
        #expect(share.legacyBytewords.hasPrefix("tuna acid epic "))
        for text in [share.ur, share.ur.uppercased(), share.bytewords(), share.bytewords(.minimal),
                     share.bytewords(.uri), "  " + share.bytewords().uppercased().replacingOccurrences(of: " ", with: "  ") + "\n"] {
            #expect(try SSKRShare(text: text) == share, "\(text)")
        }
        #expect(try SSKRShare(text: share.legacyUR, acceptingLegacy: true) == share)
        #expect(try SSKRShare(text: share.legacyBytewords, acceptingLegacy: true) == share)
    }

    @Test func strictReadingRefusesLegacyWrongTagsAndDamage() throws {
        let share = Self.share
        #expect(throws: SSKRError.unexpectedTag(309)) { try SSKRShare(text: share.legacyBytewords) }
        #expect(throws: SSKRError.unreadableText("a ur:crypto-sskr, not a ur:sskr")) { try SSKRShare(text: share.legacyUR) }
        var words = share.bytewords().split(separator: " ").map(String.init)
        words[5] = words[5] == "able" ? "acid" : "able"
        #expect(throws: SSKRError.unreadableText("bad checksum")) { try SSKRShare(text: words.joined(separator: " ")) }
        #expect(throws: SSKRError.unreadableText("a ur:bytes, not a ur:sskr")) {
            try SSKRShare(text: UR(type: "bytes", cbor: CBOR.bytes([1, 2, 3]).encoded).string)
        }
        #expect(throws: SSKRError.tagRequired) {
            try SSKRShare(text: Bytewords.encode(CBOR.bytes(share.bytes).encoded, style: .standard))
        }
        let long = String(repeating: "able ", count: 400)
        #expect(throws: SSKRError.unreadableText("2000 characters is longer than any share")) { try SSKRShare(text: long) }
        #expect(throws: SSKRError.self) { try SSKRShare(text: "") }
        #expect(throws: SSKRError.self) { try SSKRShare(text: "ur:sskr/") }
        #expect(throws: SSKRError.self) { try SSKRShare(text: "tuna next keep ünïcode") }
    }
}
