import DeterministicCBOR

/// The most bytes and CBOR items one encoded message of a type can hold, worked out from the protocol's own bounds
/// (n ≤ `CeremonyProtocol.maxParticipants`, t ≤ n, a sign request's message ≤ `SignRequest.maxMessageBytes` and
/// summary ≤ 1,024 bytes) so that every legitimate message decodes and nothing much larger is parsed.
///
/// Items are what the dCBOR decoder counts: every head (a map, each key, each value, an array and each element).
/// Bytes assume the longest head each count or index can take at n ≤ 64 (two bytes from 24 on), so a bound is
/// exact for the largest message, up to one byte for each sender index below 24.
public struct MessageBounds: Sendable, Equatable, CustomStringConvertible {
    /// The most bytes of the encoding; checked before parsing.
    public let maxBytes: Int
    /// The most CBOR items the decoder reads before it refuses the message.
    public let maxItems: Int

    /// Bounds of `maxBytes` bytes and `maxItems` items.
    public init(maxBytes: Int, maxItems: Int) {
        self.maxBytes = maxBytes
        self.maxItems = maxItems
    }

    /// The deepest nesting of any message (a group record: record → invite → roster → identity → field is 5).
    public static let maxDepth = 8

    /// The decoder's limits for these bounds: no string or array longer than the message may be.
    public var cborLimits: CBORLimits {
        CBORLimits(maxDepth: MessageBounds.maxDepth, maxLength: maxBytes, maxItems: maxItems)
    }

    /// The bounds as a person reads them, e.g. `9083 bytes, 591 items`.
    public var description: String { "\(maxBytes) bytes, \(maxItems) items" }

    // The formulas, one per message type (CDDL in Vectors/ceremony/REGISTRY.md). `n` is the roster size, `t` the
    // threshold, `s` the number of signers. The fixed parts add up the map head, its keys and the fixed-size values
    // (version 1 byte, session and hashes 34, signatures 66, a roster index or count at most 2). Group elements are
    // counted at the largest suite's size, 35 (secp256k1's 33 bytes and a 2-byte head).

    /// An identity (version 2): map 1 + 5 keys + version 1 + label 2 + 64 + two keys of 34 + the ChillDKG host
    /// key 35 → 176 bytes; 11 items.
    public static let identity = MessageBounds(maxBytes: 176, maxItems: 11)

    /// A DKG invite: 125 + 176n bytes (fixed 125: map, 8 keys, version, session, suite, threshold, roster head,
    /// label 66, expiry 9, network 1); 17 + 11n items (an identity is 11).
    public static func invite(n: Int) -> MessageBounds {
        MessageBounds(maxBytes: 125 + 176 * n, maxItems: 17 + 11 * n)
    }

    /// A device envelope around a payload of `payload` bytes and `items` items: 146 bytes and 14 items besides.
    static func envelope(payloadBytes: Int, payloadItems: Int) -> MessageBounds {
        MessageBounds(maxBytes: 146 + payloadBytes, maxItems: 14 + payloadItems)
    }

    /// A DKG contribution (envelope): 321 + 34t + 34n bytes (core 201, t − 1 higher commitments and n encrypted
    /// shares of 34); 24 + t + n items.
    public static func contribution(n: Int, t: Int) -> MessageBounds {
        envelope(payloadBytes: 176 + 35 * t + 34 * n, payloadItems: 10 + t + n)
    }

    /// A transcript signature (envelope with one 32-byte hash, or ChillDKG's 64-byte CertEq signature): 214 bytes,
    /// 17 items.
    public static let transcriptSignature = envelope(payloadBytes: 68, payloadItems: 3)

    /// A complaint (envelope with one 32-byte hash): 182 bytes, 17 items.
    public static let complaint = envelope(payloadBytes: 36, payloadItems: 3)

    /// A signing commitment: one pair of elements is 219 bytes and 19 items; a PSBT session's list of
    /// k = `SignRequest.maxSigningInputs` public nonces of 66 bytes (head 2) is map 1 + key 1 + array head 2 + 68k
    /// bytes, 3 + k items, in the envelope: 2326 bytes, 49 items.
    public static let signCommitment = envelope(
        payloadBytes: max(73, 4 + 68 * SignRequest.maxSigningInputs),
        payloadItems: max(5, 3 + SignRequest.maxSigningInputs))

    /// A signature share: one share and the package hash is 217 bytes and 19 items; a PSBT session's list of k
    /// shares (34 bytes each, array head 2) beside the hash is 39 + 34k bytes, 5 + k items, in the envelope: 1273
    /// bytes, 51 items.
    public static let signShare = envelope(
        payloadBytes: max(71, 39 + 34 * SignRequest.maxSigningInputs),
        payloadItems: max(5, 5 + SignRequest.maxSigningInputs))

    /// A DKG bundle: 48 + 235n + 34t bytes (n cores of 201 and n summed shares of 34, t − 1 summed higher
    /// commitments of 34); 12 + 6n + t items.
    public static func bundle(n: Int, t: Int) -> MessageBounds {
        MessageBounds(maxBytes: 47 + 237 * n + 35 * t, maxItems: 12 + 6 * n + t)
    }

    /// A DKG investigation: 79 + n · contribution bytes, 11 + n · contribution items (the n contributions whole).
    public static func investigation(n: Int, t: Int) -> MessageBounds {
        let each = contribution(n: n, t: t)
        return MessageBounds(maxBytes: 79 + n * each.maxBytes, maxItems: 11 + n * each.maxItems)
    }

    /// A DKG certificate: 76 + 66n bytes (n signatures of 66); 9 + n items.
    public static func certificate(n: Int) -> MessageBounds {
        MessageBounds(maxBytes: 76 + 66 * n, maxItems: 9 + n)
    }

    /// A group (recovery) record: 9 bytes and 8 items around an invite, a bundle and a certificate
    /// (257 + 443n + 35t bytes, 46 + 16n + t items), then the key and list head of up to `GroupRecord.maxRefreshes`
    /// refresh or enrollment records, each counted as the larger of the two (2 bytes and 2 items besides them).
    public static func groupRecord(n: Int, t: Int) -> MessageBounds {
        let parts = [invite(n: n), bundle(n: n, t: t), certificate(n: n)]
        let refresh = refreshRecord(n: n, t: t)
        let enrollment = enrollmentRecord(n: n, h: min(t, maxHelpers))
        let event = MessageBounds(
            maxBytes: max(refresh.maxBytes, enrollment.maxBytes), maxItems: max(refresh.maxItems, enrollment.maxItems))
        return MessageBounds(
            maxBytes: 9 + parts.map(\.maxBytes).reduce(0, +) + 2 + GroupRecord.maxRefreshes * event.maxBytes,
            maxItems: 8 + parts.map(\.maxItems).reduce(0, +) + 2 + GroupRecord.maxRefreshes * event.maxItems)
    }

    /// A sign request: 98 + m + 1,024 + 2s bytes for a message of m = `SignRequest.maxMessageBytes` bytes (its head
    /// 5 bytes), a summary of 1,024 (head 3) and s signer indices of at most 2; 17 + s items. A PSBT of m bytes
    /// instead of the message adds its key (1 byte) and leaves the message empty (head 1): 2 bytes, 2 items more; an
    /// epoch (key 9) 2 bytes and 2 items more.
    public static func signRequest(s: Int) -> MessageBounds {
        MessageBounds(maxBytes: 102 + SignRequest.maxMessageBytes + 1024 + 2 * s, maxItems: 21 + s)
    }

    /// A signing package: 76 + 217s bytes (s commitment envelopes); 9 + 19s items.
    public static func signPackage(s: Int) -> MessageBounds {
        MessageBounds(maxBytes: 76 + s * signCommitment.maxBytes, maxItems: 9 + s * signCommitment.maxItems)
    }

    /// A sign result: map 1 + 4 keys + version 1 + session 34 + params 34 + signature 66 → 140 bytes; 9 items. A PSBT
    /// session's list of k = `SignRequest.maxSigningInputs` signatures: 74 + 2 + 66k bytes, 9 + k items.
    public static let signResult = MessageBounds(
        maxBytes: 76 + 66 * SignRequest.maxSigningInputs, maxItems: 9 + SignRequest.maxSigningInputs)

    /// A nonce batch (issue 16): 64 commitments of 66 bytes (head 2) and 64 signatures of 64 (head 2), each list's
    /// head 2, the map head, three keys and the issue time (9): 8593 bytes, 135 items; in the envelope 8739 bytes,
    /// 149 items.
    public static let nonceBatch = envelope(
        payloadBytes: 17 + NonceBatchPayload.maxCount * (68 + 66), payloadItems: 7 + 2 * NonceBatchPayload.maxCount)

    /// One signer's entry of a one-round package at k = `SignRequest.maxSigningInputs` items: map 1, five keys,
    /// sender 2, batch 34, three list heads of 2, k indices of 2, k commitments of 68, k signatures of 66 → 4400
    /// bytes; 11 + 3k = 107 items.
    static let oneRoundEntry = MessageBounds(
        maxBytes: 48 + SignRequest.maxSigningInputs * (2 + 68 + 66), maxItems: 11 + 3 * SignRequest.maxSigningInputs)

    /// A one-round package: the request and s entries, with the map head, three keys, the version and the entries'
    /// list head: 7 + request + 4400s bytes, 6 + request + 107s items.
    public static func signOneRound(s: Int) -> MessageBounds {
        let request = signRequest(s: s)
        return MessageBounds(
            maxBytes: 7 + request.maxBytes + s * oneRoundEntry.maxBytes,
            maxItems: 6 + request.maxItems + s * oneRoundEntry.maxItems)
    }

    /// A refresh invite: map 1 + 7 keys + version 1 + session 34 + suite 1 + group key 34 + epoch 1 + history 34 +
    /// expiry 9 → 122 bytes; 15 items.
    public static let refreshInvite = MessageBounds(maxBytes: 122, maxItems: 15)

    /// A refresh contribution (envelope): map 1, three keys, t − 1 elements of 35 and n padded shares of 34 (each
    /// list head 2), the ephemeral key 34 → 7 + 35t + 34n bytes of payload; 6 + t + n items.
    public static func refreshContribution(n: Int, t: Int) -> MessageBounds {
        envelope(payloadBytes: 7 + 35 * t + 34 * n, payloadItems: 6 + t + n)
    }

    /// A refresh bundle: 76 bytes and 9 items around n contributions.
    public static func refreshBundle(n: Int, t: Int) -> MessageBounds {
        let each = refreshContribution(n: n, t: t)
        return MessageBounds(maxBytes: 76 + n * each.maxBytes, maxItems: 9 + n * each.maxItems)
    }

    /// A refresh certificate: as a DKG certificate.
    public static func refreshCertificate(n: Int) -> MessageBounds { certificate(n: n) }

    /// A refresh record inside a group record: map 1, four keys, the kind 1, the invite (122), the sums (map 1, three
    /// keys, three list heads of 2, t − 1 elements of 35, n ephemeral keys and n shares of 34) and n signatures of 66
    /// (list head 2): 105 + 35t + 134n bytes; 28 + t + 3n items.
    static func refreshRecord(n: Int, t: Int) -> MessageBounds {
        MessageBounds(maxBytes: 105 + 35 * t + 134 * n, maxItems: 28 + t + 3 * n)
    }

    /// The most helpers an enrollment has (exactly t of the other members, so at most n − 1 = 63).
    static let maxHelpers = CeremonyProtocol.maxParticipants - 1

    /// An enrollment invite: map 1, ten keys, version 1, session, group key and history 34 each, suite and epoch 1,
    /// expiry 9, member 2, the newcomer's identity 176 and h helper indices of 2 (list head 2): 255 + 2h bytes;
    /// 31 + h items.
    public static func enrollInvite(h: Int) -> MessageBounds {
        MessageBounds(maxBytes: 305 + 2 * h, maxItems: 31 + h)
    }

    /// A helper's deltas (envelope): map 1, three keys, the ephemeral key 34, h commitments of 35 and h padded deltas
    /// of 34 (list heads 2): 42 + 69h bytes of payload; 7 + 2h items.
    public static func enrollDeltas(h: Int) -> MessageBounds {
        envelope(payloadBytes: 42 + 69 * h, payloadItems: 7 + 2 * h)
    }

    /// A helper's sigma (envelope): map 1, three keys, three values of 34: 106 bytes of payload, 7 items.
    public static let enrollSigma = envelope(payloadBytes: 106, payloadItems: 7)

    /// An enrollment bundle: 79 bytes and 11 items around h deltas and h sigmas.
    public static func enrollBundle(h: Int) -> MessageBounds {
        let deltas = enrollDeltas(h: h)
        return MessageBounds(
            maxBytes: 79 + h * (deltas.maxBytes + enrollSigma.maxBytes),
            maxItems: 11 + h * (deltas.maxItems + enrollSigma.maxItems))
    }

    /// An enrollment record inside a group record: map 1, four keys, the kind 1, the invite, the sums (map 1, three
    /// keys, three list heads of 2, h elements of 35, 2h values of 34) and n signatures of 66 (list head 2).
    static func enrollmentRecord(n: Int, h: Int) -> MessageBounds {
        let invite = enrollInvite(h: h)
        return MessageBounds(
            maxBytes: 6 + invite.maxBytes + 10 + 103 * h + 2 + 66 * n, maxItems: 6 + invite.maxItems + 7 + 3 * h + 1 + n)
    }

    /// What is decoded under these rules but is not a message (a nonce record): the limits every message had
    /// before they were sized per type.
    public static let general = MessageBounds(maxBytes: 256 * 1024, maxItems: 8192)
}

extension CeremonyProtocol {
    /// The bounds of each message type, by UR type, at n = t = s = `maxParticipants` (the round's UR type for a
    /// device envelope). Unknown names get `MessageBounds.general`.
    public static func bounds(of urType: String) -> MessageBounds {
        let n = maxParticipants
        switch urType {
        case Identity.urType: return .identity
        case DKGInvite.urType: return .invite(n: n)
        case Round.dkgContribution.urType, envelopeName: return .contribution(n: n, t: n)
        case Round.dkgTranscriptSignature.urType: return .transcriptSignature
        case Round.dkgComplaint.urType: return .complaint
        case Round.signCommitment.urType: return .signCommitment
        case Round.signShare.urType: return .signShare
        case Round.nonceBatch.urType: return .nonceBatch
        case SignOneRound.urType: return .signOneRound(s: n)
        case DKGBundle.urType: return .bundle(n: n, t: n)
        case DKGInvestigation.urType: return .investigation(n: n, t: n)
        case DKGCertificate.urType: return .certificate(n: n)
        case GroupRecord.urType: return .groupRecord(n: n, t: n)
        case SignRequest.urType: return .signRequest(s: n)
        case SignPackage.urType: return .signPackage(s: n)
        case SignResult.urType: return .signResult
        case RefreshInvite.urType: return .refreshInvite
        case Round.refreshContribution.urType: return .refreshContribution(n: n, t: n)
        case Round.refreshTranscriptSignature.urType: return .transcriptSignature
        case RefreshBundle.urType: return .refreshBundle(n: n, t: n)
        case RefreshCertificate.urType: return .refreshCertificate(n: n)
        case EnrollmentInvite.urType: return .enrollInvite(h: MessageBounds.maxHelpers)
        case Round.enrollDeltas.urType: return .enrollDeltas(h: MessageBounds.maxHelpers)
        case Round.enrollSigma.urType: return .enrollSigma
        case Round.enrollTranscriptSignature.urType: return .transcriptSignature
        case EnrollmentBundle.urType: return .enrollBundle(h: MessageBounds.maxHelpers)
        case EnrollmentCertificate.urType: return .certificate(n: n)
        default: return .general
        }
    }

    /// Every message type, by UR type (`envelopeName` stands for a device envelope of a round not yet known).
    public static var messageTypes: [String] {
        [
            Identity.urType, DKGInvite.urType, DKGBundle.urType, DKGInvestigation.urType, DKGCertificate.urType,
            GroupRecord.urType, SignRequest.urType, SignPackage.urType, SignResult.urType, SignOneRound.urType,
            RefreshInvite.urType, RefreshBundle.urType, RefreshCertificate.urType, EnrollmentInvite.urType,
            EnrollmentBundle.urType, EnrollmentCertificate.urType, envelopeName,
        ] + Round.allCases.map(\.urType)
    }

    /// The name a device envelope is decoded under before its round is known; it gets the largest round's bounds.
    static let envelopeName = "device message"
}
