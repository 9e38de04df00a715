import Testing
import UniformResources

/// Parts whose headers lie (BCR-2024-001): refused before the decoder sizes anything by them, each with its
/// `URError`; default limits are 1 MiB messages of at most 8,192 fragments.
struct HostilePart: Sendable, CustomTestStringConvertible {
    let name: String
    let part: FountainPart
    let error: URError
    var testDescription: String { name }
}

func part(_ seqNum: UInt32, _ seqLen: Int, _ messageLen: Int, _ fragment: [UInt8], checksum: UInt32 = 0)
    -> FountainPart
{
    FountainPart(seqNum: seqNum, seqLen: seqLen, messageLen: messageLen, checksum: checksum, fragment: fragment)
}

let hostileParts: [HostilePart] = [
    HostilePart(name: "seqLen 2^32 - 1", part: part(1, 0xffff_ffff, 0xffff_ffff, [0]),
                error: .limitExceeded(what: "seqLen", value: 0xffff_ffff, limit: 8192)),
    HostilePart(name: "seqLen 8193", part: part(1, 8193, 8193, [0]),
                error: .limitExceeded(what: "seqLen", value: 8193, limit: 8192)),
    HostilePart(name: "messageLen 2^32 - 1 in one fragment", part: part(1, 1, 0xffff_ffff, [0]),
                error: .limitExceeded(what: "messageLen", value: 0xffff_ffff, limit: 1 << 20)),
    HostilePart(name: "fragment longer than the message", part: part(1, 1, 1, [0, 0]),
                error: .invalidPart("the fragment (2 bytes) is longer than the message (1)")),
    HostilePart(name: "seqLen that does not cut the message", part: part(1, 5, 10, [1, 2, 3, 4, 5]),
                error: .invalidPart("seqLen 5 does not cut 10 bytes into 5-byte fragments (that needs 2)")),
    HostilePart(name: "nonzero padding in the last fragment", part: part(2, 2, 3, [1, 1]),
                error: .invalidPart("the padding after byte 3 of the message is not zero")),
    HostilePart(name: "seqNum 0", part: part(0, 1, 1, [1]), error: .invalidPart("seqNum is 0")),
    HostilePart(name: "seqLen 0", part: part(1, 0, 1, [1]), error: .invalidPart("seqLen is 0")),
    HostilePart(name: "empty fragment", part: part(1, 1, 1, []), error: .invalidPart("the fragment is empty")),
]

@Test(arguments: hostileParts)
func fountainDecoderRefusesLyingHeaders(_ hostile: HostilePart) {
    var decoder = FountainDecoder()
    #expect(throws: hostile.error) { try decoder.receive(hostile.part) }
    #expect(decoder.header == nil && decoder.progress.rejectedParts == 1)
}

/// A part of another message after the first is refused, and the first message's progress is kept.
@Test func aPartOfAnotherMessageIsRefused() throws {
    var decoder = FountainDecoder()
    try decoder.receive(part(1, 2, 4, [1, 2], checksum: 7))
    #expect(throws: URError.partMismatch(field: "checksum", expected: 7, got: 8)) {
        try decoder.receive(part(2, 2, 4, [3, 4], checksum: 8))
    }
    #expect(throws: URError.partMismatch(field: "seqLen", expected: 2, got: 4)) {
        try decoder.receive(part(2, 4, 4, [3], checksum: 7))
    }
    #expect(decoder.progress.rank == 1 && decoder.progress.rejectedParts == 2)
}

/// Parts that all lie about the checksum determine a message whose CRC-32 differs: the decoder refuses it, and
/// keeps refusing (it never hands out an unverified message).
@Test func aMessageFailingItsChecksumIsNeverReturned() throws {
    let message = Array("hostile fountain message".utf8)
    let encoder = try FountainEncoder(message: message, maxFragmentLength: 5, minFragmentLength: 1)
    let lie: UInt32 = CRC32.checksum(message) ^ 1
    var decoder = FountainDecoder()
    var thrown: URError?
    for seqNum in 1...UInt32(encoder.seqLen) {
        let honest = encoder.part(seqNum: seqNum)
        do {
            try decoder.receive(part(seqNum, honest.seqLen, honest.messageLen, honest.fragment, checksum: lie))
        } catch let error as URError {
            thrown = error
        }
    }
    #expect(thrown == .messageChecksumMismatch(expected: lie, actual: CRC32.checksum(message)))
    #expect(decoder.message == nil)
    #expect(throws: URError.messageChecksumMismatch(expected: lie, actual: CRC32.checksum(message))) {
        try decoder.receive(encoder.part(seqNum: 1))
    }
}

/// The URDecoder refuses a single-part payload over the message limit.
@Test func urDecoderRefusesAnOversizedSinglePart() throws {
    let ur = try UR(type: "bytes", cbor: [UInt8](repeating: 7, count: 65))
    var decoder = URDecoder(limits: FountainDecoder.Limits(maxMessageLength: 64, maxFragments: 8))
    #expect(throws: URError.limitExceeded(what: "payload length", value: 65, limit: 64)) {
        try decoder.receive(ur.string)
    }
}
