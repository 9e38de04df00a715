import Ceremony
import DeterministicCBOR
import Optical
import Sheets
import UniformResources

/// Fills the printed sheets (Sheets layer) from ceremony messages, and the group key's fingerprint people compare.
enum CeremonySheets {
    /// The group key as eight Bytewords (64 bits), read aloud to compare devices, sheets and coordinator.
    static func fingerprint(_ groupKey: [UInt8]) -> String {
        let digest = SHA256.hash(groupKey)
        return Bytewords.identifier(Array(digest[0..<4])) + " " + Bytewords.identifier(Array(digest[4..<8]))
    }

    /// A group's public record as the coordinator knows it (member index 1: the coordinator is no member, and the
    /// index only matters to a device deriving its share). Built from the record's encoding, which checks it.
    static func record(invite: DKGInvite, bundle: DKGBundle, certificate: DKGCertificate) throws -> GroupRecord {
        try GroupRecord(cbor: .map(CBORMap([
            (0, .unsigned(1)), (1, invite.cbor), (2, bundle.cbor), (3, certificate.cbor), (4, .unsigned(1)),
        ])))
    }

    /// The UR parts a sheet prints as QR codes.
    static func parts(_ ur: UR) throws -> [String] {
        var sequence = try FrameSequence(ur: ur, density: .medium)
        return try (0..<sequence.seqLen).map { _ in try sequence.next().part.uppercased() }
    }

    static func invitation(_ invite: DKGInvite) throws -> InvitationSheet {
        InvitationSheet(
            sessionID: Hex.string(invite.session), suite: invite.suite.description, threshold: invite.threshold,
            participantCount: invite.participantCount,
            roster: invite.roster.map { InvitationSheet.Member(name: $0.label, fingerprint: $0.longFingerprint) },
            parametersHash: invite.parametersHash, parametersBytewords: invite.parametersWords,
            invitationParts: try parts(try invite.ur))
    }

    static func result(_ record: GroupRecord) throws -> ResultSheet {
        let key = try record.groupKey
        return ResultSheet(
            sessionID: Hex.string(record.invite.session), suite: record.invite.suite.description,
            threshold: record.invite.threshold, participantCount: record.invite.participantCount, groupPublicKey: key,
            groupKeyFingerprint: fingerprint(key), groupKeyQR: Hex.string(key), verifyingShares: [],
            certificateFingerprint: Bytewords.identifier(Array(SHA256.hash(record.certificate.encoded).prefix(4))),
            devices: record.invite.roster.enumerated().map {
                ResultSheet.DeviceRecovery(device: "\($0 + 1). \($1.label) [\($1.fingerprint)]", parts: [])
            })
    }

    static func signing(_ request: SignRequest, group: GroupRecord, signature: [UInt8]) throws -> SigningSheet {
        SigningSheet(
            sessionID: Hex.string(request.session), summary: request.summary,
            messageDigest: SHA256.hash(request.message),
            groupKeyFingerprint: fingerprint(request.groupKey),
            signers: request.signers.map { group.invite.roster[$0 - 1].description },
            signature: signature, signatureParts: [Hex.string(signature)])
    }
}
