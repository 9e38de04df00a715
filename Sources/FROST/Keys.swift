/// The group's secret key s (RFC 9591 §5: never held by anyone once shared; only the trusted dealer sees it).
public struct SigningKey<C: Ciphersuite>: Sendable, CustomStringConvertible {
    /// The secret scalar.
    public let secret: SecretScalar<C>

    /// Wraps a secret scalar; throws `zeroScalar` for zero.
    public init(_ secret: SecretScalar<C>) throws {
        guard !secret.isZero else { throw FROSTError.zeroScalar(what: "signing key") }
        self.secret = secret
    }

    /// A uniformly random signing key.
    public static func random() -> SigningKey<C> {
        // A random scalar from the suite is never zero.
        SigningKey(unchecked: SecretScalar.random())
    }

    init(unchecked secret: SecretScalar<C>) { self.secret = secret }

    /// Decodes a stored key; throws `wrongLength`, `nonCanonicalScalar` or `zeroScalar`.
    public init(deserializingSecret bytes: [UInt8]) throws {
        try self.init(SecretScalar(deserializingSecret: bytes))
    }

    /// The key's encoding; the caller must wipe the copy.
    public func serializeSecret() -> [UInt8] { secret.serializeSecret() }

    /// The group public key [s]B.
    public func verifyingKey() -> VerifyingKey<C> { VerifyingKey(element: secret.publicElement()) }

    /// Always `SigningKey(<redacted>)`: the group secret never reaches a log.
    public var description: String { "SigningKey(<redacted>)" }
}

/// The group public key PK (RFC 9591 §5).
public struct VerifyingKey<C: Ciphersuite>: Sendable, Hashable, CustomStringConvertible {
    /// The element [s]B.
    public let element: Element<C>

    /// Wraps an element (already validated, so never the identity when decoded).
    public init(element: Element<C>) { self.element = element }

    /// DeserializeElement; throws `wrongLength`, `invalidElement` or `identityElement`.
    public init(deserializing bytes: [UInt8]) throws { element = try Element(deserializing: bytes) }

    /// SerializeElement.
    public func serialize() -> [UInt8] { element.serialize() }

    /// RFC 9591 §6 verification with the suite's cofactor h: [h*z]B == [h]R + [h*c]PK, c = H2(R || PK || msg).
    public func verify(_ signature: Signature<C>, message: [UInt8]) -> Bool {
        let challenge = C.H2(signature.R.serialize() + element.serialize() + message)
        let difference = C.multiplyGenerator(by: signature.z) - signature.R - challenge * element
        return C.multiplyByCofactor(difference).isIdentity
    }

    /// The key's SerializeElement encoding in hex.
    public var description: String { "VerifyingKey(\(hexString(element.serialize())))" }
}

/// A participant's secret signing share sk_i = f(i) (RFC 9591 §5).
public struct SigningShare<C: Ciphersuite>: Sendable, CustomStringConvertible {
    /// The secret scalar.
    public let secret: SecretScalar<C>

    /// Wraps a secret scalar.
    public init(_ secret: SecretScalar<C>) { self.secret = secret }

    /// Decodes a stored share; throws `wrongLength` or `nonCanonicalScalar`. The caller wipes `bytes`.
    public init(deserializingSecret bytes: [UInt8]) throws { secret = try SecretScalar(deserializingSecret: bytes) }

    /// The share's encoding; the caller must wipe the copy.
    public func serializeSecret() -> [UInt8] { secret.serializeSecret() }

    /// The public verifying share [sk_i]B.
    public func verifyingShare() -> VerifyingShare<C> { VerifyingShare(element: secret.publicElement()) }

    /// Always `SigningShare(<redacted>)`: the share never reaches a log.
    public var description: String { "SigningShare(<redacted>)" }
}

/// A participant's public verifying share PK_i = [sk_i]B (RFC 9591 §5).
public struct VerifyingShare<C: Ciphersuite>: Sendable, Hashable, CustomStringConvertible {
    /// The element [sk_i]B.
    public let element: Element<C>

    /// Wraps an element.
    public init(element: Element<C>) { self.element = element }

    /// DeserializeElement; throws `wrongLength`, `invalidElement` or `identityElement`.
    public init(deserializing bytes: [UInt8]) throws { element = try Element(deserializing: bytes) }

    /// SerializeElement.
    public func serialize() -> [UInt8] { element.serialize() }

    /// The share's SerializeElement encoding in hex.
    public var description: String { "VerifyingShare(\(hexString(element.serialize())))" }
}

/// A Feldman VSS commitment to a polynomial: [a_0]B, ..., [a_{t-1}]B (RFC 9591 Appendix C.2, vss_commit).
public struct VerifiableSecretSharingCommitment<C: Ciphersuite>: Sendable, Hashable {
    /// The coefficient commitments, constant term first.
    public let coefficients: [Element<C>]

    init(unchecked coefficients: [Element<C>]) { self.coefficients = coefficients }

    /// Decodes coefficient commitments; each must be a valid non-identity element and there must be at least one.
    public init(deserializing encodings: [[UInt8]]) throws {
        guard !encodings.isEmpty else {
            throw FROSTError.wrongCount(what: "coefficient commitments", expected: 1, actual: 0)
        }
        coefficients = try encodings.map { try Element(deserializing: $0) }
    }

    /// The encodings of the coefficient commitments.
    public func serialize() -> [[UInt8]] { coefficients.map { $0.serialize() } }

    /// The group public key the commitment implies, [a_0]B.
    public var verifyingKey: VerifyingKey<C> { VerifyingKey(element: coefficients.first ?? C.identity) }

    /// The threshold t the commitment implies (its number of coefficients).
    public var minSigners: Int { coefficients.count }

    /// [f(x)]B = sum_k [x^k] C_k, the verifying share of participant x (RFC 9591 Appendix C.2, vss_verify's
    /// right-hand side), by Horner's rule in the exponent.
    public func verifyingShare(for identifier: Identifier<C>) -> VerifyingShare<C> {
        var result = C.identity
        for commitment in coefficients.reversed() {
            result = identifier.scalar * result + commitment
        }
        return VerifyingShare(element: result)
    }

    /// The coefficient-wise sum of several commitments (the group commitment of a DKG). Throws `wrongCount` if
    /// they differ in length or none is given.
    public static func sum(_ commitments: [VerifiableSecretSharingCommitment<C>]) throws
        -> VerifiableSecretSharingCommitment<C>
    {
        guard let first = commitments.first else {
            throw FROSTError.wrongCount(what: "commitments", expected: 1, actual: 0)
        }
        var sums = first.coefficients
        for commitment in commitments.dropFirst() {
            guard commitment.coefficients.count == sums.count else {
                throw FROSTError.wrongCount(
                    what: "coefficient commitments", expected: sums.count, actual: commitment.coefficients.count)
            }
            for index in sums.indices { sums[index] = sums[index] + commitment.coefficients[index] }
        }
        return VerifiableSecretSharingCommitment(unchecked: sums)
    }
}

/// What the trusted dealer sends one participant: its identifier, secret share and the VSS commitment
/// (RFC 9591 Appendix C).
public struct SecretShare<C: Ciphersuite>: Sendable {
    /// The participant's identifier.
    public let identifier: Identifier<C>
    /// The participant's secret share f(identifier).
    public let signingShare: SigningShare<C>
    /// The dealer's commitment to f.
    public let commitment: VerifiableSecretSharingCommitment<C>

    /// Bundles a share with its commitment (not yet verified: call `verify()`).
    public init(identifier: Identifier<C>, signingShare: SigningShare<C>,
                commitment: VerifiableSecretSharingCommitment<C>) {
        self.identifier = identifier
        self.signingShare = signingShare
        self.commitment = commitment
    }

    /// RFC 9591 Appendix C.2, vss_verify: [f(i)]B == sum_k [i^k] C_k. Returns the verifying share and group key;
    /// throws `invalidSecretShare` naming the participant.
    public func verify() throws -> (verifyingShare: VerifyingShare<C>, verifyingKey: VerifyingKey<C>) {
        let expected = commitment.verifyingShare(for: identifier)
        guard signingShare.verifyingShare() == expected else {
            throw FROSTError.invalidSecretShare(identifier: identifier.description)
        }
        return (expected, commitment.verifyingKey)
    }
}

/// Everything a participant needs to sign: identifier, secret share, verifying share, group key and threshold
/// (ZF frost-core `KeyPackage`).
public struct KeyPackage<C: Ciphersuite>: Sendable {
    /// The participant's identifier.
    public let identifier: Identifier<C>
    /// The participant's secret share.
    public let signingShare: SigningShare<C>
    /// [signingShare]B.
    public let verifyingShare: VerifyingShare<C>
    /// The group public key.
    public let verifyingKey: VerifyingKey<C>
    /// The threshold t.
    public let minSigners: Int

    /// Assembles a key package (e.g. at the end of a DKG), checking that the verifying share matches the secret
    /// share and that the threshold is at least 2; throws `inconsistentKeyMaterial` or `invalidThreshold`.
    public init(identifier: Identifier<C>, signingShare: SigningShare<C>, verifyingShare: VerifyingShare<C>,
                verifyingKey: VerifyingKey<C>, minSigners: Int) throws {
        guard minSigners >= 2 else { throw FROSTError.invalidThreshold(minSigners: minSigners, maxSigners: minSigners) }
        guard signingShare.verifyingShare() == verifyingShare else {
            throw FROSTError.inconsistentKeyMaterial("the verifying share of \(identifier) is not [signing share]B")
        }
        self.identifier = identifier
        self.signingShare = signingShare
        self.verifyingShare = verifyingShare
        self.verifyingKey = verifyingKey
        self.minSigners = minSigners
    }

    /// Verifies a dealer's secret share against its commitment and turns it into a key package.
    public init(secretShare: SecretShare<C>) throws {
        let (verifyingShare, verifyingKey) = try secretShare.verify()
        try self.init(identifier: secretShare.identifier, signingShare: secretShare.signingShare,
                      verifyingShare: verifyingShare, verifyingKey: verifyingKey,
                      minSigners: secretShare.commitment.minSigners)
    }
}

/// The public part of a group: every participant's verifying share and the group public key (ZF frost-core
/// `PublicKeyPackage`). The aggregator needs it to check signature shares.
public struct PublicKeyPackage<C: Ciphersuite>: Sendable, Hashable {
    /// Each participant's verifying share.
    public let verifyingShares: [Identifier<C>: VerifyingShare<C>]
    /// The group public key.
    public let verifyingKey: VerifyingKey<C>
    /// The threshold t, when known.
    public let minSigners: Int?

    /// Assembles a public key package.
    public init(verifyingShares: [Identifier<C>: VerifyingShare<C>], verifyingKey: VerifyingKey<C>,
                minSigners: Int?) {
        self.verifyingShares = verifyingShares
        self.verifyingKey = verifyingKey
        self.minSigners = minSigners
    }

    /// Derives the package from a (dealer's or summed DKG) VSS commitment for the given participants.
    public init(commitment: VerifiableSecretSharingCommitment<C>, identifiers: [Identifier<C>]) throws {
        try [Identifier<C>].checkNoDuplicates(identifiers)
        var shares: [Identifier<C>: VerifyingShare<C>] = [:]
        for identifier in identifiers { shares[identifier] = commitment.verifyingShare(for: identifier) }
        self.init(verifyingShares: shares, verifyingKey: commitment.verifyingKey, minSigners: commitment.minSigners)
    }
}
