import FROST

/// The layout of an SSKR split (BCR-2020-011): how many groups must be recovered, and each group's member
/// threshold and size.
public struct SSKRSpec: Sendable, Equatable {
    /// One group: `threshold` of its `count` members recover the group's secret.
    public struct Group: Sendable, Equatable {
        /// Members needed (1 … count; 1 only for a group of one).
        public let threshold: Int
        /// Members of the group (1 … 16).
        public let count: Int

        /// A group of `count` members, `threshold` of which recover it; checked by `SSKRSpec(groupThreshold:groups:)`.
        public init(threshold: Int, count: Int) {
            self.threshold = threshold
            self.count = count
        }
    }

    /// Groups needed (1 … groups.count).
    public let groupThreshold: Int
    /// The groups, in order (1 … 16).
    public let groups: [Group]

    /// A checked layout. Throws `SSKRError`: `.invalidGroupThreshold`, `.invalidMemberThreshold`,
    /// `.invalidSingletonMember`, `.tooManyShares`. Stricter than the C reference, which accepts thresholds of 0 and
    /// 17 groups or members and then writes shares of uninitialised memory.
    public init(groupThreshold: Int, groups: [Group]) throws(SSKRError) {
        guard groups.count <= Shamir.maxShareCount else { throw .tooManyShares(count: groups.count) }
        guard groupThreshold >= 1, groupThreshold <= groups.count else {
            throw .invalidGroupThreshold(threshold: groupThreshold, groups: groups.count)
        }
        for (index, group) in groups.enumerated() {
            guard group.count <= Shamir.maxShareCount else { throw .tooManyShares(count: group.count) }
            guard group.threshold >= 1, group.threshold <= group.count else {
                throw .invalidMemberThreshold(group: index, threshold: group.threshold, count: group.count)
            }
            guard group.threshold > 1 || group.count == 1 else {
                throw .invalidSingletonMember(group: index, count: group.count)
            }
        }
        self.groupThreshold = groupThreshold
        self.groups = groups
    }

    /// The default backup: one group, 2 of 3.
    public static let twoOfThree = try! SSKRSpec(groupThreshold: 1, groups: [Group(threshold: 2, count: 3)])
}

/// One SSKR share: 5 bytes of metadata and a value as long as the secret (BCR-2020-011 "Share format"):
/// identifier (2 bytes, big-endian), `(groupThreshold − 1) << 4 | (groupCount − 1)`,
/// `groupIndex << 4 | (memberThreshold − 1)`, `memberIndex` (high nibble reserved, zero).
///
/// A share is a piece of a secret: it prints only its position (`description`), never its value.
public struct SSKRShare: Sendable, Equatable, CustomStringConvertible {
    /// The 5 + n bytes of the share.
    public let bytes: [UInt8]

    /// The length of the metadata in front of the value.
    public static let metadataLength = 5
    /// The shortest and longest secret (and so share value) SSKR splits.
    public static let minSecretLength = 16
    public static let maxSecretLength = 32

    /// Parses a share's bytes. Throws `SSKRError`: `.notEnoughSerializedBytes` below 21 bytes,
    /// `.secretTooLong`/`.secretLengthNotEven` for a value of impossible length, `.invalidReservedBits`,
    /// `.invalidGroupThreshold` when it claims more groups needed than exist.
    public init(bytes: [UInt8]) throws(SSKRError) {
        guard bytes.count >= Self.metadataLength + Self.minSecretLength else {
            throw .notEnoughSerializedBytes(count: bytes.count)
        }
        let valueLength = bytes.count - Self.metadataLength
        guard valueLength <= Self.maxSecretLength else { throw .secretTooLong(count: valueLength) }
        guard valueLength % 2 == 0 else { throw .secretLengthNotEven(count: valueLength) }
        guard bytes[4] & 0xf0 == 0 else { throw .invalidReservedBits }
        let (groupThreshold, groupCount) = (Int(bytes[2] >> 4) + 1, Int(bytes[2] & 0x0f) + 1)
        guard groupThreshold <= groupCount else {
            throw .invalidGroupThreshold(threshold: groupThreshold, groups: groupCount)
        }
        self.bytes = bytes
    }

    init(validBytes: [UInt8]) { bytes = validBytes }

    /// The split's identifier: every share of one backup has it.
    public var identifier: UInt16 { UInt16(bytes[0]) << 8 | UInt16(bytes[1]) }
    /// Groups needed to recover.
    public var groupThreshold: Int { Int(bytes[2] >> 4) + 1 }
    /// Groups in the split.
    public var groupCount: Int { Int(bytes[2] & 0x0f) + 1 }
    /// This share's group, from 0.
    public var groupIndex: Int { Int(bytes[3] >> 4) }
    /// Members of this group needed to recover it.
    public var memberThreshold: Int { Int(bytes[3] & 0x0f) + 1 }
    /// This share's member index in its group, from 0.
    public var memberIndex: Int { Int(bytes[4] & 0x0f) }
    /// The value's length, the secret's length.
    public var valueLength: Int { bytes.count - Self.metadataLength }
    var value: [UInt8] { Array(bytes[Self.metadataLength...]) }

    /// Where the share sits, never its value: `SSKR 4bbf group 1/2 (2 of 3), member 2`.
    public var description: String {
        let id = String(identifier, radix: 16)
        let paddedID = String(repeating: "0", count: 4 - id.count) + id
        return "SSKR \(paddedID) group \(groupIndex + 1)/\(groupCount) (\(memberThreshold) of its shares needed), "
            + "member \(memberIndex + 1)"
    }
}

/// Sharded Secret Key Reconstruction (BCR-2020-011): a secret of 16 to 32 bytes (even length) split into groups
/// of Shamir shares, byte for byte as Blockchain Commons' bc-sskr does.
public enum SSKR {
    /// Splits `secret` by `spec`: the shares group by group, member by member. Draws random bytes exactly as
    /// bc-sskr (2 for the identifier, then one split of the secret into group secrets, then one split of each group
    /// secret), so a recorded random stream reproduces the reference's shares. Throws `SSKRError` for a secret of
    /// the wrong length.
    public static func generate<R: SSKRRandomSource>(
        secret: SecretBytes, spec: SSKRSpec, random: inout R
    ) throws(SSKRError) -> [[SSKRShare]] {
        let length = secret.count
        guard length >= SSKRShare.minSecretLength else { throw .secretTooShort(count: length) }
        guard length <= SSKRShare.maxSecretLength else { throw .secretTooLong(count: length) }
        guard length % 2 == 0 else { throw .secretLengthNotEven(count: length) }
        // bc-sskr reads the 2 random bytes into a little-endian uint16 and writes it big-endian.
        let drawn = random.randomBytes(count: 2)
        let identifier = [drawn[1], drawn[0]]
        var plain = secret.exposeSecretBytes()
        var groupSecrets = Shamir.split(
            threshold: spec.groupThreshold, count: spec.groups.count, secret: plain, random: &random)
        wipe(&plain)
        var result: [[SSKRShare]] = []
        for (groupIndex, group) in spec.groups.enumerated() {
            var values = Shamir.split(
                threshold: group.threshold, count: group.count, secret: groupSecrets[groupIndex], random: &random)
            let metadata = identifier + [
                UInt8(spec.groupThreshold - 1) << 4 | UInt8(spec.groups.count - 1),
                UInt8(groupIndex) << 4 | UInt8(group.threshold - 1),
            ]
            result.append(values.indices.map { SSKRShare(validBytes: metadata + [UInt8($0)] + values[$0]) })
            for index in values.indices { wipe(&values[index]) }
        }
        for index in groupSecrets.indices { wipe(&groupSecrets[index]) }
        return result
    }

    /// The secret behind `shares`, in any order. All shares must come from one split (same identifier, layout
    /// and length). Within a group the first `memberThreshold` shares given are used (a surplus share is not
    /// read, as in bc-sskr); groups short of their threshold are skipped when enough complete groups remain
    /// (bc-sskr fails then; bc-sskr-rust and the specification's intent recover), and the first
    /// `groupThreshold` complete groups are used. Throws `SSKRError`.
    public static func combine(_ shares: [SSKRShare]) throws(SSKRError) -> SecretBytes {
        guard let first = shares.first else { throw .emptyShareSet }
        guard shares.count <= Shamir.maxShareCount * Shamir.maxShareCount else {
            throw .tooManyShares(count: shares.count)
        }
        var groupOrder: [Int] = []
        var members: [Int: [SSKRShare]] = [:]
        for (index, share) in shares.enumerated() {
            guard share.identifier == first.identifier, share.groupThreshold == first.groupThreshold,
                share.groupCount == first.groupCount, share.valueLength == first.valueLength,
                share.groupIndex < share.groupCount
            else { throw .invalidShareSet(index: index) }
            if let existing = members[share.groupIndex] {
                guard existing[0].memberThreshold == share.memberThreshold else {
                    throw .invalidMemberThreshold(
                        group: share.groupIndex, threshold: share.memberThreshold, count: existing.count + 1)
                }
                guard !existing.contains(where: { $0.memberIndex == share.memberIndex }) else {
                    throw .duplicateMemberIndex(group: share.groupIndex, member: share.memberIndex)
                }
                members[share.groupIndex]!.append(share)
            } else {
                groupOrder.append(share.groupIndex)
                members[share.groupIndex] = [share]
            }
        }
        guard groupOrder.count >= first.groupThreshold else {
            throw .notEnoughGroups(have: groupOrder.count, need: first.groupThreshold)
        }
        let complete = groupOrder.filter { members[$0]!.count >= members[$0]![0].memberThreshold }
        guard complete.count >= first.groupThreshold else {
            let short = groupOrder.first { !complete.contains($0) }!
            throw .notEnoughMemberShares(
                group: short, have: members[short]!.count, need: members[short]![0].memberThreshold)
        }
        var groupIndices: [UInt8] = []
        var groupSecrets: [[UInt8]] = []
        defer { for index in groupSecrets.indices { wipe(&groupSecrets[index]) } }
        for group in complete.prefix(first.groupThreshold) {
            let used = members[group]!.prefix(members[group]![0].memberThreshold)
            var values = used.map(\.value)
            defer { for index in values.indices { wipe(&values[index]) } }
            groupSecrets.append(
                try Shamir.recover(
                    threshold: used.count, xs: used.map { UInt8($0.memberIndex) }, shares: values))
            groupIndices.append(UInt8(group))
        }
        var secret = try Shamir.recover(threshold: first.groupThreshold, xs: groupIndices, shares: groupSecrets)
        defer { wipe(&secret) }
        return SecretBytes(secret)
    }
}
