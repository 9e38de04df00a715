import FROST

/// How a suite's group signs, as the few operations `SigningDevice` and `SigningCoordinator` need; `CeremonySuite`
/// names one per suite. Both schemes share the ceremony's messages: a commitment is two group elements (RFC 9591's
/// hiding and binding commitments, or BIP 445's public nonce R1 || R2), a share is one 32-byte scalar, the result a
/// 64-byte signature. Everything around them (the durable nonce store, envelopes, blame) is the same code.
protocol SigningScheme {
    /// Fresh secret nonces for `request` and their public commitment (two serialized elements), hedged with the
    /// device's secret share. `fixedRandomness` (64 bytes) is only for reproducing the transcripts in
    /// Vectors/ceremony.
    static func freshNonces(
        request: SignRequest, group: GroupRecord, host: HostKey, fixedRandomness: [UInt8]?
    ) throws -> (nonces: SecretBytes, commitment: [UInt8])

    /// The device's signature share for `package`: checks the package and that its own commitment in it equals
    /// `stored` (`ownCommitmentMissing`), then calls `consume` — the durable point after which the nonces can never
    /// sign again — and signs with the nonces it returns.
    static func share(
        package: SignPackage, request: SignRequest, group: GroupRecord, host: HostKey, stored: [UInt8],
        consume: () throws -> SecretBytes
    ) throws -> [UInt8]

    /// Whether signer `sender`'s share verifies against its public share and commitment (the coordinator blames the
    /// signer when not).
    static func shareVerifies(
        _ share: [UInt8], sender: Int, package: SignPackage, request: SignRequest, group: GroupRecord
    ) throws -> Bool

    /// The group signature from every signer's (verified) share, by roster index.
    static func aggregate(
        shares: [Int: [UInt8]], package: SignPackage, request: SignRequest, group: GroupRecord
    ) throws -> [UInt8]
}

/// RFC 9591 §5 signing in two rounds (Ed25519 and ristretto255 groups).
enum RFC9591Signing<C: Ciphersuite>: SigningScheme {
    static func freshNonces(
        request: SignRequest, group: GroupRecord, host: HostKey, fixedRandomness: [UInt8]?
    ) throws -> (nonces: SecretBytes, commitment: [UInt8]) {
        let material = try group.keyMaterial(host: host, as: C.self)
        let nonces: SigningNonces<C>
        if let fixed = fixedRandomness {
            do {
                nonces = try SigningNonces<C>(
                    hidingRandomness: Array(fixed.prefix(32)), bindingRandomness: Array(fixed.dropFirst(32)),
                    signingShare: material.keyPackage.signingShare)
            } catch {
                throw CeremonyError.frost("\(error)")
            }
        } else {
            nonces = Round1.commit(keyPackage: material.keyPackage).nonces
        }
        let commitments = nonces.commitments
        var (hiding, binding) = nonces.serializeSecret()
        defer {
            wipe(&hiding)
            wipe(&binding)
        }
        return (SecretBytes(hiding + binding), commitments.hiding.serialize() + commitments.binding.serialize())
    }

    static func share(
        package: SignPackage, request: SignRequest, group: GroupRecord, host: HostKey, stored: [UInt8],
        consume: () throws -> SecretBytes
    ) throws -> [UInt8] {
        let signingPackage = try package.signingPackage(request: request, roster: group.invite.roster, C.self)
        let identifier = try PedPop<C>.identifier(group.index)
        guard let mine = signingPackage.commitments(of: identifier),
            mine.hiding.serialize() + mine.binding.serialize() == stored
        else { throw CeremonyError.ownCommitmentMissing(index: group.index) }
        let material = try group.keyMaterial(host: host, as: C.self)
        var secret = try consume().exposeSecretBytes()
        defer { wipe(&secret) }
        let half = C.scalarLength
        guard secret.count == 2 * half else { throw CeremonyError.frost("the stored nonces have the wrong size") }
        var hiding = Array(secret[0..<half])
        var binding = Array(secret[half...])
        defer {
            wipe(&hiding)
            wipe(&binding)
        }
        do {
            let nonces = try SigningNonces<C>(deserializingSecretHiding: hiding, binding: binding)
            return try Round2.sign(signingPackage: signingPackage, nonces: nonces, keyPackage: material.keyPackage)
                .serialize()
        } catch {
            throw CeremonyError.frost("\(error)")
        }
    }

    static func shareVerifies(
        _ share: [UInt8], sender: Int, package: SignPackage, request: SignRequest, group: GroupRecord
    ) throws -> Bool {
        let signingPackage = try package.signingPackage(request: request, roster: group.invite.roster, C.self)
        let identifier = try PedPop<C>.identifier(sender)
        let publicResult = group.publicResult
        do {
            try Aggregator.verifySignatureShare(
                try SignatureShare<C>(deserializing: share), identifier: identifier,
                verifyingShare: try VerifyingShare<C>(deserializing: publicResult.verifyingShares[sender - 1]),
                signingPackage: signingPackage,
                verifyingKey: try VerifyingKey<C>(deserializing: publicResult.groupKey))
            return true
        } catch {
            return false
        }
    }

    static func aggregate(
        shares: [Int: [UInt8]], package: SignPackage, request: SignRequest, group: GroupRecord
    ) throws -> [UInt8] {
        let signingPackage = try package.signingPackage(request: request, roster: group.invite.roster, C.self)
        let publicResult = group.publicResult
        var signatureShares: [Identifier<C>: SignatureShare<C>] = [:]
        var verifyingShares: [Identifier<C>: VerifyingShare<C>] = [:]
        do {
            for (sender, share) in shares {
                signatureShares[try PedPop<C>.identifier(sender)] = try SignatureShare<C>(deserializing: share)
            }
            for index in 1...group.invite.participantCount {
                verifyingShares[try PedPop<C>.identifier(index)] = try VerifyingShare<C>(
                    deserializing: publicResult.verifyingShares[index - 1])
            }
            return try Aggregator.aggregate(
                signingPackage: signingPackage, signatureShares: signatureShares,
                publicKeyPackage: PublicKeyPackage<C>(
                    verifyingShares: verifyingShares,
                    verifyingKey: try VerifyingKey<C>(deserializing: publicResult.groupKey),
                    minSigners: group.invite.threshold)
            ).serialize()
        } catch let error as CeremonyError {
            throw error
        } catch {
            throw CeremonyError.frost("\(error)")
        }
    }
}

/// BIP 445 (version `BIP445.version`) signing for secp256k1 groups: NonceGen hedged with the secret share, public
/// share, x-only group key and message; NonceAgg, Sign, PartialSigVerify and PartialSigAgg. The group signature is a
/// BIP 340 signature under the x-only group key, checked with libsecp256k1 before it is returned.
enum BIP445Signing: SigningScheme {
    typealias C = Secp256k1Sha256

    /// The BIP 445 participant identifier (0..n−1, encoded in 4 bytes by BIP 445) of the ceremony's 1-based roster
    /// index: index − 1. The only place the ceremony maps between the two numberings; it agrees with
    /// `BIP445.identifier(forSignerID:)`, so the DKG's share for roster index i is BIP 445 participant i − 1's.
    static func signerID(rosterIndex: Int) -> Int { rosterIndex - 1 }

    static func freshNonces(
        request: SignRequest, group: GroupRecord, host: HostKey, fixedRandomness: [UInt8]?
    ) throws -> (nonces: SecretBytes, commitment: [UInt8]) {
        let material = try group.keyMaterial(host: host, as: C.self)
        let share = material.keyPackage.signingShare.secret
        let publicShare = group.publicResult.verifyingShares[group.index - 1]
        do {
            let generated: (secretNonce: BIP445SecretNonce, publicNonce: [UInt8])
            if let fixed = fixedRandomness {
                var shareBytes = share.serializeSecret()
                defer { wipe(&shareBytes) }
                generated = try BIP445.nonceGen(
                    rand: Array(fixed.prefix(32)), secretShare: shareBytes,
                    signerID: signerID(rosterIndex: group.index), publicShare: publicShare,
                    thresholdPublicKeyXOnly: group.groupKey, message: request.message, extraInput: nil)
            } else {
                generated = try BIP445.nonceGen(
                    secretShare: share, signerID: signerID(rosterIndex: group.index), publicShare: publicShare,
                    thresholdPublicKeyXOnly: group.groupKey, message: request.message, extraInput: nil)
            }
            var secret = generated.secretNonce.serializeSecret()
            defer { wipe(&secret) }
            return (SecretBytes(secret), generated.publicNonce)
        } catch {
            throw CeremonyError.frost("\(error)")
        }
    }

    /// The public nonces of the package's signers in signer order (checked as `SignPackage.commitments` checks
    /// them: authentic, the request's signers, valid points) and the session context.
    static func session(
        package: SignPackage, request: SignRequest, group: GroupRecord
    ) throws -> (publicNonces: [[UInt8]], context: BIP445SessionContext) {
        let entries = try package.checkedCommitments(request: request, roster: group.invite.roster, C.self)
        let publicNonces = entries.map { $0.commitments.hiding.serialize() + $0.commitments.binding.serialize() }
        do {
            let context = BIP445SessionContext(
                participantCount: group.invite.participantCount, threshold: group.invite.threshold,
                ids: request.signers.map { signerID(rosterIndex: $0) },
                publicShares: request.signers.map { group.publicResult.verifyingShares[$0 - 1] },
                thresholdPublicKey: group.publicResult.groupKey, aggregateNonce: try BIP445.nonceAgg(publicNonces),
                message: request.message)
            return (publicNonces, context)
        } catch {
            throw CeremonyError.frost("\(error)")
        }
    }

    static func share(
        package: SignPackage, request: SignRequest, group: GroupRecord, host: HostKey, stored: [UInt8],
        consume: () throws -> SecretBytes
    ) throws -> [UInt8] {
        let (publicNonces, context) = try session(package: package, request: request, group: group)
        guard let position = request.signers.firstIndex(of: group.index), publicNonces[position] == stored else {
            throw CeremonyError.ownCommitmentMissing(index: group.index)
        }
        let material = try group.keyMaterial(host: host, as: C.self)
        var secret = try consume().exposeSecretBytes()
        defer { wipe(&secret) }
        do {
            return try BIP445.sign(
                secretNonce: try BIP445SecretNonce(deserializingSecret: secret),
                secretShare: material.keyPackage.signingShare.secret, signerID: signerID(rosterIndex: group.index),
                session: context)
        } catch {
            throw CeremonyError.frost("\(error)")
        }
    }

    static func shareVerifies(
        _ share: [UInt8], sender: Int, package: SignPackage, request: SignRequest, group: GroupRecord
    ) throws -> Bool {
        let (publicNonces, context) = try session(package: package, request: request, group: group)
        guard let position = request.signers.firstIndex(of: sender), let publicShares = context.publicShares else {
            throw CeremonyError.notASigner(index: sender)
        }
        do {
            return try BIP445.partialSigVerify(
                partialSignature: share, publicNonces: publicNonces, participantCount: context.participantCount,
                threshold: context.threshold, ids: context.ids, publicShares: publicShares,
                thresholdPublicKey: context.thresholdPublicKey, tweaks: [], isXOnly: [], message: context.message,
                signerIndex: position)
        } catch {
            throw CeremonyError.frost("\(error)")
        }
    }

    static func aggregate(
        shares: [Int: [UInt8]], package: SignPackage, request: SignRequest, group: GroupRecord
    ) throws -> [UInt8] {
        let context = try session(package: package, request: request, group: group).context
        let partials = request.signers.compactMap { shares[$0] }
        guard partials.count == request.signers.count else {
            throw CeremonyError.unexpectedMessage(state: "not every signer's share arrived", message: "aggregate")
        }
        let signature: [UInt8]
        do {
            signature = try BIP445.partialSigAgg(partials, session: context)
        } catch {
            throw CeremonyError.frost("\(error)")
        }
        guard BIP445.verifyBIP340(signature: signature, message: request.message, xOnlyPublicKey: group.groupKey) else {
            throw CeremonyError.frost("the aggregated signature does not verify under BIP 340")
        }
        return signature
    }
}
