import Bitcoin
import FROST
import UniformResources

/// How a suite's group signs, as the few operations `SigningDevice` and `SigningCoordinator` need; `CeremonySuite`
/// names one per suite. Both schemes share the ceremony's messages: a commitment is two group elements (RFC 9591's
/// hiding and binding commitments, or BIP 445's public nonce R1 || R2), a share is one 32-byte scalar, the result a
/// 64-byte signature. Everything around them (the durable nonce store, envelopes, blame) is the same code.
///
/// A request signs one item per nonce pair (`SignRequest.signingItems`): its message, or each group input of its
/// PSBT. Nonces, commitments and shares of several items travel concatenated in item order (stored nonces 64 bytes
/// each, a commitment two elements each, a share 32 bytes each).
protocol SigningScheme {
    /// Fresh secret nonces for `request` and their public commitment (two serialized elements per item), hedged with
    /// the device's secret share. `fixedRandomness` (64 bytes) is only for reproducing the transcripts in
    /// Vectors/ceremony.
    static func freshNonces(
        request: SignRequest, group: GroupRecord, host: HostKey, fixedRandomness: [UInt8]?
    ) throws -> (nonces: SecretBytes, commitment: [UInt8])

    /// `count` fresh secret nonce pairs and their commitments for one-round signing (issue 16), made before any
    /// message is known: RFC 9591 `nonce_generate` hedged with the secret share, or BIP 445 NonceGen with the secret
    /// share, public share and x-only group key and no message. Each is independent CSPRNG output.
    static func preprocessedNonces(group: GroupRecord, host: HostKey, count: Int) throws
        -> [(nonces: SecretBytes, commitment: [UInt8])]

    /// The device's signature shares for `package` (one per item): checks the package and that its own commitment
    /// in it equals `stored` (`ownCommitmentMissing`), then calls `consume` — the durable point after which the
    /// nonces can never sign again — and signs with the nonces it returns.
    static func share(
        package: any SigningCommitmentList, request: SignRequest, group: GroupRecord, host: HostKey, stored: [UInt8],
        consume: () throws -> SecretBytes
    ) throws -> [[UInt8]]

    /// Whether each of signer `sender`'s shares verifies against its public share and commitment (the coordinator
    /// blames the signer when not).
    static func shareVerifies(
        _ shares: [[UInt8]], sender: Int, package: any SigningCommitmentList, request: SignRequest, group: GroupRecord
    ) throws -> Bool

    /// The group signatures (one per item) from every signer's (verified) shares, by roster index.
    static func aggregate(
        shares: [Int: [[UInt8]]], package: any SigningCommitmentList, request: SignRequest, group: GroupRecord
    ) throws -> [[UInt8]]
}

/// RFC 9591 §5 signing in two rounds (Ed25519 and ristretto255 groups).
enum RFC9591Signing<C: Ciphersuite>: SigningScheme {
    /// One nonce pair (RFC 9591 §5.1 commit, hedged with the share), for any message.
    private static func freshNonces(group: GroupRecord, host: HostKey, fixedRandomness: [UInt8]?) throws
        -> (nonces: SecretBytes, commitment: [UInt8])
    {
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

    static func preprocessedNonces(group: GroupRecord, host: HostKey, count: Int) throws
        -> [(nonces: SecretBytes, commitment: [UInt8])]
    {
        try (0..<count).map { _ in try freshNonces(group: group, host: host, fixedRandomness: nil) }
    }

    static func freshNonces(
        request: SignRequest, group: GroupRecord, host: HostKey, fixedRandomness: [UInt8]?
    ) throws -> (nonces: SecretBytes, commitment: [UInt8]) {
        try freshNonces(group: group, host: host, fixedRandomness: fixedRandomness)
    }

    static func share(
        package: any SigningCommitmentList, request: SignRequest, group: GroupRecord, host: HostKey, stored: [UInt8],
        consume: () throws -> SecretBytes
    ) throws -> [[UInt8]] {
        let signingPackage = try package.signingPackage(request: request, roster: group.roster, C.self)
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
            return [
                try Round2.sign(signingPackage: signingPackage, nonces: nonces, keyPackage: material.keyPackage)
                    .serialize()
            ]
        } catch {
            throw CeremonyError.frost("\(error)")
        }
    }

    static func shareVerifies(
        _ shares: [[UInt8]], sender: Int, package: any SigningCommitmentList, request: SignRequest, group: GroupRecord
    ) throws -> Bool {
        guard shares.count == 1, let share = shares.first else { return false }
        let signingPackage = try package.signingPackage(request: request, roster: group.roster, C.self)
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
        shares: [Int: [[UInt8]]], package: any SigningCommitmentList, request: SignRequest, group: GroupRecord
    ) throws -> [[UInt8]] {
        let signingPackage = try package.signingPackage(request: request, roster: group.roster, C.self)
        let publicResult = group.publicResult
        var signatureShares: [Identifier<C>: SignatureShare<C>] = [:]
        var verifyingShares: [Identifier<C>: VerifyingShare<C>] = [:]
        do {
            for (sender, share) in shares {
                guard share.count == 1, let only = share.first else { throw CeremonyError.frost("not one share") }
                signatureShares[try PedPop<C>.identifier(sender)] = try SignatureShare<C>(deserializing: only)
            }
            for index in 1...group.participantCount {
                verifyingShares[try PedPop<C>.identifier(index)] = try VerifyingShare<C>(
                    deserializing: publicResult.verifyingShares[index - 1])
            }
            return [
                try Aggregator.aggregate(
                    signingPackage: signingPackage, signatureShares: signatureShares,
                    publicKeyPackage: PublicKeyPackage<C>(
                        verifyingShares: verifyingShares,
                        verifyingKey: try VerifyingKey<C>(deserializing: publicResult.groupKey),
                        minSigners: group.invite.threshold)
                ).serialize()
            ]
        } catch let error as CeremonyError {
            throw error
        } catch {
            throw CeremonyError.frost("\(error)")
        }
    }
}

/// BIP 445 (version `BIP445.version`) signing for secp256k1 groups, whose key (and each device's share, by
/// ChillDKG's participant_recover) comes from ChillDKG (`ChillDKGKeyGeneration`): NonceGen hedged with the secret share, public
/// share, x-only group key and message; NonceAgg, Sign, PartialSigVerify and PartialSigAgg. The group signature is a
/// BIP 340 signature under the x-only group key, checked with libsecp256k1 before it is returned.
///
/// A PSBT request signs each group input in its own BIP 445 session: the input's sighash (computed by every party
/// from the PSBT) as the message, the input's BIP 32 plain tweaks and BIP 341 x-only tweak applied, its own nonce
/// pair; each input's signature verifies under its Taproot output key.
enum BIP445Signing: SigningScheme {
    typealias C = Secp256k1Sha256

    /// The BIP 445 participant identifier (0..n−1, encoded in 4 bytes by BIP 445) of the ceremony's 1-based roster
    /// index: index − 1. The only place the ceremony maps between the two numberings; it agrees with
    /// `BIP445.identifier(forSignerID:)`, so the DKG's share for roster index i is BIP 445 participant i − 1's.
    static func signerID(rosterIndex: Int) -> Int { rosterIndex - 1 }

    static func freshNonces(
        request: SignRequest, group: GroupRecord, host: HostKey, fixedRandomness: [UInt8]?
    ) throws -> (nonces: SecretBytes, commitment: [UInt8]) {
        let items = try request.signingItems(group: group)
        let share = try ChillDKGKeyGeneration.secretShare(group, host: host)
        let publicShare = group.publicResult.verifyingShares[group.index - 1]
        var secrets: [UInt8] = []
        // Room for every nonce up front: a growing array would free its earlier buffers unwiped.
        secrets.reserveCapacity(64 * items.count)
        defer { wipe(&secrets) }
        var commitment: [UInt8] = []
        do {
            for (position, item) in items.enumerated() {
                let generated: (secretNonce: BIP445SecretNonce, publicNonce: [UInt8])
                if let fixed = fixedRandomness {
                    var shareBytes = share.serializeSecret()
                    defer { wipe(&shareBytes) }
                    // Input 0 keeps the fixed randomness (the transcripts); later inputs hash in their position.
                    let rand =
                        position == 0 ? Array(fixed.prefix(32)) : SHA256.hash(fixed.prefix(32) + [UInt8(position)])
                    generated = try BIP445.nonceGen(
                        rand: rand, secretShare: shareBytes, signerID: signerID(rosterIndex: group.index),
                        publicShare: publicShare, thresholdPublicKeyXOnly: group.groupKey, message: item.message,
                        extraInput: nil)
                } else {
                    generated = try BIP445.nonceGen(
                        secretShare: share, signerID: signerID(rosterIndex: group.index), publicShare: publicShare,
                        thresholdPublicKeyXOnly: group.groupKey, message: item.message, extraInput: nil)
                }
                var secret = generated.secretNonce.serializeSecret()
                defer { wipe(&secret) }
                secrets += secret
                commitment += generated.publicNonce
            }
            return (SecretBytes(secrets), commitment)
        } catch {
            throw CeremonyError.frost("\(error)")
        }
    }

    static func preprocessedNonces(group: GroupRecord, host: HostKey, count: Int) throws
        -> [(nonces: SecretBytes, commitment: [UInt8])]
    {
        let share = try ChillDKGKeyGeneration.secretShare(group, host: host)
        let publicShare = group.publicResult.verifyingShares[group.index - 1]
        do {
            return try (0..<count).map { _ in
                // BIP 445 NonceGen with the message absent: the message is not known yet.
                let generated = try BIP445.nonceGen(
                    secretShare: share, signerID: signerID(rosterIndex: group.index), publicShare: publicShare,
                    thresholdPublicKeyXOnly: group.groupKey, message: nil, extraInput: nil)
                var secret = generated.secretNonce.serializeSecret()
                defer { wipe(&secret) }
                return (SecretBytes(secret), generated.publicNonce)
            }
        } catch {
            throw CeremonyError.frost("\(error)")
        }
    }

    /// One item's session: its public nonces in signer order and its context.
    struct ItemSession {
        let publicNonces: [[UInt8]]
        let context: BIP445SessionContext
    }

    /// The sessions of every item (the package's commitments checked as `SignPackage.checkedCommitments` checks
    /// them: authentic, the request's signers, valid points, one pair per item).
    static func sessions(package: any SigningCommitmentList, request: SignRequest, group: GroupRecord) throws -> [ItemSession] {
        let items = try request.signingItems(group: group)
        let entries = try package.checkedCommitments(
            request: request, roster: group.roster, C.self, count: items.count)
        do {
            return try items.enumerated().map { position, item in
                let publicNonces = entries.map {
                    $0.commitments[position].hiding.serialize() + $0.commitments[position].binding.serialize()
                }
                let context = BIP445SessionContext(
                    participantCount: group.participantCount, threshold: group.invite.threshold,
                    ids: request.signers.map { signerID(rosterIndex: $0) },
                    publicShares: request.signers.map { group.publicResult.verifyingShares[$0 - 1] },
                    thresholdPublicKey: group.publicResult.groupKey,
                    aggregateNonce: try BIP445.nonceAgg(publicNonces), tweaks: item.tweaks.map(\.tweak),
                    isXOnly: item.tweaks.map(\.isXOnly), message: item.message)
                return ItemSession(publicNonces: publicNonces, context: context)
            }
        } catch {
            throw CeremonyError.frost("\(error)")
        }
    }

    static func share(
        package: any SigningCommitmentList, request: SignRequest, group: GroupRecord, host: HostKey, stored: [UInt8],
        consume: () throws -> SecretBytes
    ) throws -> [[UInt8]] {
        let sessions = try sessions(package: package, request: request, group: group)
        guard let position = request.signers.firstIndex(of: group.index),
            sessions.flatMap({ $0.publicNonces[position] }) == stored
        else {
            throw CeremonyError.ownCommitmentMissing(index: group.index)
        }
        let share = try ChillDKGKeyGeneration.secretShare(group, host: host)
        var secret = try consume().exposeSecretBytes()
        defer { wipe(&secret) }
        guard secret.count == 64 * sessions.count else {
            throw CeremonyError.frost("the stored nonces are not one pair per input")
        }
        do {
            return try sessions.enumerated().map { item, session in
                var nonce = Array(secret[(64 * item)..<(64 * item + 64)])
                defer { wipe(&nonce) }
                return try BIP445.sign(
                    secretNonce: try BIP445SecretNonce(deserializingSecret: nonce),
                    secretShare: share, signerID: signerID(rosterIndex: group.index),
                    session: session.context)
            }
        } catch {
            throw CeremonyError.frost("\(error)")
        }
    }

    static func shareVerifies(
        _ shares: [[UInt8]], sender: Int, package: any SigningCommitmentList, request: SignRequest, group: GroupRecord
    ) throws -> Bool {
        let sessions = try sessions(package: package, request: request, group: group)
        guard let position = request.signers.firstIndex(of: sender) else {
            throw CeremonyError.notASigner(index: sender)
        }
        guard shares.count == sessions.count else { return false }
        do {
            for (share, session) in zip(shares, sessions) {
                let context = session.context
                guard let publicShares = context.publicShares,
                    try BIP445.partialSigVerify(
                        partialSignature: share, publicNonces: session.publicNonces,
                        participantCount: context.participantCount, threshold: context.threshold, ids: context.ids,
                        publicShares: publicShares, thresholdPublicKey: context.thresholdPublicKey,
                        tweaks: context.tweaks, isXOnly: context.isXOnly, message: context.message,
                        signerIndex: position)
                else { return false }
            }
            return true
        } catch {
            throw CeremonyError.frost("\(error)")
        }
    }

    static func aggregate(
        shares: [Int: [[UInt8]]], package: any SigningCommitmentList, request: SignRequest, group: GroupRecord
    ) throws -> [[UInt8]] {
        let sessions = try sessions(package: package, request: request, group: group)
        let partials = request.signers.compactMap { shares[$0] }
        guard partials.count == request.signers.count, partials.allSatisfy({ $0.count == sessions.count }) else {
            throw CeremonyError.unexpectedMessage(state: "not every signer's share arrived", message: "aggregate")
        }
        let plan = try request.signingPlan(wallet: group.wallet)
        return try sessions.enumerated().map { item, session in
            let signature: [UInt8]
            do {
                signature = try BIP445.partialSigAgg(partials.map { $0[item] }, session: session.context)
            } catch {
                throw CeremonyError.frost("\(error)")
            }
            let key = plan?.groupInputs[item].outputKey ?? group.groupKey
            guard BIP445.verifyBIP340(signature: signature, message: session.context.message, xOnlyPublicKey: key)
            else {
                throw CeremonyError.frost("the aggregated signature does not verify under BIP 340")
            }
            return signature
        }
    }
}
