import DeterministicCBOR
import UniformResources

/// A device's public identity: its label, Ed25519 host public key (signs every message it sends) and X25519
/// public key (receives encrypted shares). Exchanged as `ur:heliograph-identity`; people compare `fingerprint`.
///
/// CDDL: `identity = { 0: 1, 1: label: tstr .size (1..64), 2: ed25519: bstr .size 32, 3: x25519: bstr .size 32 }`
public struct Identity: Sendable, Hashable, CustomStringConvertible {
    /// A person-chosen name for the device (1 to 64 bytes of UTF-8 that `DisplayText` accepts).
    public let label: String
    /// The Ed25519 public key (RFC 8032) that signs the device's messages.
    public let signingKey: [UInt8]
    /// The X25519 public key (RFC 7748) that shares are encrypted to.
    public let agreementKey: [UInt8]

    /// The UR type of a public identity.
    public static let urType = "heliograph-identity"

    init(label: String, signingKey: [UInt8], agreementKey: [UInt8]) {
        self.label = label
        self.signingKey = signingKey
        self.agreementKey = agreementKey
    }

    static func checkLabel(_ label: String) throws {
        guard !label.isEmpty else { throw CeremonyError.invalidLabel(reason: "it is empty") }
        guard label.utf8.count <= 64 else { throw CeremonyError.invalidLabel(reason: "it is longer than 64 bytes") }
        if let found = DisplayText.firstRefused(in: label) {
            throw CeremonyError.invalidLabel(
                reason: "it contains U+\(String(found.scalar.value, radix: 16, uppercase: true)), \(found.reason)")
        }
    }

    /// The identity as dCBOR.
    public var cbor: CBOR {
        .map(
            CBORMap([
                (0, .unsigned(CeremonyProtocol.version)), (1, .text(label)), (2, .bytes(signingKey)),
                (3, .bytes(agreementKey)),
            ]))
    }

    /// Reads an identity strictly (unknown fields, wrong sizes and bad labels are errors; a small-order X25519 key
    /// throws `CeremonyError.smallOrderAgreementKey`).
    public init(cbor: CBOR) throws {
        let fields = try MessageFields(cbor, message: "identity", allowed: [0, 1, 2, 3])
        try fields.version()
        let label = try fields.text(1, "label", maxBytes: 64)
        try Identity.checkLabel(label)
        let signingKey = try fields.bytes(2, "Ed25519 key", count: 32)
        let agreementKey = try fields.bytes(3, "X25519 key", count: 32)
        // A small-order key would make every share encrypted to it unreadable, and no device could say whose fault.
        guard !Sodium.isSmallOrderX25519(agreementKey) else { throw CeremonyError.smallOrderAgreementKey(label: label) }
        self.init(label: label, signingKey: signingKey, agreementKey: agreementKey)
    }

    /// The 32-byte hash of the encoded identity, from which the fingerprint is taken.
    public var hash: [UInt8] { CeremonyProtocol.hash("HGIdentity----v1", cbor.encoded) }

    /// A short fingerprint for people to compare: the first four bytes of `hash` as Bytewords
    /// (BCR-2020-012 identifier style, e.g. `"able acid also apex"`).
    public var fingerprint: String { Bytewords.identifier(Array(hash.prefix(4))) }

    /// A longer fingerprint (the first eight bytes of `hash` as Bytewords, 64 bits) for when the roster is first
    /// built: four words are 32 bits, which a patient attacker can match by generating keys.
    public var longFingerprint: String { ceremonyWords(hash, count: 8) }

    /// The label and the long fingerprint, as every roster names a member: `Alice [able acid also apex …]`.
    public var rosterName: String { "\(label) [\(longFingerprint)]" }

    /// The label and the short fingerprint, e.g. `Alice [able acid also apex]`.
    public var description: String { "\(label) [\(fingerprint)]" }
}

/// The first `count` bytes (a multiple of four) of a hash as Bytewords, four words per four bytes.
func ceremonyWords(_ hash: [UInt8], count: Int) -> String {
    stride(from: 0, to: count, by: 4).map { Bytewords.identifier(Array(hash[$0..<($0 + 4)])) }.joined(separator: " ")
}
