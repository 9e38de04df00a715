import Testing
import UniformResources

struct URErrorTests {
    static let errors: [URError] = [
        .partMismatch(field: "seqLen", expected: 9, got: 10),
        .typeMismatch(expected: "bytes", got: "psbt"),
        .limitExceeded(what: "seqLen", value: 1 << 32, limit: 8192),
        .messageChecksumMismatch(expected: 1, actual: 2),
        .invalidPart("seqNum is 0"),
        .invalidScheme("uhr:"),
        .invalidType("Bad"),
        .invalidPath("no body"),
        .invalidSequence("0-1"),
        .bytewords(.tooShort(byteCount: 1)),
        .legacyFormat("1of7"),
        .wrongPartKind("a part"),
        .invalidSamplerWeights("negative"),
        .invalidEncoderSettings("empty"),
    ]

    /// Every description is one sentence naming the values a person needs.
    @Test(arguments: errors)
    func descriptionIsOneSentence(_ error: URError) {
        let text = error.description
        #expect(text.hasSuffix("."))
        #expect(!text.contains("\n"))
        #expect(text.first?.isUppercase == true || text.first == "\"")
    }

    @Test func descriptionsCarryTheirValues() {
        #expect(URError.partMismatch(field: "seqLen", expected: 9, got: 10).description.contains("10"))
        #expect(URError.invalidType("Bad").description.contains("\"Bad\""))
        #expect(BytewordsError.invalidWord("axxe", offset: 4).description.contains("axxe"))
    }
}
