/// A Schnorr signature (R, z) (RFC 9591 §5.3); for FROST(Ed25519, SHA-512) it is an RFC 8032 Ed25519 signature.
public struct Signature<C: Ciphersuite>: Sendable, Hashable, CustomStringConvertible {
    /// The group commitment R.
    public let R: Element<C>
    /// The aggregate response z.
    public let z: Scalar<C>

    /// Builds a signature from its parts.
    public init(R: Element<C>, z: Scalar<C>) {
        self.R = R
        self.z = z
    }

    /// Decodes SerializeElement(R) || SerializeScalar(z); throws `wrongLength`, `invalidElement`,
    /// `identityElement` or `nonCanonicalScalar`.
    public init(deserializing bytes: [UInt8]) throws {
        let expected = C.elementLength + C.scalarLength
        guard bytes.count == expected else {
            throw FROSTError.wrongLength(what: "signature", expected: expected, actual: bytes.count)
        }
        R = try Element(deserializing: Array(bytes[0..<C.elementLength]))
        z = try Scalar(deserializing: Array(bytes[C.elementLength...]))
    }

    /// SerializeElement(R) || SerializeScalar(z).
    public func serialize() -> [UInt8] { R.serialize() + z.serialize() }

    /// The encoding R || z in hex.
    public var description: String { "Signature(\(hexString(serialize())))" }
}
