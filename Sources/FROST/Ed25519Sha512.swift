/// FROST(Ed25519, SHA-512), RFC 9591 §6.1: the Edwards25519 prime-order subgroup, SHA-512, and the un-prefixed
/// challenge hash so that group signatures are ordinary RFC 8032 Ed25519 signatures. Elements are valid when
/// canonical, on the curve, in the prime-order subgroup and not the identity (`Curve25519Group.edwards25519`).
public enum Ed25519Sha512: Curve25519Ciphersuite {
    /// RFC 9591 §6.1.
    public static let name = "FROST(Ed25519, SHA-512)"
    /// RFC 9591 §6.1.
    public static let contextString = Array("FROST-ED25519-SHA512-v1".utf8)
    /// h = 8: verification is cofactored (RFC 9591 §6.1).
    public static let cofactor = 8
    /// The Edwards25519 prime-order subgroup.
    public static let group = Curve25519Group.edwards25519

    /// Un-prefixed, as RFC 8032 computes the challenge: SHA-512(R || PK || msg) mod L.
    public static func H2(_ message: [UInt8]) -> Scalar<Self> { hashToScalar([message]) }
}
