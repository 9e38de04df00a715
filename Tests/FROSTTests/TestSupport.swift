import CSodium
import FROST
import Testing

/// Hex decoding for literals in tests (the literals are well-formed).
func bytes(_ hex: String) -> [UInt8] {
    var out: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        out.append(UInt8(hex[index..<next], radix: 16) ?? 0)
        index = next
    }
    return out
}

/// Lowercase hex of bytes, to search descriptions for leaked secrets.
func hexString(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0f)]] })
}

/// The three suites, named for parameterized tests.
enum Suite: String, CaseIterable, CustomStringConvertible {
    case ed25519, ristretto255, secp256k1
    var description: String { rawValue }
}

/// Checks an FROST(Ed25519, SHA-512) signature with libsodium's own Ed25519 verifier (crypto_sign_verify_detached),
/// an implementation independent of the FROST code.
func libsodiumVerifies(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
    ensureSodium()
    guard signature.count == 64, publicKey.count == 32 else { return false }
    return crypto_sign_verify_detached(signature, message, UInt64(message.count), publicKey) == 0
}

/// A random subset of `count` elements, sorted.
func randomSubset<T: Comparable>(_ items: [T], count: Int) -> [T] {
    Array(items.shuffled().prefix(count)).sorted()
}

/// A dealt group with every participant's key package, for signing tests.
struct TestGroup<C: Ciphersuite> {
    let signingKey: SigningKey<C>
    let keyPackages: [Identifier<C>: KeyPackage<C>]
    let publicKeyPackage: PublicKeyPackage<C>

    init(maxSigners: Int, minSigners: Int) throws {
        signingKey = SigningKey.random()
        let dealt = try TrustedDealer<C>.split(signingKey: signingKey, maxSigners: maxSigners, minSigners: minSigners)
        keyPackages = try dealt.secretShares.mapValues { try KeyPackage(secretShare: $0) }
        publicKeyPackage = dealt.publicKeyPackage
    }

    var identifiers: [Identifier<C>] { keyPackages.keys.sorted() }

    /// Runs both rounds for the signers; shares of `corrupt` signers get one added before aggregation.
    func signatureShares(message: [UInt8], signers: [Identifier<C>], corrupt: Set<Identifier<C>> = [])
        throws -> (SigningPackage<C>, [Identifier<C>: SignatureShare<C>])
    {
        var nonces: [Identifier<C>: SigningNonces<C>] = [:]
        var commitments: [Identifier<C>: SigningCommitments<C>] = [:]
        for signer in signers {
            let keyPackage = try #require(keyPackages[signer])
            let (signerNonces, signerCommitments) = Round1.commit(keyPackage: keyPackage)
            nonces[signer] = signerNonces
            commitments[signer] = signerCommitments
        }
        let package = try SigningPackage(commitments: commitments, message: message)
        var shares: [Identifier<C>: SignatureShare<C>] = [:]
        for signer in signers {
            let share = try Round2.sign(signingPackage: package, nonces: try #require(nonces[signer]),
                                        keyPackage: try #require(keyPackages[signer]))
            shares[signer] = corrupt.contains(signer) ? SignatureShare(share: share.share + .one) : share
        }
        return (package, shares)
    }
}
