/// FROST(Ed25519, SHA-512), RFC 9591 §6.1: the Edwards25519 prime-order subgroup, SHA-512, and the un-prefixed
/// challenge hash so that group signatures are ordinary RFC 8032 Ed25519 signatures.
public enum Ed25519Sha512: Ciphersuite {
    public static let name = "FROST(Ed25519, SHA-512)"
    public static let contextString = Array("FROST-ED25519-SHA512-v1".utf8)
    public static let scalarLength = 32
    public static let elementLength = 32
    /// h = 8: verification is cofactored (RFC 9591 §6.1).
    public static let cofactor = 8
    public static let scalarByteOrder = ScalarByteOrder.littleEndian

    public static func deserializeScalar(_ bytes: [UInt8]) throws -> Scalar<Ed25519Sha512> {
        guard bytes.count == scalarLength else {
            throw FROSTError.wrongLength(what: "scalar", expected: scalarLength, actual: bytes.count)
        }
        guard Sodium25519Scalar.isCanonical(bytes) else { throw FROSTError.nonCanonicalScalar(what: "scalar") }
        return Scalar(canonical: bytes)
    }

    public static func scalar(fromInteger value: UInt64) -> Scalar<Ed25519Sha512> {
        Scalar(canonical: Sodium25519Scalar.fromInteger(value))
    }

    public static func add(_ a: Scalar<Self>, _ b: Scalar<Self>) -> Scalar<Self> {
        Scalar(canonical: Sodium25519Scalar.add(a.bytes, b.bytes))
    }

    public static func subtract(_ a: Scalar<Self>, _ b: Scalar<Self>) -> Scalar<Self> {
        Scalar(canonical: Sodium25519Scalar.subtract(a.bytes, b.bytes))
    }

    public static func multiply(_ a: Scalar<Self>, _ b: Scalar<Self>) -> Scalar<Self> {
        Scalar(canonical: Sodium25519Scalar.multiply(a.bytes, b.bytes))
    }

    public static func negate(_ a: Scalar<Self>) -> Scalar<Self> {
        Scalar(canonical: Sodium25519Scalar.negate(a.bytes))
    }

    public static func invert(_ a: Scalar<Self>) throws -> Scalar<Self> {
        guard let inverse = Sodium25519Scalar.invert(a.bytes) else {
            throw FROSTError.zeroScalar(what: "inverted scalar")
        }
        return Scalar(canonical: inverse)
    }

    public static func randomScalar() -> Scalar<Self> { Scalar(canonical: Sodium25519Scalar.random()) }

    public static var identity: Element<Self> { Element(canonical: SodiumEd25519.identity) }
    public static var generator: Element<Self> { Element(canonical: SodiumEd25519.generator) }

    public static func add(_ a: Element<Self>, _ b: Element<Self>) -> Element<Self> {
        Element(canonical: SodiumEd25519.add(a.bytes, b.bytes))
    }

    public static func subtract(_ a: Element<Self>, _ b: Element<Self>) -> Element<Self> {
        Element(canonical: SodiumEd25519.subtract(a.bytes, b.bytes))
    }

    public static func multiply(_ element: Element<Self>, by scalar: Scalar<Self>) -> Element<Self> {
        Element(canonical: SodiumEd25519.multiply(element.bytes, scalar.bytes))
    }

    public static func multiplyGenerator(by scalar: Scalar<Self>) -> Element<Self> {
        Element(canonical: SodiumEd25519.multiplyBase(scalar.bytes))
    }

    /// RFC 9591 §6.1 DeserializeElement: canonical, on the curve, in the prime-order subgroup, not the identity
    /// (libsodium's crypto_core_ed25519_is_valid_point rejects every small-order point, the identity included).
    public static func deserializeElement(_ bytes: [UInt8]) throws -> Element<Self> {
        guard bytes.count == elementLength else {
            throw FROSTError.wrongLength(what: "element", expected: elementLength, actual: bytes.count)
        }
        guard bytes != SodiumEd25519.identity else { throw FROSTError.identityElement(what: "element") }
        guard SodiumEd25519.isValidPoint(bytes) else { throw FROSTError.invalidElement(what: "element") }
        return Element(canonical: bytes)
    }

    static func hashToScalar(_ parts: [[UInt8]]) -> Scalar<Self> {
        var digest = sodiumSHA512(parts)
        defer { wipe(&digest) }
        return Scalar(canonical: Sodium25519Scalar.reduce(wide: digest))
    }

    public static func H1(_ message: [UInt8]) -> Scalar<Self> {
        hashToScalar([contextString, Array("rho".utf8), message])
    }
    /// Un-prefixed, as RFC 8032 computes the challenge: SHA-512(R || PK || msg) mod L.
    public static func H2(_ message: [UInt8]) -> Scalar<Self> { hashToScalar([message]) }
    public static func H3(_ message: [UInt8]) -> Scalar<Self> {
        hashToScalar([contextString, Array("nonce".utf8), message])
    }
    public static func H4(_ message: [UInt8]) -> [UInt8] {
        sodiumSHA512([contextString, Array("msg".utf8), message])
    }
    public static func H5(_ message: [UInt8]) -> [UInt8] {
        sodiumSHA512([contextString, Array("com".utf8), message])
    }
    public static func HDKG(_ message: [UInt8]) -> Scalar<Self> {
        hashToScalar([contextString, Array("dkg".utf8), message])
    }
    public static func HID(_ message: [UInt8]) -> Scalar<Self> {
        hashToScalar([contextString, Array("id".utf8), message])
    }
}
