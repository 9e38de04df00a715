import FROST

/// The FROST ciphersuites a ceremony can hold a group key in. This file is the one place that branches on the
/// suite: code that depends on it is generic over `Ciphersuite` and is opened on `ciphersuite` (Swift opens the
/// existential metatype for a generic parameter), and the rest comes from the table in `entry`. Adding a suite adds
/// a case here, its row in `entry`, and its FROST file. Where a suite signs differently from RFC 9591 (secp256k1 signs
/// by BIP 445 so that its group signature is a BIP 340 signature), the row names its `SigningScheme`.
///
/// The raw value is the suite's code in every message (Vectors/ceremony/REGISTRY.md).
public enum CeremonySuite: UInt64, Sendable, CaseIterable, CustomStringConvertible {
    /// FROST(Ed25519, SHA-512): signatures verify as plain Ed25519 (RFC 8032).
    case ed25519 = 1
    /// FROST(ristretto255, SHA-512).
    case ristretto255 = 2
    /// FROST(secp256k1, SHA-256) keys signing by BIP 445 (version `BIP445.version`): the group key is shown as a BIP
    /// 340 x-only key and group signatures are plain BIP 340 Schnorr signatures.
    case secp256k1 = 3

    /// One row of the table.
    private struct Entry {
        let ciphersuite: any Ciphersuite.Type
        let name: String
        /// A verifier of the suite's signatures that does not share code with this package, with its name; nil
        /// when there is none here, and then FROST's own verifier (RFC 9591 §6) is used.
        let standardVerifier: (name: String, verify: @Sendable ([UInt8], [UInt8], [UInt8]) -> Bool)?
        /// How the group signs: RFC 9591's two rounds, or BIP 445's.
        let signing: any SigningScheme.Type
        /// The group key as people, requests and verifiers see it, from the serialized group element.
        let shownKey: @Sendable ([UInt8]) -> [UInt8]
    }

    private var entry: Entry {
        switch self {
        case .ed25519:
            Entry(
                ciphersuite: Ed25519Sha512.self, name: "ed25519",
                standardVerifier: (
                    "libsodium crypto_sign_verify_detached",
                    { Sodium.verify(signature: $0, message: $1, publicKey: $2) }
                ), signing: RFC9591Signing<Ed25519Sha512>.self, shownKey: { $0 })
        case .ristretto255:
            Entry(
                ciphersuite: Ristretto255Sha512.self, name: "ristretto255", standardVerifier: nil,
                signing: RFC9591Signing<Ristretto255Sha512>.self, shownKey: { $0 })
        case .secp256k1:
            Entry(
                ciphersuite: Secp256k1Sha256.self, name: "secp256k1",
                standardVerifier: (
                    "libsecp256k1 secp256k1_schnorrsig_verify",
                    { BIP445.verifyBIP340(signature: $0, message: $1, xOnlyPublicKey: $2) }
                ), signing: BIP445Signing.self,
                // BIP 340 x-only: the x coordinate of the compressed point (BIP 445 GetXonlyPubkey).
                shownKey: { Array($0.dropFirst()) })
        }
    }

    /// The FROST ciphersuite, for generic code: `try work(suite.ciphersuite)` with
    /// `func work<C: Ciphersuite>(_: C.Type)`.
    public var ciphersuite: any Ciphersuite.Type { entry.ciphersuite }

    /// How the suite's groups sign (the one place signing code asks).
    var signing: any SigningScheme.Type { entry.signing }

    /// The group key as it is shown, requested and verified, from the serialized group element: the element itself,
    /// except for secp256k1, whose key is the 32-byte BIP 340 x-only key.
    public func shownGroupKey(element: [UInt8]) -> [UInt8] { entry.shownKey(element) }

    /// The suite's short name, as commands and files write it: `ed25519`, `ristretto255`, `secp256k1`.
    public var name: String { entry.name }

    /// The suite with the short `name` (exactly as `name` gives it), or nil.
    public init?(name: String) {
        guard let suite = CeremonySuite.allCases.first(where: { $0.name == name }) else { return nil }
        self = suite
    }

    /// The RFC 9591 suite name, e.g. `FROST(Ed25519, SHA-512)`.
    public var description: String { ciphersuite.name }

    /// The verifier `verify` uses, as a person reads it: the standard one where there is one, else FROST's.
    public var verifierName: String { entry.standardVerifier?.name ?? "the FROST \(name) verifier" }

    /// Whether `signature` is a valid signature of `message` under the group key `groupKey`: by the suite's standard
    /// verifier when it has one (libsodium for Ed25519, whose FROST signatures are plain RFC 8032 signatures;
    /// libsecp256k1's BIP 340 verifier with the x-only key for secp256k1), else by FROST's verifier. False for
    /// malformed keys or signatures.
    public func verify(signature: [UInt8], message: [UInt8], groupKey: [UInt8]) -> Bool {
        if let standard = entry.standardVerifier { return standard.verify(signature, message, groupKey) }
        func frost<C: Ciphersuite>(_: C.Type) -> Bool {
            guard let key = try? VerifyingKey<C>(deserializing: groupKey),
                let parsed = try? Signature<C>(deserializing: signature)
            else { return false }
            return key.verify(parsed, message: message)
        }
        return frost(ciphersuite)
    }
}
