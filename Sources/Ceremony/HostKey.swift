import FROST

/// A device's long-term host key: an Ed25519 signing key and an X25519 agreement key, both derived from ONE
/// 32-byte host seed, so that backing up the seed alone restores the device's identity and (with the public
/// recovery data of a DKG) every key share it holds.
///
/// Derivation (BLAKE2b-256 keyed with the seed, `crypto_generichash_blake2b_salt_personal`, empty message):
/// - Ed25519 seed     = BLAKE2b(key: hostSeed, personal: "HGHost-Ed25519v1"), then `crypto_sign_seed_keypair`;
/// - X25519 secret    = BLAKE2b(key: hostSeed, personal: "HGHost-X25519-v1"), public = `crypto_scalarmult_base`.
/// - ChillDKG host secret key = BLAKE2b(key: hostSeed, personal: "HGHost-ChillDKG1"), read as a big-endian
///   secp256k1 scalar, and its host public key is ChillDKG's `hostpubkey_gen` of it (33-byte compressed point).
///   A value of 0 or ≥ n (probability about 2^−128) is refused with `CeremonyError.frost`.
/// Distinct personalization strings make the three keys independent (domain separation, as ChillDKG derives its
/// host keys' uses from one seed). The ChillDKG key lets one device (one seed, one identity) serve every suite: the
/// secp256k1 suite's key generation is ChillDKG 0.3.0, whose session parameters list these host public keys.
public struct HostKey: Sendable {
    /// The public identity people compare (label, Ed25519 public key, X25519 public key).
    public let identity: Identity
    let signingSecretKey: SecretBytes
    let agreementSecretKey: SecretBytes
    /// ChillDKG's hostseckey (32 bytes, a valid secp256k1 scalar).
    let chillDKGSecretKey: SecretBytes
    let seed: SecretBytes

    /// The number of bytes in a host seed.
    public static let seedCount = 32

    /// Derives the host key from a 32-byte host seed; throws `CeremonyError.invalidLength` for another size and
    /// `CeremonyError.invalidLabel` for an empty or overlong label.
    public init(seed: SecretBytes, label: String) throws {
        guard seed.count == HostKey.seedCount else {
            throw CeremonyError.invalidLength(field: "host seed", expected: HostKey.seedCount, got: seed.count)
        }
        try Identity.checkLabel(label)
        var seedBytes = seed.exposeSecretBytes()
        defer { wipe(&seedBytes) }
        var signSeed = Sodium.blake2bPersonal([], key: seedBytes, personal: Array("HGHost-Ed25519v1".utf8))
        var agreement = Sodium.blake2bPersonal([], key: seedBytes, personal: Array("HGHost-X25519-v1".utf8))
        var pair = Sodium.signKeyPair(seed: signSeed)
        let agreementPublic = Sodium.x25519Base(agreement)
        var chillDKGBytes = Sodium.blake2bPersonal([], key: seedBytes, personal: Array("HGHost-ChillDKG1".utf8))
        let chillDKGSecret = SecretBytes(chillDKGBytes)
        wipe(&chillDKGBytes)
        let chillDKGPublic: [UInt8]
        do {
            chillDKGPublic = try ChillDKG.hostPublicKey(hostSecretKey: chillDKGSecret)
        } catch {
            throw CeremonyError.frost("the host seed gives no valid ChillDKG host key: \(error)")
        }
        self.seed = seed
        signingSecretKey = SecretBytes(pair.secretKey)
        agreementSecretKey = SecretBytes(agreement)
        chillDKGSecretKey = chillDKGSecret
        identity = Identity(
            label: label, signingKey: pair.publicKey, agreementKey: agreementPublic, chillDKGHostKey: chillDKGPublic)
        wipe(&signSeed)
        wipe(&agreement)
        wipe(&pair.secretKey)
    }

    /// A fresh host key from libsodium's CSPRNG.
    public static func generate(label: String) throws -> HostKey {
        try HostKey(seed: SecretBytes(randomCount: seedCount), label: label)
    }

    /// The host seed, for the one backup that restores the device. The caller must wipe the copy.
    public func exposeSeed() -> [UInt8] { seed.exposeSecretBytes() }

    /// An Ed25519 signature by the host key over `message`.
    func sign(_ message: [UInt8]) -> [UInt8] {
        var secret = signingSecretKey.exposeSecretBytes()
        defer { wipe(&secret) }
        return Sodium.sign(message, secretKey: secret)
    }

    /// The X25519 shared secret with another party's public key; nil for a low-order key.
    func agree(with publicKey: [UInt8]) -> [UInt8]? {
        var secret = agreementSecretKey.exposeSecretBytes()
        defer { wipe(&secret) }
        return Sodium.x25519(secret, publicKey)
    }

    /// A key derived from the host seed for one purpose (16-byte personalization) and context.
    func derive(personal: String, context: [UInt8], outputCount: Int = 32) -> [UInt8] {
        var seedBytes = seed.exposeSecretBytes()
        defer { wipe(&seedBytes) }
        return Sodium.blake2bPersonal(context, key: seedBytes, personal: Array(personal.utf8), outputCount: outputCount)
    }
}
