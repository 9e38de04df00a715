/// The byte order of a suite's scalar encoding, which fixes how identifiers compare as integers.
public enum ScalarByteOrder: Sendable {
    /// Least significant byte first (Ed25519, ristretto255).
    case littleEndian
    /// Most significant byte first (the NIST curves and secp256k1).
    case bigEndian
}

/// A FROST ciphersuite: a prime-order group, its scalar field, encodings and the hash functions H1..H5
/// (RFC 9591 §6), plus the two extra hashes of ZF frost-core, HDKG (DKG proof of knowledge) and HID
/// (identifier derivation).
///
/// Generic FROST code (key generation, signing, aggregation) is written once over this protocol, as ZF frost-core
/// is generic over its `Ciphersuite` trait; each suite is one small file. All `Scalar` and `Element` values a suite
/// receives are already canonical and valid (they can only be built by the suite itself), so the operations below
/// cannot fail except where noted.
///
/// A big-endian suite such as FROST(secp256k1, SHA-256) (`Secp256k1Sha256`) sets `scalarByteOrder` and `cofactor`
/// accordingly. BIP 340 x-only keys and their even-y rules are not a hook here: the generic code signs RFC 9591
/// (R, z) signatures for every suite, and BIP 445 (`BIP445`), a protocol of its own whose signatures are BIP 340
/// signatures, is written over `Secp256k1Sha256`'s scalars and elements, so this protocol is unchanged.
public protocol Ciphersuite: Sendable {
    /// The suite's name as RFC 9591 writes it, e.g. `FROST(Ed25519, SHA-512)`.
    static var name: String { get }
    /// The context string prefixed to every hash input (RFC 9591 §6.x).
    static var contextString: [UInt8] { get }
    /// Ns, the length of a serialized scalar.
    static var scalarLength: Int { get }
    /// Ne, the length of a serialized element.
    static var elementLength: Int { get }
    /// The cofactor h used in signature verification (RFC 9591 §6: [h*z]B == [h]R + [h*c]PK). A power of two.
    static var cofactor: Int { get }
    /// The byte order of the scalar encoding (identifiers are ordered as integers, RFC 9591 §4.3).
    static var scalarByteOrder: ScalarByteOrder { get }

    // MARK: Scalar field (RFC 9591 §3.1)

    /// DeserializeScalar: rejects wrong lengths and values not below the group order.
    static func deserializeScalar(_ bytes: [UInt8]) throws -> Scalar<Self>
    /// The scalar with the given small integer value.
    static func scalar(fromInteger value: UInt64) -> Scalar<Self>
    /// a + b mod the group order.
    static func add(_ a: Scalar<Self>, _ b: Scalar<Self>) -> Scalar<Self>
    /// a - b mod the group order.
    static func subtract(_ a: Scalar<Self>, _ b: Scalar<Self>) -> Scalar<Self>
    /// a * b mod the group order.
    static func multiply(_ a: Scalar<Self>, _ b: Scalar<Self>) -> Scalar<Self>
    /// -a mod the group order.
    static func negate(_ a: Scalar<Self>) -> Scalar<Self>
    /// 1/a mod the group order; throws `zeroScalar` for zero.
    static func invert(_ a: Scalar<Self>) throws -> Scalar<Self>
    /// A uniformly random nonzero scalar from the system CSPRNG (RandomScalar).
    static func randomScalar() -> Scalar<Self>
    /// 64 bytes of uniform hash output as a scalar: the bytes read as an integer in the suite's byte order and
    /// reduced mod the group order (bias below 2^-250). For keys derived from a seed; the caller wipes `wide`.
    static func scalar(reducingWide wide: [UInt8]) -> Scalar<Self>

    // MARK: Group (RFC 9591 §3.1)

    /// The identity element.
    static var identity: Element<Self> { get }
    /// The fixed generator B.
    static var generator: Element<Self> { get }
    /// A + B.
    static func add(_ a: Element<Self>, _ b: Element<Self>) -> Element<Self>
    /// A - B.
    static func subtract(_ a: Element<Self>, _ b: Element<Self>) -> Element<Self>
    /// ScalarMult(A, k); the identity when k is zero or A is the identity.
    static func multiply(_ element: Element<Self>, by scalar: Scalar<Self>) -> Element<Self>
    /// ScalarBaseMult(k).
    static func multiplyGenerator(by scalar: Scalar<Self>) -> Element<Self>
    /// DeserializeElement: rejects wrong lengths, non-canonical encodings, points off the curve or outside the
    /// prime-order subgroup, and the identity.
    static func deserializeElement(_ bytes: [UInt8]) throws -> Element<Self>

    // MARK: Hashes (RFC 9591 §6.x, ZF frost-core HDKG and HID)

    /// H1(m): the binding factor hash ("rho").
    static func H1(_ message: [UInt8]) -> Scalar<Self>
    /// H2(m): the challenge hash ("chal", un-prefixed for Ed25519).
    static func H2(_ message: [UInt8]) -> Scalar<Self>
    /// H3(m): the nonce hash ("nonce"); `message` may contain secret bytes, the caller wipes it.
    static func H3(_ message: [UInt8]) -> Scalar<Self>
    /// H4(m): the message hash ("msg").
    static func H4(_ message: [UInt8]) -> [UInt8]
    /// H5(m): the commitment list hash ("com").
    static func H5(_ message: [UInt8]) -> [UInt8]
    /// HDKG(m): the DKG proof-of-knowledge challenge hash ("dkg", ZF frost-core).
    static func HDKG(_ message: [UInt8]) -> Scalar<Self>
    /// HID(m): the identifier derivation hash ("id", ZF frost-core `Identifier::derive`).
    static func HID(_ message: [UInt8]) -> Scalar<Self>
}

extension Ciphersuite {
    /// Multiplies an element by the cofactor h (repeated doubling; h is a power of two).
    static func multiplyByCofactor(_ element: Element<Self>) -> Element<Self> {
        var result = element
        var remaining = cofactor
        while remaining > 1 {
            result = add(result, result)
            remaining /= 2
        }
        return result
    }
}
