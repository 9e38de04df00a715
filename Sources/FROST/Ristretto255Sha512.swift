/// FROST(ristretto255, SHA-512), RFC 9591 §6.2: the ristretto255 prime-order group (RFC 9496) and SHA-512.
public enum Ristretto255Sha512: Ciphersuite {
    public static let name = "FROST(ristretto255, SHA-512)"
    public static let contextString = Array("FROST-RISTRETTO255-SHA512-v1".utf8)
    public static let scalarLength = 32
    public static let elementLength = 32
    /// ristretto255 is a prime-order group: h = 1.
    public static let cofactor = 1
    public static let scalarByteOrder = ScalarByteOrder.littleEndian

    public static func deserializeScalar(_ bytes: [UInt8]) throws -> Scalar<Ristretto255Sha512> {
        guard bytes.count == scalarLength else {
            throw FROSTError.wrongLength(what: "scalar", expected: scalarLength, actual: bytes.count)
        }
        guard Sodium25519Scalar.isCanonical(bytes) else { throw FROSTError.nonCanonicalScalar(what: "scalar") }
        return Scalar(canonical: bytes)
    }

    public static func scalar(fromInteger value: UInt64) -> Scalar<Ristretto255Sha512> {
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

    public static var identity: Element<Self> { Element(canonical: SodiumRistretto255.identity) }
    public static var generator: Element<Self> { Element(canonical: SodiumRistretto255.generator) }

    public static func add(_ a: Element<Self>, _ b: Element<Self>) -> Element<Self> {
        Element(canonical: SodiumRistretto255.add(a.bytes, b.bytes))
    }

    public static func subtract(_ a: Element<Self>, _ b: Element<Self>) -> Element<Self> {
        Element(canonical: SodiumRistretto255.subtract(a.bytes, b.bytes))
    }

    public static func multiply(_ element: Element<Self>, by scalar: Scalar<Self>) -> Element<Self> {
        Element(canonical: SodiumRistretto255.multiply(element.bytes, scalar.bytes))
    }

    public static func multiplyGenerator(by scalar: Scalar<Self>) -> Element<Self> {
        Element(canonical: SodiumRistretto255.multiplyBase(scalar.bytes))
    }

    /// RFC 9591 §6.2 DeserializeElement: a canonical ristretto255 encoding (RFC 9496 §4.3.1) that is not the
    /// identity; libsodium accepts the identity's all-zero encoding, so it is rejected here first.
    public static func deserializeElement(_ bytes: [UInt8]) throws -> Element<Self> {
        guard bytes.count == elementLength else {
            throw FROSTError.wrongLength(what: "element", expected: elementLength, actual: bytes.count)
        }
        guard bytes != SodiumRistretto255.identity else { throw FROSTError.identityElement(what: "element") }
        guard SodiumRistretto255.isValidEncoding(bytes) else { throw FROSTError.invalidElement(what: "element") }
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
    public static func H2(_ message: [UInt8]) -> Scalar<Self> {
        hashToScalar([contextString, Array("chal".utf8), message])
    }
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
