import CSodium
import FROST
import Testing

/// Invalid group elements and scalars for the three suites (RFC 9591 §6.1 and §6.2 DeserializeElement /
/// DeserializeScalar; RFC 8032 §5.1.3; RFC 9496 §4.3.1): identity, small order, mixed order, non-canonical and
/// wrong-length encodings, each with the `FROSTError` it must produce.
let fieldPrimeHex = "ed" + String(repeating: "ff", count: 30) + "7f"
let groupOrderHex = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010"
let zeros31 = String(repeating: "00", count: 31)

let ed25519ElementCases: [Hostile<FROSTError>] = [
    Hostile("identity (0, 1)", hex("01" + zeros31), .identityElement(what: "element")),
    Hostile("identity with the sign bit set (x = -0)", hex("01" + String(repeating: "00", count: 30) + "80"),
            .invalidElement(what: "element")),
    Hostile("order 2 point (0, -1)", hex("ec" + String(repeating: "ff", count: 30) + "7f"),
            .invalidElement(what: "element")),
    Hostile("order 4 point (sqrt(-1), 0)", hex("00" + zeros31), .invalidElement(what: "element")),
    Hostile("order 8 point", hex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
            .invalidElement(what: "element")),
    Hostile("y = p (non-canonical 0, an order 4 point)", hex(fieldPrimeHex), .invalidElement(what: "element")),
    Hostile("y = p + 1 (non-canonical identity)", hex("ee" + String(repeating: "ff", count: 30) + "7f"),
            .invalidElement(what: "element")),
    Hostile("y = 2^255 - 1 (non-canonical)", hex(String(repeating: "ff", count: 31) + "7f"),
            .invalidElement(what: "element")),
    Hostile("31 bytes", [UInt8](repeating: 1, count: 31), .wrongLength(what: "element", expected: 32, actual: 31)),
    Hostile("33 bytes", [UInt8](repeating: 1, count: 33), .wrongLength(what: "element", expected: 32, actual: 33)),
    Hostile("empty", [], .wrongLength(what: "element", expected: 32, actual: 0)),
]

let ristrettoElementCases: [Hostile<FROSTError>] = [
    Hostile("identity", hex("00" + zeros31), .identityElement(what: "element")),
    // Found by FuzzFROSTElements: libsodium 1.0.18 ignores the top bit, so these decoded, the first to the identity.
    Hostile("identity with the top bit set", hex(zeros31 + "80"), .invalidElement(what: "element")),
    Hostile("generator with the top bit set",
            hex("e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2df6"), .invalidElement(what: "element")),
    Hostile("fuzzer input 00652161…a4",
            hex("00652161" + "65f2f2f2f2f2" + "65656565" + "f2f2f2f2f2" + "2100" + "f2f2f2f2f2f2" + "65656565" + "a4"),
            .invalidElement(what: "element")),
    Hostile("negative s (odd)", hex("01" + zeros31), .invalidElement(what: "element")),
    Hostile("s = p", hex(fieldPrimeHex), .invalidElement(what: "element")),
    Hostile("s = 2^255 - 1", hex(String(repeating: "ff", count: 31) + "7f"), .invalidElement(what: "element")),
    Hostile("31 bytes", [UInt8](repeating: 2, count: 31), .wrongLength(what: "element", expected: 32, actual: 31)),
]

let scalarCases: [Hostile<FROSTError>] = [
    Hostile("L", hex(groupOrderHex), .nonCanonicalScalar(what: "scalar")),
    Hostile("L + 1", hex("eed3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010"),
            .nonCanonicalScalar(what: "scalar")),
    Hostile("2^256 - 1", [UInt8](repeating: 0xff, count: 32), .nonCanonicalScalar(what: "scalar")),
    Hostile("2^255 (top bit only)", hex(zeros31 + "80"), .nonCanonicalScalar(what: "scalar")),
    Hostile("64-byte wide scalar", [UInt8](repeating: 1, count: 64),
            .wrongLength(what: "scalar", expected: 32, actual: 64)),
    Hostile("empty", [], .wrongLength(what: "scalar", expected: 32, actual: 0)),
]

/// FROST(secp256k1, SHA-256) (RFC 9591 §6.5, SEC 1 §2.3.4): compressed encodings only, x below p, on the curve,
/// never the all-zero encoding this package uses for the identity internally.
let secp256k1FieldPrimeHex = String(repeating: "ff", count: 27) + "fefffffc2f"
let secp256k1GroupOrderHex = String(repeating: "ff", count: 15) + "febaaedce6af48a03bbfd25e8cd0364141"

let secp256k1ElementCases: [Hostile<FROSTError>] = [
    Hostile("all zeros (the identity's internal encoding)", [UInt8](repeating: 0, count: 33),
            .identityElement(what: "element")),
    Hostile("x = 7, not on the curve (7³ + 7 has no square root)", hex("02" + zeros31 + "07"),
            .invalidElement(what: "element")),
    Hostile("x = p", hex("02" + secp256k1FieldPrimeHex), .invalidElement(what: "element")),
    Hostile("x = 2^256 - 1", hex("03" + String(repeating: "ff", count: 32)), .invalidElement(what: "element")),
    Hostile("unknown tag 04 on a valid x", [0x04] + Array(Element<Secp256k1Sha256>.generator.serialize()[1...]),
            .invalidElement(what: "element")),
    Hostile("tag 00 on a valid x", [0x00] + Array(Element<Secp256k1Sha256>.generator.serialize()[1...]),
            .invalidElement(what: "element")),
    Hostile("uncompressed generator (65 bytes)",
            hex("0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
                + "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"),
            .wrongLength(what: "element", expected: 33, actual: 65)),
    Hostile("x-only (32 bytes)", Array(Element<Secp256k1Sha256>.generator.serialize()[1...]),
            .wrongLength(what: "element", expected: 33, actual: 32)),
]

let secp256k1ScalarCases: [Hostile<FROSTError>] = [
    Hostile("n", hex(secp256k1GroupOrderHex), .nonCanonicalScalar(what: "scalar")),
    Hostile("n + 1", hex(String(repeating: "ff", count: 15) + "febaaedce6af48a03bbfd25e8cd0364142"),
            .nonCanonicalScalar(what: "scalar")),
    Hostile("2^256 - 1", [UInt8](repeating: 0xff, count: 32), .nonCanonicalScalar(what: "scalar")),
    Hostile("33 bytes", [UInt8](repeating: 0, count: 33), .wrongLength(what: "scalar", expected: 32, actual: 33)),
]

@Test(arguments: secp256k1ElementCases)
func secp256k1ElementsAreRefused(_ hostile: Hostile<FROSTError>) {
    #expect(throws: hostile.error) { try Element<Secp256k1Sha256>(deserializing: hostile.input) }
    #expect(throws: hostile.error) { try VerifyingKey<Secp256k1Sha256>(deserializing: hostile.input) }
    #expect(throws: hostile.error) {
        try VerifiableSecretSharingCommitment<Secp256k1Sha256>(
            deserializing: [Element<Secp256k1Sha256>.generator.serialize(), hostile.input])
    }
}

@Test(arguments: secp256k1ScalarCases)
func secp256k1ScalarsOutOfRangeAreRefused(_ hostile: Hostile<FROSTError>) {
    #expect(throws: hostile.error) { try Scalar<Secp256k1Sha256>(deserializing: hostile.input) }
    #expect(throws: hostile.error) { try Identifier<Secp256k1Sha256>(deserializing: hostile.input) }
    #expect(throws: hostile.error) { try SigningShare<Secp256k1Sha256>(deserializingSecret: hostile.input) }
}

@Test(arguments: ed25519ElementCases)
func ed25519ElementsAreRefused(_ hostile: Hostile<FROSTError>) {
    #expect(throws: hostile.error) { try Element<Ed25519Sha512>(deserializing: hostile.input) }
    #expect(throws: hostile.error) { try VerifyingKey<Ed25519Sha512>(deserializing: hostile.input) }
    if hostile.input.count == 32 {
        #expect(throws: hostile.error) {
            try SigningCommitments<Ed25519Sha512>(deserializingHiding: hostile.input, binding: validEd25519)
        }
        #expect(throws: hostile.error) {
            try Signature<Ed25519Sha512>(deserializing: hostile.input + [UInt8](repeating: 0, count: 32))
        }
    }
}

@Test(arguments: ristrettoElementCases)
func ristretto255ElementsAreRefused(_ hostile: Hostile<FROSTError>) {
    #expect(throws: hostile.error) { try Element<Ristretto255Sha512>(deserializing: hostile.input) }
    #expect(throws: hostile.error) { try VerifyingShare<Ristretto255Sha512>(deserializing: hostile.input) }
    #expect(throws: hostile.error) {
        try VerifiableSecretSharingCommitment<Ristretto255Sha512>(deserializing: [validRistretto, hostile.input])
    }
}

@Test(arguments: scalarCases)
func scalarsOutOfRangeAreRefusedByBothSuites(_ hostile: Hostile<FROSTError>) {
    #expect(throws: hostile.error) { try Scalar<Ed25519Sha512>(deserializing: hostile.input) }
    #expect(throws: hostile.error) { try Scalar<Ristretto255Sha512>(deserializing: hostile.input) }
    #expect(throws: hostile.error) { try Identifier<Ed25519Sha512>(deserializing: hostile.input) }
    if hostile.input.count == 32 {
        #expect(throws: hostile.error) {
            try Signature<Ristretto255Sha512>(deserializing: validRistretto + hostile.input)
        }
    }
}

/// The generator of each suite, a valid element to pair hostile ones with.
let validEd25519 = Element<Ed25519Sha512>.generator.serialize()
let validRistretto = Element<Ristretto255Sha512>.generator.serialize()

/// A point of mixed order (B + T, T of order 8) is on the curve and canonical but not in the prime-order subgroup.
@Test func ed25519MixedOrderPointIsRefused() throws {
    let torsion = hex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a")
    var mixed = [UInt8](repeating: 0, count: 32)
    #expect(crypto_core_ed25519_add(&mixed, validEd25519, torsion) == 0)
    #expect(crypto_core_ed25519_is_valid_point(validEd25519) == 1)
    #expect(throws: FROSTError.invalidElement(what: "element")) { try Element<Ed25519Sha512>(deserializing: mixed) }
}

/// Zero is a canonical scalar but never an identifier (RFC 9591 §3.1).
@Test func zeroIdentifierIsRefused() {
    let zero = [UInt8](repeating: 0, count: 32)
    #expect(throws: FROSTError.zeroIdentifier) { try Identifier<Ed25519Sha512>(deserializing: zero) }
    #expect(throws: FROSTError.zeroIdentifier) { try Identifier<Ristretto255Sha512>(deserializing: zero) }
}

/// Lengths of signatures and empty commitment lists.
@Test func signatureAndCommitmentShapesAreChecked() {
    #expect(throws: FROSTError.wrongLength(what: "signature", expected: 64, actual: 63)) {
        try Signature<Ed25519Sha512>(deserializing: [UInt8](repeating: 1, count: 63))
    }
    #expect(throws: FROSTError.wrongLength(what: "signature", expected: 64, actual: 65)) {
        try Signature<Ristretto255Sha512>(deserializing: [UInt8](repeating: 1, count: 65))
    }
    #expect(throws: FROSTError.wrongCount(what: "coefficient commitments", expected: 1, actual: 0)) {
        try VerifiableSecretSharingCommitment<Ed25519Sha512>(deserializing: [])
    }
}

/// The valid counterparts decode and re-serialize identically, so the tables above test the checks, not a broken
/// decoder.
@Test func validEncodingsStillDecode() throws {
    #expect(try Element<Ed25519Sha512>(deserializing: validEd25519).serialize() == validEd25519)
    #expect(try Element<Ristretto255Sha512>(deserializing: validRistretto).serialize() == validRistretto)
    let largest = hex("ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")
    #expect(try Scalar<Ed25519Sha512>(deserializing: largest).serialize() == largest)
}
