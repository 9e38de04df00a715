import FROST

/// libFuzzer entry for the FROST deserializers of both suites (RFC 9591 §3.1 DeserializeScalar / DeserializeElement,
/// §5.3 signatures, §5.1 commitments, Appendix C.2 VSS commitments). Byte 0 picks the suite (bit 0) and the decoder
/// (bits 1-3); the rest is the encoding. Every input either fails with a `FROSTError` or decodes to a value that
/// re-serializes to exactly the input and passes an independent check written here (canonical range, not the
/// identity, prime-order subgroup).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFROSTElements(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let selector = input.first else { return 0 }
    let body = Array(input.dropFirst())
    if selector & 1 == 0 {
        check(Ed25519Sha512.self, kind: selector >> 1, body)
    } else {
        check(Ristretto255Sha512.self, kind: selector >> 1, body)
    }
    return 0
}

/// p = 2^255 - 19, little-endian.
let fieldPrime: [UInt8] = [0xed] + [UInt8](repeating: 0xff, count: 30) + [0x7f]
/// The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian.
let groupOrder: [UInt8] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
]

/// a < b for little-endian numbers of equal length.
func lessThan(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    for index in stride(from: a.count - 1, through: 0, by: -1) where a[index] != b[index] {
        return a[index] < b[index]
    }
    return false
}

func expectFROSTError<R>(_ body: () throws -> R) -> R? {
    do {
        return try body()
    } catch is FROSTError {
        return nil
    } catch {
        preconditionFailure("untyped error \(error)")
    }
}

func checkScalar<C: Ciphersuite>(_ scalar: Scalar<C>, _ bytes: [UInt8]) {
    precondition(scalar.serialize() == bytes, "scalar re-serializes differently")
    precondition(bytes.count == 32 && lessThan(bytes, groupOrder), "accepted a scalar not below L")
}

func checkElement<C: Ciphersuite>(_ element: Element<C>, _ bytes: [UInt8]) {
    precondition(element.serialize() == bytes, "element re-serializes differently")
    precondition(!element.isIdentity, "accepted the identity")
    precondition(bytes.count == 32, "accepted an element of \(bytes.count) bytes")
    var y = bytes
    y[31] &= 0x7f
    precondition(lessThan(y, fieldPrime), "accepted a field encoding not below p")
    if C.self == Ristretto255Sha512.self {
        // RFC 9496 §4.3.1: the encoding is a non-negative field element below p, top bit clear.
        precondition(bytes[0] & 1 == 0 && bytes[31] & 0x80 == 0, "accepted a negative ristretto255 encoding")
    } else {
        // [L - 1]P + P = [L]P is the identity only for P in the prime-order subgroup: a torsion component survives.
        let minusOne = -Scalar<C>.one
        precondition((minusOne * element + element).isIdentity, "accepted an element outside the prime-order subgroup")
    }
}

func check<C: Ciphersuite>(_ suite: C.Type, kind: UInt8, _ body: [UInt8]) {
    let half = min(body.count, C.elementLength)
    switch kind % 7 {
    case 0:
        if let scalar = expectFROSTError({ try Scalar<C>(deserializing: body) }) { checkScalar(scalar, body) }
    case 1:
        if let element = expectFROSTError({ try Element<C>(deserializing: body) }) { checkElement(element, body) }
    case 2:
        if let signature = expectFROSTError({ try Signature<C>(deserializing: body) }) {
            precondition(signature.serialize() == body, "signature re-serializes differently")
            checkElement(signature.R, Array(body[..<C.elementLength]))
            checkScalar(signature.z, Array(body[C.elementLength...]))
        }
    case 3:
        let hiding = Array(body[..<half]), binding = Array(body[half...])
        if let commitments = expectFROSTError({
            try SigningCommitments<C>(deserializingHiding: hiding, binding: binding)
        }) {
            checkElement(commitments.hiding, hiding)
            checkElement(commitments.binding, binding)
        }
    case 4:
        if let identifier = expectFROSTError({ try Identifier<C>(deserializing: body) }) {
            precondition(identifier.serialize() == body && !identifier.scalar.isZero, "bad identifier accepted")
            checkScalar(identifier.scalar, body)
        }
    case 5:
        let chunks = stride(from: 0, to: body.count, by: C.elementLength).map {
            Array(body[$0..<min($0 + C.elementLength, body.count)])
        }
        if let commitment = expectFROSTError({ try VerifiableSecretSharingCommitment<C>(deserializing: chunks) }) {
            precondition(commitment.serialize() == chunks, "VSS commitment re-serializes differently")
            for (element, bytes) in zip(commitment.coefficients, chunks) { checkElement(element, bytes) }
        }
    default:
        if let key = expectFROSTError({ try VerifyingKey<C>(deserializing: body) }) {
            checkElement(key.element, body)
            // A signature over anything must not verify against garbage: verification must not crash either.
            _ = key.verify(Signature(R: key.element, z: Scalar<C>.one), message: body)
        }
    }
}
