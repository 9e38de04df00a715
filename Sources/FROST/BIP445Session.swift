/// BIP 445 §"Tweak Context": the possibly tweaked threshold public key Q, the sign accumulator gacc (±1) and the
/// accumulated tweak tacc. Plain tweaks (BIP 32 non-hardened derivation) add t·G; x-only tweaks (BIP 341 Taproot)
/// first give Q an even y. Tweaks apply in order.
public struct BIP445TweakContext: Sendable, Hashable {
    /// Q.
    let point: Element<Secp256k1Sha256>
    /// gacc, 1 or −1.
    let gacc: Scalar<Secp256k1Sha256>
    /// tacc.
    let tacc: Scalar<Secp256k1Sha256>

    /// TweakCtxInit(thresh_pk); throws `invalidThresholdPublicKey`.
    public init(thresholdPublicKey: [UInt8]) throws {
        guard let point = BIP445.cpoint(thresholdPublicKey) else { throw BIP445Error.invalidThresholdPublicKey }
        self.init(point: point, gacc: .one, tacc: .zero)
    }

    init(point: Element<Secp256k1Sha256>, gacc: Scalar<Secp256k1Sha256>, tacc: Scalar<Secp256k1Sha256>) {
        self.point = point
        self.gacc = gacc
        self.tacc = tacc
    }

    /// GetXonlyPubkey: xbytes(Q), the BIP 340 public key the group signs for.
    public var xOnlyPublicKey: [UInt8] { BIP445.xbytes(point) }
    /// GetPlainPubkey: cbytes(Q).
    public var plainPublicKey: [UInt8] { point.serialize() }

    /// ApplyTweak(tweak_ctx, tweak, is_xonly_t); throws `wrongLength`, `tweakOutOfRange` or `tweakGivesInfinity`.
    public func applyingTweak(_ tweak: [UInt8], xOnly: Bool) throws -> BIP445TweakContext {
        try BIP445.checkLength("tweak", tweak, 32)
        let g: Scalar<Secp256k1Sha256> = xOnly && !BIP445.hasEvenY(point) ? -.one : .one
        guard let t = BIP445.scalarChecked(tweak) else { throw BIP445Error.tweakOutOfRange }
        let signed = g == .one ? point : BIP445.negate(point)
        let tweaked = signed + Secp256k1Sha256.multiplyGenerator(by: t)
        guard !tweaked.isIdentity else { throw BIP445Error.tweakGivesInfinity }
        return BIP445TweakContext(point: tweaked, gacc: g * gacc, tacc: t + g * tacc)
    }

    /// The context after applying `tweaks` in order (`isXOnly[i]` the mode of `tweaks[i]`).
    public func applyingTweaks(_ tweaks: [[UInt8]], isXOnly: [Bool]) throws -> BIP445TweakContext {
        guard tweaks.count == isXOnly.count else {
            throw BIP445Error.countMismatch(what: "tweak modes", expected: tweaks.count, actual: isXOnly.count)
        }
        var context = self
        for (tweak, xOnly) in zip(tweaks, isXOnly) { context = try context.applyingTweak(tweak, xOnly: xOnly) }
        return context
    }
}

/// BIP 445 §"Session Context": everything a signing session fixes. The signers form a set (the order of `ids` does
/// not matter as long as `publicShares[i]` belongs to `ids[i]`); `publicShares` may be nil, which disables the
/// key material checks and partial signature verification.
public struct BIP445SessionContext: Sendable, Hashable {
    /// n, the number of participants of the key generation.
    public let participantCount: Int
    /// t.
    public let threshold: Int
    /// id_1..u, BIP 445 identifiers 0..n−1.
    public let ids: [Int]
    /// pubshare_1..u, compressed, or nil.
    public let publicShares: [[UInt8]]?
    /// thresh_pk, compressed.
    public let thresholdPublicKey: [UInt8]
    /// aggnonce, 66 bytes from `BIP445.nonceAgg`.
    public let aggregateNonce: [UInt8]
    /// tweak_1..v.
    public let tweaks: [[UInt8]]
    /// is_xonly_t_1..v.
    public let isXOnly: [Bool]
    /// m.
    public let message: [UInt8]

    /// Holds the values as given; every algorithm that uses the context validates it (GetSessionValues).
    public init(participantCount: Int, threshold: Int, ids: [Int], publicShares: [[UInt8]]?,
                thresholdPublicKey: [UInt8], aggregateNonce: [UInt8], tweaks: [[UInt8]] = [], isXOnly: [Bool] = [],
                message: [UInt8]) {
        self.participantCount = participantCount
        self.threshold = threshold
        self.ids = ids
        self.publicShares = publicShares
        self.thresholdPublicKey = thresholdPublicKey
        self.aggregateNonce = aggregateNonce
        self.tweaks = tweaks
        self.isXOnly = isXOnly
        self.message = message
    }

    /// The values GetSessionValues returns, and every signer's interpolating value λ (aligned with `ids`), which
    /// ValidateSessionParams computes anyway and Sign and PartialSigVerify need.
    struct Values {
        let tweakContext: BIP445TweakContext
        let b: Scalar<Secp256k1Sha256>
        let R: Element<Secp256k1Sha256>
        let e: Scalar<Secp256k1Sha256>
        let lambdas: [Scalar<Secp256k1Sha256>]
    }

    /// GetSessionValues (BIP 445 §"Session Context"). `validatedLambdas` is what ValidateSessionParams returned
    /// for these same parameters, when the caller has just run it; it is not run a second time then.
    func values(validatedLambdas: [Scalar<Secp256k1Sha256>]? = nil) throws -> Values {
        let lambdas = try validatedLambdas ?? BIP445.validateSessionParams(
            n: participantCount, t: threshold, ids: ids, publicShares: publicShares,
            thresholdPublicKey: thresholdPublicKey)
        let tweakContext = try BIP445TweakContext(thresholdPublicKey: thresholdPublicKey)
            .applyingTweaks(tweaks, isXOnly: isXOnly)
        let xQ = tweakContext.xOnlyPublicKey
        // 0.10.0 and later: the prefix is bytes(4, u), the number of signers.
        let b = BIP445.scalarWrapping(BIP445.taggedHash("BIP0445/noncecoef", [
            BIP445.bytes(4, ids.count), BIP445.serializeIDs(ids), aggregateNonce, xQ, message,
        ]))
        guard !b.isZero else { throw BIP445Error.zeroNonce }
        guard aggregateNonce.count == 66, let R1 = BIP445.cpointExt(Array(aggregateNonce[0..<33])),
            let R2 = BIP445.cpointExt(Array(aggregateNonce[33..<66]))
        else { throw BIP445Error.invalidContribution(signerIndex: nil, contribution: .aggnonce) }
        let combined = R1 + b * R2
        // BIP 445 §"Dealing with Infinity in Nonce Aggregation": R = G then.
        let R = combined.isIdentity ? Element<Secp256k1Sha256>.generator : combined
        let e = BIP445.scalarWrapping(BIP445.taggedHash("BIP0340/challenge", [BIP445.xbytes(R), xQ, message]))
        guard !e.isZero else { throw BIP445Error.zeroNonce }
        return Values(tweakContext: tweakContext, b: b, R: R, e: e, lambdas: lambdas)
    }
}

extension BIP445 {
    /// ValidateSessionParams (BIP 445 §"Session Context"), in the specification's order. Returns the signers'
    /// interpolating values, with which DeriveThreshPubkey sums the public shares.
    @discardableResult
    static func validateSessionParams(n: Int, t: Int, ids: [Int], publicShares: [[UInt8]]?,
                                      thresholdPublicKey: [UInt8]) throws -> [Scalar<C>] {
        guard 1 <= t, t <= n else { throw BIP445Error.thresholdOutOfRange(t: t, n: n) }
        guard n <= maxParticipants else { throw BIP445Error.tooManyParticipants(n: n) }
        let u = ids.count
        guard t <= u, u <= n else { throw BIP445Error.signerCountOutOfRange(u: u, t: t, n: n) }
        if let publicShares, publicShares.count != u {
            throw BIP445Error.countMismatch(what: "public shares", expected: u, actual: publicShares.count)
        }
        var points: [Element<C>] = []
        for (index, id) in ids.enumerated() {
            guard (0..<n).contains(id) else { throw BIP445Error.identifierOutOfRange(index: index, identifier: id) }
            if let publicShares {
                guard let point = cpoint(publicShares[index]) else {
                    throw BIP445Error.invalidPublicShare(index: index)
                }
                points.append(point)
            }
        }
        guard Set(ids).count == u else { throw BIP445Error.duplicateIdentifiers }
        let lambdas = try deriveInterpolatingValues(ids: ids)
        if publicShares != nil {
            // DeriveThreshPubkey(id_1..u, P_1..u): Σ λ_i·P_i, which must not be infinity.
            let key = linearCombination(points, lambdas)
            guard !key.isIdentity else { throw BIP445Error.thresholdPublicKeyIsInfinity }
            guard key.bytes == thresholdPublicKey else { throw BIP445Error.publicSharesDoNotMatchThresholdPublicKey }
        }
        return lambdas
    }

    /// Sign (BIP 445 §"Signing"): the partial signature of participant `signerID` in the session. The secret nonce
    /// is overwritten with zeros before anything else can fail, so it is never used twice. Throws the session's
    /// errors (blaming the coordinator for an invalid aggnonce), `secretNonceOutOfRange`, `secretShareOutOfRange`,
    /// `signerNotInSignerSet`, `publicShareMismatch`, or `ownPartialSignatureInvalid`.
    public static func sign(secretNonce: BIP445SecretNonce, secretShare: SecretScalar<Secp256k1Sha256>, signerID: Int,
                            session: BIP445SessionContext) throws -> [UInt8] {
        var nonceBytes = secretNonce.storage.exposeSecretBytes()
        secretNonce.storage.overwriteWithZeros()
        defer { wipe(&nonceBytes) }
        let values = try session.values()
        guard var k1 = scalarNonzeroChecked(Array(nonceBytes[0..<32])) else {
            throw BIP445Error.secretNonceOutOfRange(half: 1)
        }
        defer { k1.zeroize() }
        guard var k2 = scalarNonzeroChecked(Array(nonceBytes[32..<64])) else {
            throw BIP445Error.secretNonceOutOfRange(half: 2)
        }
        defer { k2.zeroize() }
        if !hasEvenY(values.R) {
            let negated1 = -k1, negated2 = -k2
            k1.zeroize()
            k2.zeroize()
            k1 = negated1
            k2 = negated2
        }
        guard !secretShare.isZero else { throw BIP445Error.secretShareOutOfRange }
        let publicShare = secretShare.publicElement()
        guard let position = session.ids.firstIndex(of: signerID) else {
            throw BIP445Error.signerNotInSignerSet(identifier: signerID)
        }
        if let publicShares = session.publicShares, publicShares[position] != publicShare.bytes {
            throw BIP445Error.publicShareMismatch(identifier: signerID)
        }
        let lambda = values.lambdas[position]
        let Q = values.tweakContext.point
        let g: Scalar<C> = hasEvenY(Q) ? .one : -.one
        // s = k1 + b·k2 + e·λ·d, each secret intermediate wiped.
        let s = secretShare.withScalar { share in
            var d = g * values.tweakContext.gacc * share
            var boundNonce = values.b * k2
            var nonceSum = k1 + boundNonce
            var keyTerm = values.e * lambda * d
            defer {
                d.zeroize()
                boundNonce.zeroize()
                nonceSum.zeroize()
                keyTerm.zeroize()
            }
            return nonceSum + keyTerm
        }
        // The check BIP 445 recommends before releasing a partial signature (against faults), the equation of
        // PartialSigVerifyInternal: s·G == Re + (e·λ·g·gacc)·P. Re, the effective nonce R1 + b·R2 (negated when R has
        // odd y), is (k1 + b·k2)·G with the nonces already negated above: one base multiplication instead of
        // deriving and re-parsing the public nonce (two base multiplications, two decompressions, a multiplication).
        var boundNonce = values.b * k2
        var nonceSum = k1 + boundNonce
        let effectiveNonce = C.multiplyGenerator(by: nonceSum)
        boundNonce.zeroize()
        nonceSum.zeroize()
        guard C.multiplyGenerator(by: s) == effectiveNonce + (values.e * lambda * g * values.tweakContext.gacc) * publicShare
        else { throw BIP445Error.ownPartialSignatureInvalid }
        return s.serialize()
    }

    /// DeterministicSign (BIP 445 §"Deterministic and Stateless Signing for a Single Signer", nonce derivation as of
    /// 0.11.0): the last signer to commit derives its nonce from its (sign-adjusted) secret share, the signer set,
    /// the others' aggregate nonce, the tweaked key and the message, then signs. `aggOtherNonce` is present if and
    /// only if there are other signers. Returns the signer's public nonce and partial signature. Throws as `sign`,
    /// plus `aggOtherNonceWithSoleSigner`, `aggOtherNonceMissing`, and `invalidContribution(nil, .aggothernonce)`.
    public static func deterministicSign(secretShare: SecretScalar<Secp256k1Sha256>, signerID: Int,
                                         aggOtherNonce: [UInt8]?, participantCount n: Int, threshold t: Int,
                                         ids: [Int], publicShares: [[UInt8]]?, thresholdPublicKey: [UInt8],
                                         tweaks: [[UInt8]], isXOnly: [Bool], message: [UInt8], auxRand: [UInt8]?)
        throws -> (publicNonce: [UInt8], partialSignature: [UInt8])
    {
        try validateSessionParams(n: n, t: t, ids: ids, publicShares: publicShares,
                                  thresholdPublicKey: thresholdPublicKey)
        if ids.count == 1, aggOtherNonce != nil { throw BIP445Error.aggOtherNonceWithSoleSigner }
        if ids.count > 1, aggOtherNonce?.count != 66 { throw BIP445Error.aggOtherNonceMissing }
        if let auxRand { try checkLength("aux_rand", auxRand, 32) }
        let tweakContext = try BIP445TweakContext(thresholdPublicKey: thresholdPublicKey)
            .applyingTweaks(tweaks, isXOnly: isXOnly)
        guard !secretShare.isZero else { throw BIP445Error.secretShareOutOfRange }
        let g: Scalar<C> = hasEvenY(tweakContext.point) ? .one : -.one
        var maskedShare = secretShare.withScalar { share in
            var d = g * tweakContext.gacc * share
            defer { d.zeroize() }
            var encoded = d.serialize()
            guard let auxRand else { return encoded }
            defer { wipe(&encoded) }
            return zip(encoded, taggedHash("BIP0445/aux", [auxRand])).map { $0 ^ $1 }
        }
        defer { wipe(&maskedShare) }
        let other = aggOtherNonce ?? []
        let publicFields: [[UInt8]] = [bytes(4, signerID), bytes(4, ids.count), serializeIDs(ids),
                                       [UInt8(other.count)], other, tweakContext.xOnlyPublicKey,
                                       bytes(8, message.count), message]
        var (k1, k2) = deriveNoncePair("BIP0445/deterministic/nonce", [maskedShare] + publicFields)
        defer {
            k1.zeroize()
            k2.zeroize()
        }
        guard !C.isZeroInConstantTime(k1), !C.isZeroInConstantTime(k2) else { throw BIP445Error.zeroNonce }
        let (secretNonce, publicNonce) = secretAndPublicNonce(k1, k2)
        let aggregateNonce: [UInt8]
        if let aggOtherNonce {
            do {
                aggregateNonce = try nonceAgg([publicNonce, aggOtherNonce])
            } catch {
                throw BIP445Error.invalidContribution(signerIndex: nil, contribution: .aggothernonce)
            }
        } else {
            aggregateNonce = publicNonce
        }
        let session = BIP445SessionContext(
            participantCount: n, threshold: t, ids: ids, publicShares: publicShares,
            thresholdPublicKey: thresholdPublicKey, aggregateNonce: aggregateNonce, tweaks: tweaks,
            isXOnly: isXOnly, message: message)
        let partialSignature = try sign(secretNonce: secretNonce, secretShare: secretShare, signerID: signerID,
                                        session: session)
        return (publicNonce, partialSignature)
    }

    /// PartialSigVerify (BIP 445 §"Partial Signature Verification"): whether `partialSignature` is the valid
    /// partial signature of the signer at position `signerIndex` (zero-based) in `ids`. Returns false when the
    /// verification equation fails or the signature is not a scalar below n; throws the session's errors, and
    /// `invalidContribution(signerIndex:, .pubnonce)` blaming whichever signer's public nonce does not decode.
    public static func partialSigVerify(partialSignature: [UInt8], publicNonces: [[UInt8]], participantCount n: Int,
                                        threshold t: Int, ids: [Int], publicShares: [[UInt8]],
                                        thresholdPublicKey: [UInt8], tweaks: [[UInt8]], isXOnly: [Bool],
                                        message: [UInt8], signerIndex: Int) throws -> Bool {
        let lambdas = try validateSessionParams(n: n, t: t, ids: ids, publicShares: publicShares,
                                                thresholdPublicKey: thresholdPublicKey)
        guard publicNonces.count == ids.count else {
            throw BIP445Error.countMismatch(what: "public nonces", expected: ids.count, actual: publicNonces.count)
        }
        guard ids.indices.contains(signerIndex) else {
            throw BIP445Error.signerIndexOutOfRange(index: signerIndex, count: ids.count)
        }
        let aggregateNonce = try nonceAgg(publicNonces)
        let session = BIP445SessionContext(
            participantCount: n, threshold: t, ids: ids, publicShares: publicShares,
            thresholdPublicKey: thresholdPublicKey, aggregateNonce: aggregateNonce, tweaks: tweaks,
            isXOnly: isXOnly, message: message)
        let values = try session.values(validatedLambdas: lambdas)
        guard let publicShare = cpoint(publicShares[signerIndex]) else { return false }
        return verifyInternal(partialSignature: partialSignature, lambda: values.lambdas[signerIndex],
                              publicNonce: publicNonces[signerIndex], publicShare: publicShare, values: values)
    }

    /// PartialSigVerifyInternal: s·G == Re + (e·λ·g·gacc)·P, with Re the signer's effective nonce and λ its
    /// interpolating value in the session.
    static func verifyInternal(partialSignature: [UInt8], lambda: Scalar<C>, publicNonce: [UInt8],
                               publicShare: Element<C>, values: BIP445SessionContext.Values) -> Bool {
        guard let s = scalarChecked(partialSignature), publicNonce.count == 66,
            let R1 = cpoint(Array(publicNonce[0..<33])), let R2 = cpoint(Array(publicNonce[33..<66]))
        else { return false }
        let combined = R1 + values.b * R2
        let effective = hasEvenY(values.R) ? combined : negate(combined)
        let Q = values.tweakContext.point
        let g: Scalar<C> = hasEvenY(Q) ? .one : -.one
        let gPrime = g * values.tweakContext.gacc
        return C.multiplyGenerator(by: s) == effective + (values.e * lambda * gPrime) * publicShare
    }

    /// PartialSigAgg (BIP 445 §"Partial Signature Aggregation"): the 64-byte BIP 340 signature xbytes(R) || s.
    /// Throws the session's errors, `countMismatch` unless there is one partial signature per signer, and
    /// `invalidContribution(signerIndex:, .psig)` blaming the first signer whose partial signature is not below n.
    /// It does not verify the partial signatures (run `partialSigVerify` for blame), nor the result.
    public static func partialSigAgg(_ partialSignatures: [[UInt8]], session: BIP445SessionContext) throws -> [UInt8] {
        let values = try session.values()
        guard partialSignatures.count == session.ids.count else {
            throw BIP445Error.countMismatch(what: "partial signatures", expected: session.ids.count,
                                            actual: partialSignatures.count)
        }
        var s = Scalar<C>.zero
        for (index, bytes) in partialSignatures.enumerated() {
            guard let share = scalarChecked(bytes) else {
                throw BIP445Error.invalidContribution(signerIndex: index, contribution: .psig)
            }
            s = s + share
        }
        let Q = values.tweakContext.point
        let g: Scalar<C> = hasEvenY(Q) ? .one : -.one
        s = s + values.e * g * values.tweakContext.tacc
        return xbytes(values.R) + s.serialize()
    }

    /// BIP 340 Verify of a 64-byte signature under a 32-byte x-only public key, by libsecp256k1
    /// (`secp256k1_schnorrsig_verify`); false for wrong lengths or a key with no point.
    public static func verifyBIP340(signature: [UInt8], message: [UInt8], xOnlyPublicKey: [UInt8]) -> Bool {
        LibSecp256k1.verifySchnorr(signature: signature, message: message, xOnlyPublicKey: xOnlyPublicKey)
    }
}
