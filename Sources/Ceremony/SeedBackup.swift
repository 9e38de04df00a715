import DeterministicCBOR
import FROST
import SSKR
import UniformResources

/// Backing a device up as SSKR shares of its host seed (BCR-2020-011, as Collaborative Seed Recovery does), and
/// restoring it from enough of them plus the public recovery record of each group it held.
///
/// Only the 32-byte host seed is split: every key of the device (identity, agreement key, each group's share)
/// derives from it or is re-derived from the seed and the group's public record. Nonces and signing state are
/// never part of a backup: a restored device starts with none.
public enum SeedBackup {
    /// The SSKR shares of the device's host seed under `spec`, group by group, member by member. They are secret
    /// in quorum: show them only to the people who keep them.
    public static func shares<R: SSKRRandomSource>(
        of device: DeviceDirectory, spec: SSKRSpec, random: inout R
    ) throws -> [[SSKRShare]] {
        try SSKR.generate(secret: device.host.seed, spec: spec, random: &random)
    }

    /// `ur:seed` (BCR-2020-006: `{1: seed}`) of the whole host seed, for a person who explicitly asks for a
    /// single-code backup; the caller must keep it from logs.
    public static func wholeSeedUR(of device: DeviceDirectory) throws -> UR {
        var seed = device.host.seed.exposeSecretBytes()
        defer { wipe(&seed) }
        var cbor = CBOR.map(CBORMap([(1, .bytes(seed))])).encoded
        defer { wipe(&cbor) }
        return try UR(type: "seed", cbor: cbor)
    }

    /// The host seed behind `shares` (any order): SSKR's errors name a share of another backup, a duplicate, a
    /// group with too few shares, and a damaged share. Throws `CeremonyError.invalidLength` when the shares hold a
    /// secret that is not a 32-byte host seed.
    public static func seed(from shares: [SSKRShare]) throws -> SecretBytes {
        let seed = try SSKR.combine(shares)
        guard seed.count == HostKey.seedCount else {
            throw CeremonyError.invalidLength(field: "host seed", expected: HostKey.seedCount, got: seed.count)
        }
        return seed
    }

    /// Rebuilds a device in a new state directory from enough SSKR shares of its host seed and the recovery
    /// records of the groups it should hold: each group's share is re-derived from the seed and checked against
    /// the group's certificate before it is kept (`DeviceDirectory.restore`). The device starts with no nonce, and
    /// remembers `now` as its restore time: it commits only in signing requests that expire at least its expiry
    /// horizon after it (`SigningDevice.check`), which its lost self can never have committed in.
    ///
    /// A record printed for another member of the same group serves too (the records differ only in the member
    /// they name): the seed's own place on the roster is used. The label comes from the roster when `label` is
    /// nil, and must match it otherwise, so that the identity and its fingerprint come back unchanged. Throws
    /// SSKR's errors, `CeremonyError.keyNotUsable` when the seed's device is on no roster of a record given, and
    /// `invalidLabel` for a label the roster does not give.
    public static func restore(
        shares: [SSKRShare], label: String?, records: [GroupRecord], at path: String, passphrase: [UInt8],
        parameters: KDFParameters = .moderate, now: UInt64
    ) throws -> DeviceDirectory {
        let seed = try seed(from: shares)
        let signingKey = try HostKey(seed: seed, label: "restoring").identity.signingKey
        var own: [GroupRecord] = []
        var rosterLabel: String?
        for record in records where !own.contains(where: { $0.invite.session == record.invite.session }) {
            guard let position = record.roster.firstIndex(where: { $0.signingKey == signingKey }) else {
                throw CeremonyError.keyNotUsable(
                    reason: "these shares rebuild a device that is not on the roster of group "
                        + "\"\(record.invite.groupLabel)\"")
            }
            rosterLabel = rosterLabel ?? record.roster[position].label
            own.append(position + 1 == record.index ? record : record.forMember(position + 1))
        }
        if let label, let rosterLabel, label != rosterLabel {
            throw CeremonyError.invalidLabel(
                reason: "the group's roster names this device \"\(rosterLabel)\"; restore it under that label")
        }
        guard let chosen = label ?? rosterLabel else {
            throw CeremonyError.invalidLabel(reason: "with no group record to take it from, give the device's label")
        }
        let backup = DeviceBackup(seed: seed, label: chosen, groups: own)
        return try DeviceDirectory.restore(
            backup, at: path, passphrase: passphrase, parameters: parameters, restoredAt: now)
    }
}

/// What a restore has gathered: SSKR shares of the host seed and the groups' recovery records, from scanned URs
/// and typed text in any order.
public struct RestoreInput: Sendable {
    /// The shares, in the order given.
    public private(set) var shares: [SSKRShare] = []
    /// The recovery records, one per group, in the order given.
    public private(set) var records: [GroupRecord] = []

    /// Nothing gathered yet.
    public init() {}

    /// Takes a scanned UR: `ur:sskr` is a share, `ur:heliograph-dkg-recovery` a group's record (a record scanned
    /// twice is kept once). Throws `CeremonyError.wrongURType` for any other type, and the share's or record's
    /// decoding errors.
    public mutating func add(_ ur: UR) throws {
        switch ur.type {
        case "sskr": shares.append(try SSKRShare(text: ur.string))
        case GroupRecord.urType:
            let record = try GroupRecord(ur: ur)
            if !records.contains(where: { $0.cbor == record.cbor }) { records.append(record) }
        default: throw CeremonyError.wrongURType(expected: "sskr or \(GroupRecord.urType)", got: ur.type)
        }
    }

    /// Takes a share typed or pasted as text (standard or minimal Bytewords, or `ur:sskr/…`).
    public mutating func add(shareText text: String) throws {
        shares.append(try SSKRShare(text: text))
    }
}
