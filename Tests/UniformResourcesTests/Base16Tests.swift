import Testing
import UniformResources

struct Base16Tests {
    @Test func roundTrip() {
        let bytes = makeMessage(64)
        #expect(Base16.decode(Base16.encode(bytes)) == bytes)
        #expect(Base16.encode([0x00, 0xab, 0xff]) == "00abff")
    }

    @Test func acceptsUpperCaseAndWhitespace() {
        #expect(Base16.decode("AB cd\n0F\r\n") == [0xab, 0xcd, 0x0f])
    }

    @Test(arguments: ["a", "abc", "zz", "0x00", "ab-cd", "é0"])
    func rejectsNonHex(_ text: String) {
        #expect(Base16.decode(text) == nil)
    }
}
