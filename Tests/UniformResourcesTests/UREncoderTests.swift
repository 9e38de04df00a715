import Testing
import UniformResources

struct UREncoderTests {
    /// Property: random payloads, types and fragment lengths; every string parses back to the encoder's
    /// own part, and the pure parts reassemble the payload.
    @Test(arguments: 0..<40)
    func encodeParseRoundTrip(_ seed: Int) throws {
        var rng = Xoshiro256StarStar(string: "ur property \(seed)")
        let payload = rng.nextData(count: rng.nextInt(1, 3000))
        let typeLetters = Array("abcdefghijklmnopqrstuvwxyz0123456789-")
        let type = String((0..<rng.nextInt(1, 12)).map { _ in typeLetters[rng.nextInt(0, typeLetters.count - 1)] })
        let maxLength = rng.nextInt(10, 400)
        let ur = try UR(type: type, cbor: payload)
        var encoder = try UREncoder(ur, maxFragmentLength: maxLength)
        var fountain = try FountainEncoder(message: payload, maxFragmentLength: maxLength)
        var reassembled: [UInt8] = []
        for _ in 0..<(encoder.seqLen + 5) {
            let text = encoder.nextPart()
            let own = fountain.nextPart()
            #expect(text == text.lowercased())
            switch try URPart(parsing: rng.nextInt(0, 1) == 0 ? text : text.uppercased()) {
            case .single(let parsed):
                #expect(encoder.isSinglePart)
                #expect(parsed == ur)
            case .multipart(let parsedType, let part):
                #expect(!encoder.isSinglePart)
                #expect(parsedType == type)
                #expect(part == own)
                if part.isPure { reassembled += part.fragment }
            }
        }
        if !encoder.isSinglePart { #expect(Array(reassembled.prefix(payload.count)) == payload) }
    }

    @Test func singlePartWhenThePayloadFitsOneFragment() throws {
        let ur = try UR(type: "bytes", cbor: makeMessage(50))
        var encoder = try UREncoder(ur, maxFragmentLength: 1000)
        #expect(encoder.isSinglePart)
        #expect(encoder.nextPart() == ur.string)
        #expect(encoder.nextPart() == ur.string)
    }

    @Test func partsForTheCommandLine() throws {
        let ur = try UR(type: "bytes", cbor: makeMessage(256))
        let all = try UREncoder.parts(of: ur, maxFragmentLength: 30)
        #expect(all.count == 9)
        #expect(all.first?.hasPrefix("ur:bytes/1-9/") == true)
        let later = try UREncoder.parts(of: ur, maxFragmentLength: 30, firstPart: 8, count: 4)
        #expect(later.map { $0.split(separator: "/")[1] } == ["8-9", "9-9", "10-9", "11-9"])
        #expect(Array(later.prefix(2)) == Array(all.suffix(2)))
        #expect(try UREncoder.parts(of: ur, maxFragmentLength: 1000) == [ur.string])
        #expect(try UREncoder.parts(of: ur, maxFragmentLength: 30, firstPart: 20).count == 1)
        #expect(throws: URError.self) { _ = try UREncoder.parts(of: ur, maxFragmentLength: 0) }
        #expect(throws: URError.self) { _ = try UREncoder.parts(of: ur, maxFragmentLength: 30, firstPart: 0) }
        #expect(throws: URError.self) { _ = try UREncoder.parts(of: ur, maxFragmentLength: 30, count: 0) }
    }

    @Test func smallMaximumLowersTheMinimum() throws {
        let ur = try UR(type: "bytes", cbor: makeMessage(40))
        let parts = try UREncoder.parts(of: ur, maxFragmentLength: 5)
        // The minimum becomes 5; fragments follow the reference's search with that minimum.
        let length = FountainCode.fragmentLength(messageLength: 40, maxFragmentLength: 5, minFragmentLength: 5)
        #expect(length == 5)
        #expect(parts.count == 8)
        guard case .multipart(_, let part) = try URPart(parsing: parts[0]) else {
            Issue.record("not a multipart part")
            return
        }
        #expect(part.fragment.count == length)
    }

    @Test func emptyPayloadIsRejected() throws {
        #expect(throws: URError.self) { _ = try UREncoder(try UR(type: "bytes", cbor: []), maxFragmentLength: 100) }
    }
}
