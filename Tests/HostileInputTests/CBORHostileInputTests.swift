import DeterministicCBOR
import Testing

/// RFC 8949 heads that declare absurd lengths, absurd depth or absurd item counts: each is refused with the error
/// that names it, before anything is allocated for the declared size (default limits: depth 64, 16 MiB, 2^20 items).
let cborCases: [Hostile<CBORError>] = [
    Hostile("byte string declaring 2^63 bytes", [0x5b] + bigEndian(1 << 63, 8),
            .lengthLimitExceeded(offset: 0, length: 1 << 63, limit: 1 << 24)),
    Hostile("byte string declaring 2^64 - 1 bytes", [0x5b] + bigEndian(.max, 8),
            .lengthLimitExceeded(offset: 0, length: .max, limit: 1 << 24)),
    Hostile("text declaring 2^32 bytes", [0x7b] + bigEndian(1 << 32, 8),
            .lengthLimitExceeded(offset: 0, length: 1 << 32, limit: 1 << 24)),
    Hostile("byte string one byte over 16 MiB", [0x5a] + bigEndian((1 << 24) + 1, 4),
            .lengthLimitExceeded(offset: 0, length: (1 << 24) + 1, limit: 1 << 24)),
    Hostile("array declaring 2^63 items", [0x9b] + bigEndian(1 << 63, 8),
            .lengthLimitExceeded(offset: 0, length: 1 << 63, limit: 1 << 24)),
    Hostile("array declaring 2^32 - 1 items", [0x9a] + bigEndian(0xffff_ffff, 4),
            .lengthLimitExceeded(offset: 0, length: 0xffff_ffff, limit: 1 << 24)),
    Hostile("map declaring 2^63 entries", [0xbb] + bigEndian(1 << 63, 8),
            .lengthLimitExceeded(offset: 0, length: 1 << 63, limit: 1 << 24)),
    Hostile("array nested in a map declaring 2^63 items", [0xa1, 0x00, 0x9b] + bigEndian(1 << 63, 8),
            .lengthLimitExceeded(offset: 2, length: 1 << 63, limit: 1 << 24)),
    Hostile("byte string longer than the input", [0x5a] + bigEndian(0x10000, 4) + [1, 2, 3], .truncated(offset: 8)),
    Hostile("array of 1000 items that are not there", [0x99, 0x03, 0xe8], .truncated(offset: 3)),
    Hostile("8-byte head cut short", [0x1b, 0x00, 0x00], .truncated(offset: 3)),
    Hostile("arrays nested 10,000 deep", repeated([0x81], 10_000) + [0x00],
            .depthLimitExceeded(offset: 64, limit: 64)),
    Hostile("maps nested 10,000 deep", repeated([0xa1, 0x00], 10_000) + [0x00],
            .depthLimitExceeded(offset: 128, limit: 64)),
    Hostile("tags nested 10,000 deep", repeated([0xc1], 10_000) + [0x00],
            .depthLimitExceeded(offset: 64, limit: 64)),
    Hostile("indefinite arrays nested 10,000 deep", repeated([0x9f], 10_000), .indefiniteLength(offset: 0)),
    Hostile("negative integer -2^64", [0x3b] + bigEndian(.max, 8), .nonCanonicalNumber(offset: 0)),
    Hostile("one item more than 2^20",
            [0x9a] + bigEndian((1 << 20) + 1, 4) + [UInt8](repeating: 0, count: (1 << 20) + 1),
            .itemLimitExceeded(offset: 5 + (1 << 20) - 1, limit: 1 << 20)),
]

@Test(arguments: cborCases)
func cborRefusesHostileInputWithItsTypedError(_ hostile: Hostile<CBORError>) {
    #expect(throws: hostile.error) { try CBOR.decode(hostile.input) }
}

/// Tighter limits are enforced the same way (callers such as fountain parts and ceremony messages set them).
@Test func cborLimitsChosenByTheCallerHold() {
    let limits = CBORLimits(maxDepth: 2, maxLength: 100, maxItems: 4)
    #expect(throws: CBORError.depthLimitExceeded(offset: 2, limit: 2)) {
        try CBOR.decode([0x81, 0x81, 0x81, 0x00], limits: limits)
    }
    #expect(throws: CBORError.lengthLimitExceeded(offset: 0, length: 101, limit: 100)) {
        try CBOR.decode([0x58, 101] + [UInt8](repeating: 0, count: 101), limits: limits)
    }
    #expect(throws: CBORError.itemLimitExceeded(offset: 4, limit: 4)) {
        try CBOR.decode([0x85, 0, 0, 0, 0, 0], limits: limits)
    }
}

/// Regression (found while measuring memory): nested arrays that each declare as many items as there are bytes left
/// used to reserve depth × bytes-left slots up front, gigabytes of address space for a 16 MiB input. The decoder
/// now fails on the item limit having reserved little; `MemoryBoundTests` measures the peak.
@Test func nestedArraysClaimingEveryRemainingByteAreRefused() {
    let total = 1 << 22
    let count = UInt64(total - 5 * 60 - 16)
    var input = repeated([0x9a] + bigEndian(count, 4), 60)
    input += [UInt8](repeating: 0, count: total - input.count)
    #expect(throws: CBORError.itemLimitExceeded(offset: 300 + (1 << 20) - 60, limit: 1 << 20)) {
        try CBOR.decode(input, limits: CBORLimits(maxDepth: 64))
    }
}
