/// FROST(ristretto255, SHA-512), RFC 9591 §6.2: the ristretto255 prime-order group (RFC 9496) and SHA-512.
/// Elements are valid when they are canonical ristretto255 encodings other than the identity
/// (`Curve25519Group.ristretto255`).
public enum Ristretto255Sha512: Curve25519Ciphersuite {
    /// RFC 9591 §6.2.
    public static let name = "FROST(ristretto255, SHA-512)"
    /// RFC 9591 §6.2.
    public static let contextString = Array("FROST-RISTRETTO255-SHA512-v1".utf8)
    /// ristretto255 is a prime-order group: h = 1.
    public static let cofactor = 1
    /// ristretto255 (RFC 9496).
    public static let group = Curve25519Group.ristretto255

    /// H2: SHA-512(contextString || "chal" || m) mod L (RFC 9591 §6.2).
    public static func H2(_ message: [UInt8]) -> Scalar<Self> {
        hashToScalar([contextString, Array("chal".utf8), message])
    }
}
