/// The prime-order group a Curve25519 suite works in. Both share the scalar field modulo
/// L = 2^252 + 27742317777372353535851937790883648493 and differ only in their elements (Sodium25519.swift).
public enum Curve25519Group: Sendable {
    /// The prime-order subgroup of Edwards25519 in RFC 8032 compressed encoding (RFC 9591 §6.1). An encoding is
    /// valid when it is canonical, on the curve, in the prime-order subgroup and not of small order.
    case edwards25519
    /// ristretto255 (RFC 9496), RFC 9591 §6.2. An encoding is valid when it is canonical (RFC 9496 §4.3.1).
    case ristretto255

    var identity: [UInt8] {
        switch self {
        case .edwards25519: SodiumEd25519.identity
        case .ristretto255: SodiumRistretto255.identity
        }
    }

    var generator: [UInt8] {
        switch self {
        case .edwards25519: SodiumEd25519.generator
        case .ristretto255: SodiumRistretto255.generator
        }
    }

    /// libsodium's validity check for the group; the identity is rejected separately by the caller because only
    /// Edwards25519's check already refuses it.
    func isValidEncoding(_ bytes: [UInt8]) -> Bool {
        switch self {
        case .edwards25519: SodiumEd25519.isValidPoint(bytes)
        case .ristretto255: SodiumRistretto255.isValidEncoding(bytes)
        }
    }

    func add(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        switch self {
        case .edwards25519: SodiumEd25519.add(a, b)
        case .ristretto255: SodiumRistretto255.add(a, b)
        }
    }

    func subtract(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        switch self {
        case .edwards25519: SodiumEd25519.subtract(a, b)
        case .ristretto255: SodiumRistretto255.subtract(a, b)
        }
    }

    func multiply(_ point: [UInt8], _ scalar: [UInt8]) -> [UInt8] {
        switch self {
        case .edwards25519: SodiumEd25519.multiply(point, scalar)
        case .ristretto255: SodiumRistretto255.multiply(point, scalar)
        }
    }

    func multiplyBase(_ scalar: [UInt8]) -> [UInt8] {
        switch self {
        case .edwards25519: SodiumEd25519.multiplyBase(scalar)
        case .ristretto255: SodiumRistretto255.multiplyBase(scalar)
        }
    }
}

/// A FROST ciphersuite over a Curve25519 group with SHA-512 (RFC 9591 §6.1 and §6.2). The two RFC suites share
/// the scalar field, the 32-byte little-endian encodings and every hash but the challenge H2, so this protocol
/// supplies all of `Ciphersuite` except `name`, `contextString`, `cofactor` and `H2`; a suite names its `group`.
public protocol Curve25519Ciphersuite: Ciphersuite {
    /// The group whose elements the suite signs with.
    static var group: Curve25519Group { get }
}

extension Curve25519Ciphersuite {
    /// Ns = 32 (RFC 9591 §6.1, §6.2).
    public static var scalarLength: Int { 32 }
    /// Ne = 32 (RFC 9591 §6.1, §6.2).
    public static var elementLength: Int { 32 }
    /// Scalars are encoded little-endian (RFC 9591 §6.1, §6.2 SerializeScalar).
    public static var scalarByteOrder: ScalarByteOrder { .littleEndian }

    /// RFC 9591 §6.1, §6.2 DeserializeScalar: 32 bytes, little-endian, below L.
    public static func deserializeScalar(_ bytes: [UInt8]) throws -> Scalar<Self> {
        guard bytes.count == scalarLength else {
            throw FROSTError.wrongLength(what: "scalar", expected: scalarLength, actual: bytes.count)
        }
        guard Sodium25519Scalar.isCanonical(bytes) else { throw FROSTError.nonCanonicalScalar(what: "scalar") }
        return Scalar(canonical: bytes)
    }

    /// The scalar with the given small integer value.
    public static func scalar(fromInteger value: UInt64) -> Scalar<Self> {
        Scalar(canonical: Sodium25519Scalar.fromInteger(value))
    }

    /// a + b mod L.
    public static func add(_ a: Scalar<Self>, _ b: Scalar<Self>) -> Scalar<Self> {
        Scalar(canonical: Sodium25519Scalar.add(a.bytes, b.bytes))
    }

    /// a - b mod L.
    public static func subtract(_ a: Scalar<Self>, _ b: Scalar<Self>) -> Scalar<Self> {
        Scalar(canonical: Sodium25519Scalar.subtract(a.bytes, b.bytes))
    }

    /// a * b mod L.
    public static func multiply(_ a: Scalar<Self>, _ b: Scalar<Self>) -> Scalar<Self> {
        Scalar(canonical: Sodium25519Scalar.multiply(a.bytes, b.bytes))
    }

    /// -a mod L.
    public static func negate(_ a: Scalar<Self>) -> Scalar<Self> {
        Scalar(canonical: Sodium25519Scalar.negate(a.bytes))
    }

    /// 1/a mod L; throws `zeroScalar` for zero.
    public static func invert(_ a: Scalar<Self>) throws -> Scalar<Self> {
        guard let inverse = Sodium25519Scalar.invert(a.bytes) else {
            throw FROSTError.zeroScalar(what: "inverted scalar")
        }
        return Scalar(canonical: inverse)
    }

    /// A uniformly random scalar in [1, L) from libsodium's CSPRNG.
    public static func randomScalar() -> Scalar<Self> { Scalar(canonical: Sodium25519Scalar.random()) }

    /// 64 little-endian bytes reduced mod L (`crypto_core_ed25519_scalar_reduce`).
    public static func scalar(reducingWide wide: [UInt8]) -> Scalar<Self> {
        Scalar(canonical: Sodium25519Scalar.reduce(wide: wide))
    }

    /// The group's identity element.
    public static var identity: Element<Self> { Element(canonical: group.identity) }
    /// The group's generator B.
    public static var generator: Element<Self> { Element(canonical: group.generator) }

    /// A + B.
    public static func add(_ a: Element<Self>, _ b: Element<Self>) -> Element<Self> {
        Element(canonical: group.add(a.bytes, b.bytes))
    }

    /// A - B.
    public static func subtract(_ a: Element<Self>, _ b: Element<Self>) -> Element<Self> {
        Element(canonical: group.subtract(a.bytes, b.bytes))
    }

    /// ScalarMult(A, k).
    public static func multiply(_ element: Element<Self>, by scalar: Scalar<Self>) -> Element<Self> {
        Element(canonical: group.multiply(element.bytes, scalar.bytes))
    }

    /// ScalarBaseMult(k).
    public static func multiplyGenerator(by scalar: Scalar<Self>) -> Element<Self> {
        Element(canonical: group.multiplyBase(scalar.bytes))
    }

    /// RFC 9591 §6.1, §6.2 DeserializeElement: 32 bytes, not the identity, and valid for the group (see
    /// `Curve25519Group`). The identity is checked first because libsodium's ristretto255 check accepts it.
    public static func deserializeElement(_ bytes: [UInt8]) throws -> Element<Self> {
        guard bytes.count == elementLength else {
            throw FROSTError.wrongLength(what: "element", expected: elementLength, actual: bytes.count)
        }
        guard bytes != group.identity else { throw FROSTError.identityElement(what: "element") }
        guard group.isValidEncoding(bytes) else { throw FROSTError.invalidElement(what: "element") }
        return Element(canonical: bytes)
    }

    /// SHA-512 of the parts, reduced mod L; the digest is wiped because H3's input holds secret nonce seeds.
    static func hashToScalar(_ parts: [[UInt8]]) -> Scalar<Self> {
        var digest = sodiumSHA512(parts)
        defer { wipe(&digest) }
        return Scalar(canonical: Sodium25519Scalar.reduce(wide: digest))
    }

    /// H1: SHA-512(contextString || "rho" || m) mod L.
    public static func H1(_ message: [UInt8]) -> Scalar<Self> {
        hashToScalar([contextString, Array("rho".utf8), message])
    }

    /// H3: SHA-512(contextString || "nonce" || m) mod L.
    public static func H3(_ message: [UInt8]) -> Scalar<Self> {
        hashToScalar([contextString, Array("nonce".utf8), message])
    }

    /// H4: SHA-512(contextString || "msg" || m).
    public static func H4(_ message: [UInt8]) -> [UInt8] {
        sodiumSHA512([contextString, Array("msg".utf8), message])
    }

    /// H5: SHA-512(contextString || "com" || m).
    public static func H5(_ message: [UInt8]) -> [UInt8] {
        sodiumSHA512([contextString, Array("com".utf8), message])
    }

    /// HDKG: SHA-512(contextString || "dkg" || m) mod L (ZF frost-core).
    public static func HDKG(_ message: [UInt8]) -> Scalar<Self> {
        hashToScalar([contextString, Array("dkg".utf8), message])
    }

    /// HID: SHA-512(contextString || "id" || m) mod L (ZF frost-core `Identifier::derive`).
    public static func HID(_ message: [UInt8]) -> Scalar<Self> {
        hashToScalar([contextString, Array("id".utf8), message])
    }
}
