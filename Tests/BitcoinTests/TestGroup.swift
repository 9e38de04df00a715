import Bitcoin
import FROST

/// A FROST(secp256k1) group made by the package's trusted dealer, signing with BIP 445 sessions: what the ceremony
/// will do across devices, run here in memory.
struct TestGroup {
    typealias C = Secp256k1Sha256
    let info: BIP445ThresholdInfo
    let shares: [Int: SecretScalar<C>]

    /// A random t-of-n group, or one with the given secret and polynomial coefficients (to rebuild a fixture's).
    init(participants n: Int, threshold t: Int, secret: [UInt8]? = nil, coefficients: [[UInt8]]? = nil) throws {
        let key = try secret.map { try SigningKey<C>(deserializingSecret: $0) } ?? SigningKey<C>.random()
        let dealt = try TrustedDealer<C>.split(
            signingKey: key, maxSigners: n, minSigners: t,
            coefficients: try coefficients?.map { try SecretScalar<C>(deserializingSecret: $0) })
        var shares: [Int: SecretScalar<C>] = [:]
        for (identifier, share) in dealt.secretShares {
            shares[try BIP445.signerID(for: identifier)] = share.signingShare.secret
        }
        info = try BIP445ThresholdInfo(publicKeyPackage: dealt.publicKeyPackage, threshold: t)
        self.shares = shares
    }

    /// A BIP 445 session of `signers` over `message` with `tweaks`: NonceGen, NonceAgg, Sign, PartialSigAgg.
    func sign(message: [UInt8], tweaks: [SigningTweak], signers: [Int]) throws -> [UInt8] {
        let tweakBytes = tweaks.map(\.tweak), isXOnly = tweaks.map(\.isXOnly)
        let tweaked = try BIP445TweakContext(thresholdPublicKey: info.thresholdPublicKey)
            .applyingTweaks(tweakBytes, isXOnly: isXOnly)
        let publicShares = signers.compactMap { info.publicShares[$0] }
        var secretNonces: [BIP445SecretNonce] = []
        var publicNonces: [[UInt8]] = []
        for signer in signers {
            guard let share = shares[signer] else { throw BitcoinError.notSigningInput(input: signer) }
            let (secret, publicNonce) = try BIP445.nonceGen(
                secretShare: share, signerID: signer, publicShare: share.publicElement().serialize(),
                thresholdPublicKeyXOnly: tweaked.xOnlyPublicKey, message: message, extraInput: nil)
            secretNonces.append(secret)
            publicNonces.append(publicNonce)
        }
        let session = try BIP445SessionContext(
            participantCount: info.participantCount, threshold: info.threshold, ids: signers, publicShares: publicShares,
            thresholdPublicKey: info.thresholdPublicKey, aggregateNonce: BIP445.nonceAgg(publicNonces), tweaks: tweakBytes,
            isXOnly: isXOnly, message: message)
        var partials: [[UInt8]] = []
        for (position, signer) in signers.enumerated() {
            guard let share = shares[signer] else { throw BitcoinError.notSigningInput(input: signer) }
            partials.append(try BIP445.sign(secretNonce: secretNonces[position], secretShare: share, signerID: signer,
                                            session: session))
        }
        return try BIP445.partialSigAgg(partials, session: session)
    }
}
