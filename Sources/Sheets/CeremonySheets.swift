import Bitcoin
import Ceremony
import Foundation
import Optical
import UniformResources

/// Fills the three ceremony sheets from the ceremony's own messages, so that what is printed is exactly what the
/// devices and the coordinator hold: the invitation from a `DKGInvite`, the result from the finished DKG (every
/// device's public recovery record), the signing sheet from a `SignRequest` and its signature.
///
/// Only public data goes on a sheet: no host seed, no share, no nonce ever reaches these functions.
public enum CeremonySheets {
    /// The QR version every printed UR part is cut for, at medium error correction (a page gets scuffed).
    /// Version 10 (57 modules) lets three codes stand side by side on A4 or Letter with modules of at least
    /// 2.4 pt (5 pixels at 150 dpi), so a grid needs few codes and a phone still reads each one.
    public static let partVersion = 10

    /// The fingerprint people read aloud and compare for a group key (or a certificate's encoding): the first
    /// 8 bytes of its SHA-256 as Bytewords (two BCR-2020-012 identifiers of 4 words).
    public static func fingerprint(_ bytes: [UInt8]) -> String { DisplayText.fingerprint(bytes) }

    /// The LifeHash the invitation sheet draws and every device shows before it joins: of the parameters hash.
    public static func lifeHash(of invite: DKGInvite) -> RGBImage { LifeHash.image(hash: invite.parametersHash) }

    /// The LifeHash the result sheet draws and every device shows once the key is ready: of the group key.
    public static func lifeHash(groupKey: [UInt8]) -> RGBImage { LifeHash.image(data: groupKey) }

    /// The LifeHash the signing sheet draws and every signer shows before it signs: of the message digest.
    public static func lifeHash(of request: SignRequest) -> RGBImage { LifeHash.image(hash: request.messageDigest) }

    /// The parts a sheet prints for a UR, one QR code each: the single-part UR when it fits one code of
    /// `partVersion`, else the `seqLen` pure fragments of a multipart UR (BCR-2020-005 §"Multipart URs"), which a
    /// decoder takes in any order. Uppercase, so each is encoded in the QR alphanumeric mode.
    /// - Throws: `OpticalError` when the UR type is too long for any fragment at `partVersion`, `URError` from the
    ///   fountain encoder.
    public static func parts(_ ur: UR) throws -> [String] {
        let profile = try FrameProfile(type: ur.type, version: partVersion, ecc: .medium)
        var encoder = try UREncoder(ur, maxFragmentLength: profile.maxFragmentLength)
        return (0..<encoder.seqLen).map { _ in encoder.nextPart().uppercased() }
    }

    /// The invitation sheet of a DKG: parameters, roster with each identity's long fingerprint, the parameters
    /// hash as Bytewords and LifeHash, and the invite (`ur:heliograph-dkg-invite`) as a grid of QR codes.
    public static func invitation(_ invite: DKGInvite) throws -> InvitationSheet {
        InvitationSheet(
            sessionID: SheetText.hex(invite.session), suite: invite.suite.description, threshold: invite.threshold,
            participantCount: invite.participantCount,
            roster: invite.roster.enumerated().map {
                InvitationSheet.Member(name: "\($0 + 1). \($1.label)", fingerprint: $1.longFingerprint)
            },
            parametersHash: invite.parametersHash, parametersBytewords: invite.parametersWords,
            invitationParts: try parts(try invite.ur), groupLabel: invite.groupLabel,
            expiry: DisplayText.utc(invite.expiry), network: invite.network?.rawValue)
    }

    /// The invitation sheet of a share refresh: the group (label, key fingerprint, t of n, the new epoch), what a
    /// refresh does, the parameters LifeHash and words every member's device shows, the roster, the invite's codes.
    public static func invitation(_ invite: RefreshInvite, group: GroupRecord) throws -> InvitationSheet {
        var sheet = InvitationSheet(
            sessionID: SheetText.hex(invite.session), suite: invite.suite.description, threshold: group.invite.threshold,
            participantCount: group.participantCount, roster: members(group.roster),
            parametersHash: invite.parametersHash, parametersBytewords: invite.parametersWords,
            invitationParts: try parts(try invite.ur),
            coordinatorInstructions: [
                "Check the group, its key fingerprint and the new epoch with every member.",
                "Show the invite to every member's device (heliograph group step), then collect their contributions.",
                "Show the bundle, collect the transcript signatures, show the certificate.",
                "Ask for the test signature (sign request --refresh-test) and show it to every device.",
                "Print the new result sheet; it replaces the earlier ones. Tick the boxes and sign.",
            ],
            participantInstructions: [
                "Keep your device offline (airgapped) for the whole ceremony.",
                "Scan the invite; check that your device shows the same group, epoch, LifeHash and words as this sheet.",
                "Your device keeps its old share until it is shown the test signature made with the new shares.",
            ], groupLabel: group.invite.groupLabel, expiry: DisplayText.utc(invite.expiry))
        sheet.title = "Share refresh invitation"
        sheet.purpose = [
            "Every member deals a sharing of zero; each member's share changes and the group key "
                + "(fingerprint \(fingerprint(invite.groupKey))) does not. Old and new shares do not work together. "
                + "New epoch: \(invite.epoch)."
        ]
        return sheet
    }

    /// The invitation sheet of an enrollment: who is replaced (or added), the new device's fingerprint, the helpers,
    /// the new roster, the parameters LifeHash and words, and the invite's codes.
    public static func invitation(_ invite: EnrollmentInvite, group: GroupRecord) throws -> InvitationSheet {
        let roster = invite.roster(after: group.roster)
        let replaced = invite.member <= group.participantCount ? group.roster[invite.member - 1] : nil
        var sheet = InvitationSheet(
            sessionID: SheetText.hex(invite.session), suite: invite.suite.description, threshold: group.invite.threshold,
            participantCount: roster.count, roster: members(roster),
            parametersHash: invite.parametersHash, parametersBytewords: invite.parametersWords,
            invitationParts: try parts(try invite.ur),
            coordinatorInstructions: [
                "Check who is replaced or added, and the new device's fingerprint, with every member.",
                "Show the group's record (group record), then the invite, to the new device; the invite to every member.",
                "Collect the helpers' deltas and show them to the helpers; collect their sigmas; show the bundle to all.",
                "Collect the transcript signatures, show the certificate, then ask for the test signature.",
                "Refresh the shares next: a lost device still holds the share the new device now has.",
            ],
            participantInstructions: [
                "Keep your device offline (airgapped) for the whole ceremony.",
                "Scan the invite; check that your device shows the same roster, helpers, LifeHash and words.",
                "Helpers: scan the deltas bundle and show your sigma. Everyone: scan the bundle and show your signature.",
            ], groupLabel: group.invite.groupLabel, expiry: DisplayText.utc(invite.expiry))
        sheet.title = replaced == nil ? "New member enrollment invitation" : "Repair invitation"
        let newcomer = invite.newcomer.label
        let what: String
        if let replaced {
            what = "The new device \(newcomer) takes the place of member \(invite.member), \(replaced.label), whose share "
                + "is rebuilt"
        } else {
            what = "The new device \(newcomer) joins as member \(invite.member), its share made"
        }
        let helpers = invite.helpers.map { "\($0). \(group.roster[$0 - 1].label)" }.joined(separator: ", ")
        let key = fingerprint(invite.groupKey)
        sheet.purpose = [
            what + " by the helpers \(helpers). The group key (fingerprint \(key)) and the threshold do not change. "
                + "New epoch: \(invite.epoch)."
        ]
        return sheet
    }

    private static func members(_ roster: [Identity]) -> [InvitationSheet.Member] {
        roster.enumerated().map { InvitationSheet.Member(name: "\($0 + 1). \($1.label)", fingerprint: $1.longFingerprint) }
    }

    /// The result sheet of a finished DKG: the group key as the suite shows it (QR, fingerprint, LifeHash; for
    /// secp256k1 the 32-byte BIP 340 x-only key), every device's verifying
    /// share, the certificate's fingerprint and every device's recovery record (`ur:heliograph-dkg-recovery`)
    /// as its own grid of QR codes.
    /// - Throws: `CeremonyError` when the certificate does not verify or the bundle does not check.
    public static func result(invite: DKGInvite, bundle: DKGBundle, certificate: DKGCertificate) throws
        -> ResultSheet
    {
        try result(try GroupRecord.recoveryRecords(invite: invite, bundle: bundle, certificate: certificate)[0])
    }

    /// The result sheet of the group a record belongs to (any member's record will do), at the record's epoch: its
    /// roster and verifying shares now, every member's record (the recovery data after each refresh and enrollment),
    /// and what happened since the key generation.
    public static func result(_ record: GroupRecord) throws -> ResultSheet {
        let invite = record.invite
        let records = record.recoveryRecords
        let group = record.publicResult
        let wallet = try record.wallet.map { wallet in
            ResultSheet.Wallet(
                network: wallet.network.rawValue, descriptor: wallet.descriptor.multipath,
                parts: try parts(try wallet.descriptor.cryptoOutputUR()))
        }
        var history: [String] = []
        for (offset, event) in record.events.enumerated() {
            switch event {
            case .refresh(let refresh):
                history.append(
                    "Epoch \(offset + 1): share refresh (session \(SheetText.hex(Array(refresh.invite.session.prefix(8))))): "
                        + "every member's share changed; the group key did not.")
            case .enrollment(let enrollment):
                let verb = enrollment.invite.member <= invite.participantCount ? "repair" : "new member"
                history.append(
                    "Epoch \(offset + 1): \(verb): \(member(enrollment.invite.member, enrollment.invite.newcomer)) "
                        + "enrolled, its share rebuilt by members "
                        + enrollment.invite.helpers.map(String.init).joined(separator: ", ") + ".")
            }
        }
        return ResultSheet(
            sessionID: SheetText.hex(invite.session), suite: invite.suite.description, threshold: invite.threshold,
            participantCount: record.participantCount, groupPublicKey: record.groupKey,
            groupKeyFingerprint: fingerprint(record.groupKey), groupKeyQR: SheetText.hex(record.groupKey),
            verifyingShares: zip(record.roster, group.verifyingShares).enumerated().map { offset, pair in
                ResultSheet.VerifyingShare(participant: member(offset + 1, pair.0), share: SheetText.hex(pair.1))
            },
            certificateFingerprint: fingerprint(
                record.events.last.map { $0.transcriptHash } ?? record.certificate.encoded),
            devices: try records.map { each in
                ResultSheet.DeviceRecovery(device: member(each.index, record.roster[each.index - 1]), parts: try parts(each.ur))
            }, groupLabel: invite.groupLabel, wallet: wallet, epoch: record.epoch, history: history)
    }

    /// The signing sheet: the request's summary, the SHA-256 of its message (and the message itself when it is
    /// readable text), the signers by roster name, and the aggregated signature (RFC 9591 §5.3) as hex in one QR
    /// code.
    public static func signing(_ request: SignRequest, group: GroupRecord, signature: [UInt8], roundTrips: Int = 2)
        -> SigningSheet
    {
        let roster = group.roster
        return SigningSheet(
            sessionID: SheetText.hex(request.session), summary: request.summary,
            messageDigest: request.messageDigest, groupKeyFingerprint: fingerprint(request.groupKey),
            signers: request.signers.map { roster.indices.contains($0 - 1) ? member($0, roster[$0 - 1]) : "\($0)" },
            signature: signature, messageText: readable(request.message), roundTrips: roundTrips)
    }

    /// The signing sheet of a PSBT session (issue 13): what the devices showed of the transaction (outputs with
    /// addresses and amounts, change, fee and fee rate, network, the inputs signed) as the message text, the PSBT's
    /// SHA-256 digest and its LifeHash (the words each device showed), the signers, each group input's BIP 340
    /// signature in input order, and the signed PSBT itself as `ur:crypto-psbt` codes a watch-only wallet scans off
    /// the paper.
    public static func signing(
        _ request: SignRequest, group: GroupRecord, result: SignResult, signed: PSBT, roundTrips: Int = 2
    ) throws -> SigningSheet {
        var sheet = signing(request, group: group, signature: result.signatures.flatMap { $0 }, roundTrips: roundTrips)
        let plan = try request.signingPlan(wallet: group.wallet)
        var lines = plan?.summary.displayLines ?? []
        if lines.count > maxTransactionLines {
            lines = Array(lines.prefix(maxTransactionLines)) + ["… \(lines.count - maxTransactionLines) more lines"]
        }
        let inputs = plan?.groupInputs.map { "#\($0.index)" }.joined(separator: ", ") ?? ""
        sheet.messageText = (lines + [
            "Signatures below: one per group input (\(inputs)), in that order, 64 bytes each.",
            "The codes hold the signed PSBT (ur:crypto-psbt).",
        ]).joined(separator: "\n")
        sheet.signatureParts = try parts(try signed.ur())
        return sheet
    }

    /// The most transaction lines a PSBT signing sheet prints (each output is a line or two).
    static let maxTransactionLines = 24

    /// Longest message printed as text on a signing sheet; a longer one is known by its digest alone.
    static let maxMessageText = 2000

    /// The message as text when a person can read it: at most `maxMessageText` bytes that
    /// `DisplayText.readableLines` accepts, the same rule the device uses to show it as text.
    static func readable(_ message: [UInt8]) -> String? {
        guard message.count <= maxMessageText else { return nil }
        return DisplayText.readableLines(message)?.joined(separator: "\n")
    }

    /// How a sheet names roster member `index`: its number, label and long fingerprint (as the devices show it).
    static func member(_ index: Int, _ identity: Identity) -> String {
        "\(index). \(identity.label) [\(identity.longFingerprint)]"
    }
}
