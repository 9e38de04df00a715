/// EncPedPop (ChillDKG §"DKG Protocol EncPedPop"): SimplPedPop whose secret shares travel through the coordinator
/// encrypted, each added to a pad from a multi-recipient "hashed ElGamal" KEM between the sender's encryption nonce and
/// the recipient's host key. The encryption is additively homomorphic, so the coordinator can sum the encrypted shares.
extension ChillDKG {
    /// serialize_enc_context: bytes(4, t) || the host public keys.
    static func encryptionContext(t: Int, hostPublicKeys: [[UInt8]]) -> [UInt8] {
        bytes4(t) + hostPublicKeys.flatMap { $0 }
    }

    /// EncPedPop participant message length: SimplPedPop's, a 33-byte public nonce and n encrypted shares.
    static func encParticipantMessageLength(t: Int, n: Int) -> Int { simplParticipantMessageLength(t: t) + 33 + 32 * n }

    /// ecdh(seckey, my_pubkey, their_pubkey, context, sending): the scalar (wrapped mod n) of
    /// hash_{BIP DKG/encpedpop ecdh}(SHA256(compressed [seckey]their) || sender's key || recipient's key || context).
    /// Nil when `theirPublicKey` is not a valid compressed point.
    static func ecdhPad(secretKey: SecretBytes, myPublicKey: [UInt8], theirPublicKey: [UInt8], context: [UInt8],
                        sending: Bool) -> SecretScalar<K>? {
        guard var shared = LibSecp256k1.ecdhSHA256(secretScalar: secretKey, point: theirPublicKey) else { return nil }
        let keys = sending ? [myPublicKey, theirPublicKey] : [theirPublicKey, myPublicKey]
        var hash = dkgHash("encpedpop ecdh", [shared] + keys + [context])
        var pad = K.reduce(bigEndian: hash)
        wipe(&shared)
        wipe(&hash)
        return SecretScalar(consuming: &pad)
    }

    /// self_pad: the pad for the share a participant encrypts to itself, hash_{BIP DKG/encaps_multi self_pad}(
    /// host secret key || pubnonce || context) wrapped mod n, which saves the ECDH.
    static func selfPad(symmetricKey: SecretBytes, pubnonce: [UInt8], context: [UInt8]) -> SecretScalar<K> {
        var hash = secretDKGHash("encaps_multi self_pad", secrets: [symmetricKey], [pubnonce, context])
            .exposeSecretBytes()
        var pad = K.reduce(bigEndian: hash)
        wipe(&hash)
        return SecretScalar(consuming: &pad)
    }

    /// encaps_multi: the sender's pad for each recipient i, with context bytes(4, i) || enc_context.
    static func encapsulate(secretNonce: SecretBytes, pubnonce: [UInt8], hostSecretKey: SecretBytes,
                            hostPublicKeys: [[UInt8]], context: [UInt8], participantID: Int) throws
        -> [SecretScalar<K>] {
        try hostPublicKeys.enumerated().map { i, hostPublicKey in
            let recipientContext = bytes4(i) + context
            if i == participantID {
                return selfPad(symmetricKey: hostSecretKey, pubnonce: pubnonce, context: recipientContext)
            }
            // The host public keys were validated with the session parameters.
            guard let pad = ecdhPad(secretKey: secretNonce, myPublicKey: pubnonce, theirPublicKey: hostPublicKey,
                                    context: recipientContext, sending: true)
            else { throw ChillDKGError.invalidHostPublicKey(participant: i) }
            return pad
        }
    }

    /// decaps_multi: the recipient's pad from each sender, with context bytes(4, own id) || enc_context. A
    /// sender's public nonce that is not a point blames that sender (or the coordinator, who relayed it).
    static func decapsulate(hostSecretKey: SecretBytes, hostPublicKey: [UInt8], pubnonces: [[UInt8]],
                            context: [UInt8], participantID: Int) throws -> [SecretScalar<K>] {
        let recipientContext = bytes4(participantID) + context
        return try pubnonces.enumerated().map { sender, pubnonce in
            if sender == participantID {
                return selfPad(symmetricKey: hostSecretKey, pubnonce: pubnonce, context: recipientContext)
            }
            guard let pad = ecdhPad(secretKey: hostSecretKey, myPublicKey: hostPublicKey, theirPublicKey: pubnonce,
                                    context: recipientContext, sending: false)
            else {
                throw ChillDKGError.faultyParticipantOrCoordinator(participant: sender, reason: "invalid public nonce")
            }
            return pad
        }
    }

    /// Σ pads, a secret.
    static func sum(_ values: [SecretScalar<K>]) -> SecretScalar<K> {
        var total = Scalar<K>.zero
        for value in values {
            var next = value.withScalar { total + $0 }
            total.zeroize()
            total = next
            next.zeroize()
        }
        return SecretScalar(consuming: &total)
    }

    /// decrypt_sum: the summed encrypted share minus every sender's pad.
    static func decryptSum(_ encrypted: Scalar<K>, pads: [SecretScalar<K>]) -> SecretScalar<K> {
        var plain = sum(pads).withScalar { encrypted - $0 }
        return SecretScalar(consuming: &plain)
    }

    /// A parsed EncPedPop (ChillDKG round 1) participant message.
    struct EncParticipantMessage {
        var commitment: VSSCommitment
        var pop: [UInt8]
        var pubnonce: [UInt8]
        var encryptedShares: [Scalar<K>]

        /// ParticipantMsg1.from_bytes: the length is a structural error; an invalid commitment point or an
        /// encrypted share ≥ n blames the sender (`faultyParticipant`), as only the coordinator parses these.
        static func parse(_ bytes: [UInt8], t: Int, n: Int, sender: Int) throws -> EncParticipantMessage {
            let length = encParticipantMessageLength(t: t, n: n)
            guard bytes.count == length else {
                throw ChillDKGError.wrongLength(what: "participant \(sender)'s first message", expected: length,
                                                actual: bytes.count)
            }
            guard let simpl = parseSimplParticipantMessage(bytes[...], t: t) else {
                throw ChillDKGError.faultyParticipant(participant: sender, reason: "invalid VSS commitment")
            }
            let nonceStart = simplParticipantMessageLength(t: t)
            var shares: [Scalar<K>] = []
            for i in 0..<n {
                let start = nonceStart + 33 + 32 * i
                guard let share = BIP445.scalarChecked(Array(bytes[start..<(start + 32)])) else {
                    throw ChillDKGError.faultyParticipant(participant: sender, reason: "invalid encrypted secret share")
                }
                shares.append(share)
            }
            return EncParticipantMessage(commitment: simpl.commitment, pop: simpl.pop,
                                         pubnonce: Array(bytes[nonceStart..<(nonceStart + 33)]),
                                         encryptedShares: shares)
        }
    }
}
