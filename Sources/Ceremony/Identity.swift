import DeterministicCBOR
import FROST
import UniformResources

/// A device's public identity: its label, Ed25519 host public key (signs every message it sends), X25519
/// public key (receives encrypted shares) and ChillDKG host public key (secp256k1 key generation). Exchanged as
/// `ur:heliograph-identity`; people compare `fingerprint`.
///
/// CDDL: `identity = { 0: 2, 1: label: tstr .size (1..64), 2: ed25519: bstr .size 32, 3: x25519: bstr .size 32,
///                     4: chilldkg-hostpubkey: bstr .size 33 } / identity-v1`,
///       `identity-v1 = { 0: 1, 1: label, 2: ed25519, 3: x25519 }`
///
/// Version 2 added the ChillDKG host key. A version-1 identity (made before it) still decodes and re-encodes byte
/// for byte, so invites, records and fingerprints made with it keep their hashes; it can join Ed25519 and
/// ristretto255 groups but not a secp256k1 group (`DKGInvite` refuses it with `CeremonyError.invalidParameters`).
/// Its device derives the key on open from the same host seed, so re-exporting the identity (`dkg identity`) gives
/// the version-2 identity, with a new fingerprint.
public struct Identity: Sendable, Hashable, CustomStringConvertible {
    /// A person-chosen name for the device (1 to 64 bytes of UTF-8 that `DisplayText` accepts).
    public let label: String
    /// The Ed25519 public key (RFC 8032) that signs the device's messages.
    public let signingKey: [UInt8]
    /// The X25519 public key (RFC 7748) that shares are encrypted to.
    public let agreementKey: [UInt8]
    /// The ChillDKG 0.3.0 host public key (33-byte compressed secp256k1 point, `hostpubkey_gen` of the host secret
    /// key derived from the host seed); nil in a version-1 identity.
    public let chillDKGHostKey: [UInt8]?

    /// The encoding version of an identity with a ChillDKG host key.
    public static let version: UInt64 = 2

    /// The UR type of a public identity.
    public static let urType = "heliograph-identity"

    init(label: String, signingKey: [UInt8], agreementKey: [UInt8], chillDKGHostKey: [UInt8]?) {
        self.label = label
        self.signingKey = signingKey
        self.agreementKey = agreementKey
        self.chillDKGHostKey = chillDKGHostKey
    }

    static func checkLabel(_ label: String) throws {
        guard !label.isEmpty else { throw CeremonyError.invalidLabel(reason: "it is empty") }
        guard label.utf8.count <= 64 else { throw CeremonyError.invalidLabel(reason: "it is longer than 64 bytes") }
        if let found = DisplayText.firstRefused(in: label) {
            throw CeremonyError.invalidLabel(
                reason: "it contains U+\(String(found.scalar.value, radix: 16, uppercase: true)), \(found.reason)")
        }
    }

    /// The identity as dCBOR (version 2, or version 1 when it has no ChillDKG host key).
    public var cbor: CBOR {
        var map = CBORMap([
            (0, .unsigned(chillDKGHostKey == nil ? 1 : Identity.version)), (1, .text(label)),
            (2, .bytes(signingKey)), (3, .bytes(agreementKey)),
        ])
        if let chillDKGHostKey { map[4] = .bytes(chillDKGHostKey) }
        return .map(map)
    }

    /// Reads an identity strictly (unknown fields, wrong sizes and bad labels are errors; a small-order X25519 key
    /// throws `CeremonyError.smallOrderAgreementKey`; a ChillDKG host key that is not a compressed secp256k1 point
    /// throws `CeremonyError.malformedMessage`). Version 2 must carry the ChillDKG key, version 1 must not.
    public init(cbor: CBOR) throws {
        let fields = try MessageFields(cbor, message: "identity", allowed: [0, 1, 2, 3, 4])
        let version = try fields.unsigned(0, "version")
        guard version == 1 || version == Identity.version else {
            throw CeremonyError.unsupportedVersion(message: "identity", version: version)
        }
        let label = try fields.text(1, "label", maxBytes: 64)
        try Identity.checkLabel(label)
        let signingKey = try fields.bytes(2, "Ed25519 key", count: 32)
        let agreementKey = try fields.bytes(3, "X25519 key", count: 32)
        // A small-order key would make every share encrypted to it unreadable, and no device could say whose fault.
        guard !Sodium.isSmallOrderX25519(agreementKey) else { throw CeremonyError.smallOrderAgreementKey(label: label) }
        var chillDKGHostKey: [UInt8]?
        if version == Identity.version {
            let key = try fields.bytes(4, "ChillDKG host key", count: 33)
            guard (try? Element<Secp256k1Sha256>(deserializing: key)) != nil else {
                throw CeremonyError.malformedMessage(
                    message: "identity", reason: "the ChillDKG host key is not a compressed secp256k1 point")
            }
            chillDKGHostKey = key
        } else if fields.has(4) {
            throw CeremonyError.malformedMessage(
                message: "identity", reason: "a version-1 identity carries no ChillDKG host key")
        }
        self.init(label: label, signingKey: signingKey, agreementKey: agreementKey, chillDKGHostKey: chillDKGHostKey)
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
