/// FROST(secp256k1, SHA-256), RFC 9591 §6.5: the secp256k1 group with compressed 33-byte elements (SEC 1 §2.3.3),
/// 32-byte big-endian scalars, and hash_to_field over expand_message_xmd with SHA-256 (RFC 9380 §5.3.1, L = 48).
/// Its group signatures are RFC 9591 (R, z) pairs with R compressed; BIP 340 signatures for the same keys come from
/// `BIP445`, which uses this suite's scalars and elements.
///
/// Scalars are computed by `Secp256k1ScalarField` (constant time), points by libsecp256k1 (`LibSecp256k1`). The
/// identity, which has no SEC 1 compressed encoding, is held as 33 zero bytes and never accepted as input.
public enum Secp256k1Sha256: Ciphersuite {
    /// RFC 9591 §6.5.
    public static let name = "FROST(secp256k1, SHA-256)"
    /// RFC 9591 §6.5.
    public static let contextString = Array("FROST-secp256k1-SHA256-v1".utf8)
    /// Ns = 32 (RFC 9591 §6.5).
    public static let scalarLength = 32
    /// Ne = 33 (RFC 9591 §6.5: SEC 1 compressed).
    public static let elementLength = 33
    /// h = 1: secp256k1 has prime order (RFC 9591 §6.5).
    public static let cofactor = 1
    /// Scalars are big-endian (RFC 9591 §6.5 SerializeScalar).
    public static let scalarByteOrder = ScalarByteOrder.bigEndian

    typealias Field = Secp256k1ScalarField

    static func limbs(_ scalar: Scalar<Self>) -> Field.Limbs { Field.limbs(bigEndian: scalar.bytes) }

    /// Whether a (possibly secret) scalar is zero, without a branch on its bytes (`Scalar.isZero` stops at the
    /// first nonzero byte, which is fine only for public values).
    static func isZeroInConstantTime(_ scalar: Scalar<Self>) -> Bool { Field.isZero(limbs(scalar)) }
    static func scalar(_ limbs: Field.Limbs) -> Scalar<Self> { Scalar(canonical: Field.bigEndianBytes(limbs)) }

    // MARK: Scalars

    /// RFC 9591 §6.5 DeserializeScalar: 32 bytes, big-endian, below n; zero is allowed.
    public static func deserializeScalar(_ bytes: [UInt8]) throws -> Scalar<Self> {
        guard bytes.count == scalarLength else {
            throw FROSTError.wrongLength(what: "scalar", expected: scalarLength, actual: bytes.count)
        }
        guard Field.isCanonical(bytes) else { throw FROSTError.nonCanonicalScalar(what: "scalar") }
        return Scalar(canonical: bytes)
    }

    /// The scalar with the given small integer value.
    public static func scalar(fromInteger value: UInt64) -> Scalar<Self> { scalar([value, 0, 0, 0]) }

    /// a + b mod n.
    public static func add(_ a: Scalar<Self>, _ b: Scalar<Self>) -> Scalar<Self> {
        scalar(Field.addMod(limbs(a), limbs(b)))
    }

    /// a - b mod n.
    public static func subtract(_ a: Scalar<Self>, _ b: Scalar<Self>) -> Scalar<Self> {
        scalar(Field.subtractMod(limbs(a), limbs(b)))
    }

    /// a * b mod n.
    public static func multiply(_ a: Scalar<Self>, _ b: Scalar<Self>) -> Scalar<Self> {
        scalar(Field.multiplyMod(limbs(a), limbs(b)))
    }

    /// -a mod n.
    public static func negate(_ a: Scalar<Self>) -> Scalar<Self> { scalar(Field.negateMod(limbs(a))) }

    /// 1/a mod n (Fermat, constant time); throws `zeroScalar` for zero.
    public static func invert(_ a: Scalar<Self>) throws -> Scalar<Self> {
        let value = limbs(a)
        guard !Field.isZero(value) else { throw FROSTError.zeroScalar(what: "inverted scalar") }
        return scalar(Field.invertMod(value))
    }

    /// A uniformly random nonzero scalar: 64 bytes from libsodium's CSPRNG reduced mod n (bias below 2^-256),
    /// drawn again in the negligible case that the result is zero.
    public static func randomScalar() -> Scalar<Self> {
        while true {
            var wide = SecretBytes(randomCount: 64).exposeSecretBytes()
            defer { wipe(&wide) }
            let candidate = reduce(bigEndian: wide)
            if !isZeroInConstantTime(candidate) { return candidate }
        }
    }

    /// 64 big-endian bytes reduced mod n (OS2IP then mod n, constant time).
    public static func scalar(reducingWide wide: [UInt8]) -> Scalar<Self> { reduce(bigEndian: wide) }

    /// A big-endian byte string of up to 64 bytes, as an integer reduced mod n (OS2IP then mod n).
    static func reduce(bigEndian bytes: [UInt8]) -> Scalar<Self> {
        var padded = [UInt8](repeating: 0, count: 64 - bytes.count) + bytes
        defer { wipe(&padded) }
        let high = Field.limbs(bigEndian: Array(padded[0..<32]))
        let low = Field.limbs(bigEndian: Array(padded[32..<64]))
        return scalar(Field.reduce(high: high, low: low))
    }

    // MARK: Elements

    /// The identity (point at infinity), held as 33 zero bytes.
    public static var identity: Element<Self> { Element(canonical: LibSecp256k1.infinity) }
    /// The generator G (SEC 2 §2.4.1).
    public static var generator: Element<Self> { Element(canonical: LibSecp256k1.generator) }

    /// A + B.
    public static func add(_ a: Element<Self>, _ b: Element<Self>) -> Element<Self> {
        Element(canonical: LibSecp256k1.sum([a.bytes, b.bytes]))
    }

    /// A - B.
    public static func subtract(_ a: Element<Self>, _ b: Element<Self>) -> Element<Self> {
        Element(canonical: LibSecp256k1.sum([a.bytes, LibSecp256k1.negate(b.bytes)]))
    }

    /// ScalarMult(A, k), for public k (see `LibSecp256k1.multiply`).
    public static func multiply(_ element: Element<Self>, by scalar: Scalar<Self>) -> Element<Self> {
        Element(canonical: LibSecp256k1.multiply(element.bytes, by: scalar.bytes))
    }

    /// ScalarBaseMult(k), constant time.
    public static func multiplyGenerator(by scalar: Scalar<Self>) -> Element<Self> {
        Element(canonical: LibSecp256k1.multiplyGenerator(by: scalar.bytes))
    }

    /// RFC 9591 §6.5 DeserializeElement: 33 bytes, prefix 02 or 03, x below p, on the curve; the all-zero encoding
    /// of the identity is refused with `identityElement`.
    public static func deserializeElement(_ bytes: [UInt8]) throws -> Element<Self> {
        guard bytes.count == elementLength else {
            throw FROSTError.wrongLength(what: "element", expected: elementLength, actual: bytes.count)
        }
        guard bytes != LibSecp256k1.infinity else { throw FROSTError.identityElement(what: "element") }
        guard LibSecp256k1.isValidCompressed(bytes) else { throw FROSTError.invalidElement(what: "element") }
        return Element(canonical: bytes)
    }

    // MARK: Hashes

    /// RFC 9380 §5.3.1 expand_message_xmd with SHA-256 (b = 32, s = 64 bytes); `length` at most 255 * 32.
    static func expandMessageXMD(_ message: [UInt8], dst: [UInt8], length: Int) -> [UInt8] {
        let dstPrime = dst + [UInt8(dst.count)]
        let blocks = (length + 31) / 32
        var b0 = sodiumSHA256([[UInt8](repeating: 0, count: 64), message,
                               [UInt8(length >> 8), UInt8(length & 0xff), 0], dstPrime])
        defer { wipe(&b0) }
        var previous = sodiumSHA256([b0, [1], dstPrime])
        var uniform = previous
        for index in stride(from: 2, through: blocks, by: 1) {
            var mixed = zip(b0, previous).map { $0 ^ $1 }
            wipe(&previous)
            previous = sodiumSHA256([mixed, [UInt8(index)], dstPrime])
            wipe(&mixed)
            uniform += previous
        }
        wipe(&previous)
        defer { wipe(&uniform) }
        return Array(uniform[0..<length])
    }

    /// RFC 9380 §5.2 hash_to_field with count 1 and L = 48 over GF(n), as RFC 9591 §6.5 specifies H1, H2, H3, and
    /// ZF frost-secp256k1 HDKG and HID; the uniform bytes are wiped because H3's input holds secret nonce seeds.
    static func hashToField(_ message: [UInt8], tag: String) -> Scalar<Self> {
        var uniform = expandMessageXMD(message, dst: contextString + Array(tag.utf8), length: 48)
        defer { wipe(&uniform) }
        return reduce(bigEndian: uniform)
    }

    /// H1: hash_to_field(m) with DST = contextString || "rho" (RFC 9591 §6.5).
    public static func H1(_ message: [UInt8]) -> Scalar<Self> { hashToField(message, tag: "rho") }
    /// H2: hash_to_field(m) with DST = contextString || "chal" (RFC 9591 §6.5).
    public static func H2(_ message: [UInt8]) -> Scalar<Self> { hashToField(message, tag: "chal") }
    /// H3: hash_to_field(m) with DST = contextString || "nonce" (RFC 9591 §6.5).
    public static func H3(_ message: [UInt8]) -> Scalar<Self> { hashToField(message, tag: "nonce") }
    /// H4: SHA-256(contextString || "msg" || m) (RFC 9591 §6.5).
    public static func H4(_ message: [UInt8]) -> [UInt8] { sodiumSHA256([contextString, Array("msg".utf8), message]) }
    /// H5: SHA-256(contextString || "com" || m) (RFC 9591 §6.5).
    public static func H5(_ message: [UInt8]) -> [UInt8] { sodiumSHA256([contextString, Array("com".utf8), message]) }
    /// HDKG: hash_to_field(m) with DST = contextString || "dkg" (ZF frost-secp256k1).
    public static func HDKG(_ message: [UInt8]) -> Scalar<Self> { hashToField(message, tag: "dkg") }
    /// HID: hash_to_field(m) with DST = contextString || "id" (ZF frost-secp256k1 `Identifier::derive`).
    public static func HID(_ message: [UInt8]) -> Scalar<Self> { hashToField(message, tag: "id") }
}
