/// A public scalar modulo the group order of suite `C` (a binding factor, a challenge, a signature share,
/// an identifier's value). Always canonical: it can be built only by the suite or by `init(deserializing:)`.
///
/// Secret scalars live in `SecretScalar`, which wipes itself; generic code that computes with a secret unwraps it
/// with `SecretScalar.withScalar` and wipes each temporary with `zeroize()`.
public struct Scalar<C: Ciphersuite>: Sendable, Hashable, CustomStringConvertible {
    /// The canonical encoding (RFC 9591 SerializeScalar).
    private(set) var bytes: [UInt8]

    /// Wraps bytes the suite has already made canonical.
    init(canonical bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// RFC 9591 DeserializeScalar: throws `wrongLength` or `nonCanonicalScalar`.
    public init(deserializing bytes: [UInt8]) throws {
        self = try C.deserializeScalar(bytes)
    }

    /// The scalar with a small integer value.
    public init(_ value: UInt64) {
        self = C.scalar(fromInteger: value)
    }

    /// RFC 9591 SerializeScalar.
    public func serialize() -> [UInt8] { bytes }

    /// The zero scalar.
    public static var zero: Scalar<C> { C.scalar(fromInteger: 0) }
    /// The scalar one.
    public static var one: Scalar<C> { C.scalar(fromInteger: 1) }
    /// A uniformly random nonzero scalar.
    public static func random() -> Scalar<C> { C.randomScalar() }

    /// Whether this is the zero scalar.
    public var isZero: Bool { bytes.allSatisfy { $0 == 0 } }

    /// The multiplicative inverse; throws `zeroScalar` for zero.
    public func inverse() throws -> Scalar<C> { try C.invert(self) }

    /// Overwrites the bytes with zeros (sodium_memzero); for temporaries derived from secrets.
    public mutating func zeroize() { wipe(&bytes) }

    /// Addition modulo the group order.
    public static func + (a: Scalar<C>, b: Scalar<C>) -> Scalar<C> { C.add(a, b) }
    /// Subtraction modulo the group order.
    public static func - (a: Scalar<C>, b: Scalar<C>) -> Scalar<C> { C.subtract(a, b) }
    /// Multiplication modulo the group order.
    public static func * (a: Scalar<C>, b: Scalar<C>) -> Scalar<C> { C.multiply(a, b) }
    /// The additive inverse modulo the group order.
    public static prefix func - (a: Scalar<C>) -> Scalar<C> { C.negate(a) }
    /// ScalarMult(element, scalar).
    public static func * (scalar: Scalar<C>, element: Element<C>) -> Element<C> { C.multiply(element, by: scalar) }

    /// The scalar's canonical encoding in hex, for logs and test failures; only for public scalars.
    public var description: String { "Scalar(\(hexString(bytes)))" }
}

/// A secret scalar (a signing share, a nonce, a polynomial coefficient, a group secret key): its bytes live in
/// `SecretBytes`, are wiped when the last copy is released, print as `<redacted>`, and leave only through the
/// explicitly named `serializeSecret()`.
public struct SecretScalar<C: Ciphersuite>: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    let storage: SecretBytes

    /// Takes over a scalar computed from secrets and wipes the caller's copy.
    public init(consuming scalar: inout Scalar<C>) {
        storage = SecretBytes(scalar.bytes)
        scalar.zeroize()
    }

    /// DeserializeScalar for a secret (e.g. a stored share); throws `wrongLength` or `nonCanonicalScalar`.
    /// The caller wipes its copy of `bytes`.
    public init(deserializingSecret bytes: [UInt8]) throws {
        var scalar = try C.deserializeScalar(bytes)
        self.init(consuming: &scalar)
    }

    /// A uniformly random nonzero secret scalar.
    public static func random() -> SecretScalar<C> {
        var scalar = C.randomScalar()
        return SecretScalar(consuming: &scalar)
    }

    /// The secret's canonical encoding; the caller owns the copy and must wipe it (`wipe(&bytes)`).
    public func serializeSecret() -> [UInt8] { storage.exposeSecretBytes() }

    /// Lends the secret as a `Scalar` for arithmetic; the temporary is wiped when `body` returns. Results that are
    /// themselves secret should go back into a `SecretScalar` with `init(consuming:)`.
    public func withScalar<R>(_ body: (Scalar<C>) throws -> R) rethrows -> R {
        var scalar = Scalar<C>(canonical: storage.exposeSecretBytes())
        defer { scalar.zeroize() }
        return try body(scalar)
    }

    /// ScalarBaseMult of the secret: the public element it commits to.
    public func publicElement() -> Element<C> {
        withScalar { C.multiplyGenerator(by: $0) }
    }

    /// Whether the secret is zero (checked in constant time over the encoding).
    public var isZero: Bool {
        storage.withUnsafeBytes { buffer in buffer.reduce(UInt8(0)) { $0 | $1 } == 0 }
    }

    /// Constant-time equality of two secrets.
    public func constantTimeEquals(_ other: SecretScalar<C>) -> Bool { storage.constantTimeEquals(other.storage) }

    /// Always `SecretScalar(<redacted>)`: a secret never reaches a log.
    public var description: String { "SecretScalar(<redacted>)" }
    /// The same redacted text, so `debugPrint` and the debugger do not show the secret either.
    public var debugDescription: String { description }
}

/// Lowercase hex, for descriptions of public values.
func hexString(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    var text = ""
    text.reserveCapacity(bytes.count * 2)
    for byte in bytes {
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0x0f)])
    }
    return text
}
