import Testing
import UniformResources

struct SHA256Tests {
    @Test func fipsExamples() {
        #expect(
            Base16.encode(SHA256.hash(Array("abc".utf8)))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            Base16.encode(SHA256.hash([]))
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func digestLength() {
        #expect(SHA256.hash(makeMessage(1000)).count == SHA256.digestLength)
    }
}
