/// A signer's two public nonce commitments (D_i, E_i) = ([d_i]B, [e_i]B) (RFC 9591 §5.1).
public struct SigningCommitments<C: Ciphersuite>: Sendable, Hashable, CustomStringConvertible {
    /// The hiding nonce commitment D_i.
    public let hiding: Element<C>
    /// The binding nonce commitment E_i.
    public let binding: Element<C>

    /// Bundles two elements.
    public init(hiding: Element<C>, binding: Element<C>) {
        self.hiding = hiding
        self.binding = binding
    }

    /// Decodes both commitments; throws `wrongLength`, `invalidElement` or `identityElement`.
    public init(deserializingHiding hiding: [UInt8], binding: [UInt8]) throws {
        self.hiding = try Element(deserializing: hiding)
        self.binding = try Element(deserializing: binding)
    }

    /// Both commitments' encodings in hex.
    public var description: String {
        "SigningCommitments(hiding: \(hexString(hiding.serialize())), binding: \(hexString(binding.serialize())))"
    }
}

/// A signer's secret nonces (d_i, e_i) for exactly one signing operation (RFC 9591 §5.1). Secret: wiped on
/// release, printed as `<redacted>`. Reusing nonces across two messages reveals the signing share.
public struct SigningNonces<C: Ciphersuite>: Sendable, CustomStringConvertible {
    /// The hiding nonce d_i.
    let hiding: SecretScalar<C>
    /// The binding nonce e_i.
    let binding: SecretScalar<C>
    /// The matching public commitments.
    public let commitments: SigningCommitments<C>

    /// RFC 9591 §5.1 commit: fresh hedged nonces from 32 random bytes each mixed with the signing share
    /// (§4.1 nonce_generate), so a weak CSPRNG alone does not expose the share.
    public static func generate(signingShare: SigningShare<C>) -> SigningNonces<C> {
        var hidingRandomness = SecretBytes(randomCount: 32).exposeSecretBytes()
        var bindingRandomness = SecretBytes(randomCount: 32).exposeSecretBytes()
        defer {
            wipe(&hidingRandomness)
            wipe(&bindingRandomness)
        }
        return SigningNonces(hidingRandomness: hidingRandomness, bindingRandomness: bindingRandomness,
                             signingShare: signingShare, checked: ())
    }

    /// Nonces from given randomness (32 bytes each), as the RFC 9591 Appendix E vectors fix it. Only for
    /// reproducing test vectors: real signers use `generate(signingShare:)`. Throws `wrongLength`.
    public init(hidingRandomness: [UInt8], bindingRandomness: [UInt8], signingShare: SigningShare<C>) throws {
        for randomness in [hidingRandomness, bindingRandomness] where randomness.count != 32 {
            throw FROSTError.wrongLength(what: "nonce randomness", expected: 32, actual: randomness.count)
        }
        self.init(hidingRandomness: hidingRandomness, bindingRandomness: bindingRandomness,
                  signingShare: signingShare, checked: ())
    }

    private init(hidingRandomness: [UInt8], bindingRandomness: [UInt8], signingShare: SigningShare<C>,
                 checked: Void) {
        hiding = Self.nonceGenerate(randomness: hidingRandomness, secret: signingShare.secret)
        binding = Self.nonceGenerate(randomness: bindingRandomness, secret: signingShare.secret)
        commitments = SigningCommitments(hiding: hiding.publicElement(), binding: binding.publicElement())
    }

    /// Restores nonces saved with `serializeSecret()` (e.g. between the rounds of an airgapped ceremony).
    /// Throws `wrongLength`, `nonCanonicalScalar` or `zeroScalar`.
    public init(deserializingSecretHiding hiding: [UInt8], binding: [UInt8]) throws {
        self.hiding = try SecretScalar(deserializingSecret: hiding)
        self.binding = try SecretScalar(deserializingSecret: binding)
        guard !self.hiding.isZero, !self.binding.isZero else { throw FROSTError.zeroScalar(what: "nonce") }
        commitments = SigningCommitments(hiding: self.hiding.publicElement(), binding: self.binding.publicElement())
    }

    /// The two nonces' encodings, for encrypted storage between rounds; the caller must wipe both copies.
    public func serializeSecret() -> (hiding: [UInt8], binding: [UInt8]) {
        (hiding.serializeSecret(), binding.serializeSecret())
    }

    /// RFC 9591 §4.1 nonce_generate: H3(random_bytes || SerializeScalar(secret)).
    static func nonceGenerate(randomness: [UInt8], secret: SecretScalar<C>) -> SecretScalar<C> {
        var secretBytes = secret.serializeSecret()
        var input = randomness + secretBytes
        defer {
            wipe(&secretBytes)
            wipe(&input)
        }
        var nonce = C.H3(input)
        return SecretScalar(consuming: &nonce)
    }

    /// The public commitments only; the nonces print as `<redacted>`.
    public var description: String { "SigningNonces(<redacted>, commitments: \(commitments))" }
}

/// Round one of FROST signing (RFC 9591 §5.1).
public enum Round1 {
    /// commit(): fresh nonces for the key package's share and the commitments to send the coordinator. Keep the
    /// nonces secret and use them for one `Round2.sign` only.
    public static func commit<C>(keyPackage: KeyPackage<C>) -> (nonces: SigningNonces<C>,
                                                               commitments: SigningCommitments<C>) {
        let nonces = SigningNonces.generate(signingShare: keyPackage.signingShare)
        return (nonces, nonces.commitments)
    }
}
