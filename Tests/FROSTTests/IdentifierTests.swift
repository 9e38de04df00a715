import FROST
import Testing

struct IdentifierTests {
    typealias C = Ristretto255Sha512

    @Test func zeroIsNeverAnIdentifier() {
        #expect(throws: FROSTError.zeroIdentifier) { try Identifier<C>(0) }
        #expect(throws: FROSTError.zeroIdentifier) { try Identifier<C>(scalar: .zero) }
        #expect(throws: FROSTError.zeroIdentifier) {
            try Identifier<C>(deserializing: [UInt8](repeating: 0, count: 32))
        }
    }

    @Test func encodingsAreValidated() {
        #expect(throws: FROSTError.wrongLength(what: "scalar", expected: 32, actual: 2)) {
            try Identifier<C>(deserializing: [1, 0])
        }
        #expect(throws: FROSTError.nonCanonicalScalar(what: "scalar")) {
            try Identifier<C>(deserializing: [UInt8](repeating: 0xff, count: 32))
        }
    }

    @Test func identifiersOrderAsIntegers() throws {
        let values: [UInt64] = [257, 2, 129, 256, 1, 65536, 255]
        let sorted = try values.map { try Identifier<C>($0) }.sorted()
        #expect(sorted.map(\.integerValue) == values.sorted().map { Optional($0) })
        #expect(try Identifier<C>(256).serialize() == [0, 1] + [UInt8](repeating: 0, count: 30))
        #expect(try Identifier<C>(deserializing: Identifier<C>(257).serialize()) == Identifier<C>(257))
        #expect(try "\(Identifier<C>(257))" == "257")
    }

    @Test func derivedIdentifiersUseHID() throws {
        let alice = try Identifier<C>(deriving: Array("alice".utf8))
        #expect(alice.scalar == C.HID(Array("alice".utf8)))
        #expect(try alice != Identifier<C>(deriving: Array("bob".utf8)))
        #expect(alice.integerValue == nil)
        #expect("\(alice)" == hexString(alice.serialize()))
    }
}
