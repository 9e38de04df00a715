import UniformResources

/// Why an SSKR split, share or recovery was refused (BCR-2020-011). The first cases carry the names of the C
/// reference's error codes (bc-sskr `SSKR_ERROR_*`, bc-shamir `SHAMIR_ERROR_*`) so a refusal can be held against it;
/// the rest are about the text a share travels in.
public enum SSKRError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A share shorter than its 5 metadata bytes plus a 16-byte value (`SSKR_ERROR_NOT_ENOUGH_SERIALIZED_BYTES`).
    case notEnoughSerializedBytes(count: Int)
    /// A secret shorter than 16 bytes (`SSKR_ERROR_SECRET_TOO_SHORT`).
    case secretTooShort(count: Int)
    /// A secret longer than 32 bytes (`SSKR_ERROR_SECRET_TOO_LONG`).
    case secretTooLong(count: Int)
    /// A secret of odd length (`SSKR_ERROR_SECRET_LENGTH_NOT_EVEN`).
    case secretLengthNotEven(count: Int)
    /// A group threshold below 1 or above the number of groups (`SSKR_ERROR_INVALID_GROUP_THRESHOLD`).
    case invalidGroupThreshold(threshold: Int, groups: Int)
    /// A member threshold below 1 or above the group's size, or members of one group that disagree about it
    /// (`SSKR_ERROR_INVALID_MEMBER_THRESHOLD`).
    case invalidMemberThreshold(group: Int, threshold: Int, count: Int)
    /// A 1-of-n group with n > 1 (`SSKR_ERROR_INVALID_SINGLETON_MEMBER`): every share would be the group secret.
    case invalidSingletonMember(group: Int, count: Int)
    /// More than 16 groups or more than 16 members in a group, which the 4-bit fields cannot name
    /// (`SHAMIR_ERROR_TOO_MANY_SHARES`; the C reference wraps them silently).
    case tooManyShares(count: Int)
    /// A share whose reserved bits (the high nibble of its member byte) are not zero
    /// (`SSKR_ERROR_INVALID_RESERVED_BITS`).
    case invalidReservedBits
    /// A share of another split, or of another layout or length, than the first one given
    /// (`SSKR_ERROR_INVALID_SHARD_SET`): shares of two backups never combine.
    case invalidShareSet(index: Int)
    /// No shares at all (`SSKR_ERROR_EMPTY_SHARD_SET`).
    case emptyShareSet
    /// The same member of a group twice (`SSKR_ERROR_DUPLICATE_MEMBER_INDEX`).
    case duplicateMemberIndex(group: Int, member: Int)
    /// Enough groups are present but too few of them have their member threshold of shares
    /// (`SSKR_ERROR_NOT_ENOUGH_MEMBER_SHARDS`).
    case notEnoughMemberShares(group: Int, have: Int, need: Int)
    /// Fewer groups than the group threshold (`SSKR_ERROR_NOT_ENOUGH_GROUPS`).
    case notEnoughGroups(have: Int, need: Int)
    /// The recovered value fails its digest (`SHAMIR_ERROR_CHECKSUM_FAILURE`): a share is damaged or forged.
    case checksumFailure
    /// The text is not a share: not a `ur:sskr` UR and not Bytewords, or its checksum fails.
    case unreadableText(String)
    /// The share's CBOR carries a tag where none belongs (tag 40309 inside `ur:sskr`) or the legacy tag 309.
    case unexpectedTag(UInt64)
    /// Standard or minimal Bytewords of an untagged share: BCR-2020-011 requires tag 40309 there.
    case tagRequired
    /// The payload is not a CBOR byte string.
    case notAByteString

    public var description: String {
        switch self {
        case .notEnoughSerializedBytes(let count):
            return "an SSKR share has at least 21 bytes; this one has \(count)"
        case .secretTooShort(let count): return "an SSKR secret has at least 16 bytes; this one has \(count)"
        case .secretTooLong(let count): return "an SSKR secret has at most 32 bytes; this one has \(count)"
        case .secretLengthNotEven(let count): return "an SSKR secret has an even length; this one has \(count) bytes"
        case .invalidGroupThreshold(let threshold, let groups):
            return "a group threshold of \(threshold) is impossible with \(groups) group(s)"
        case .invalidMemberThreshold(let group, let threshold, let count):
            return "group \(group + 1): a threshold of \(threshold) is impossible with \(count) member(s), or its shares disagree"
        case .invalidSingletonMember(let group, let count):
            return "group \(group + 1): a threshold of 1 needs exactly 1 member, not \(count)"
        case .tooManyShares(let count): return "SSKR allows at most 16 groups and 16 members a group, not \(count)"
        case .invalidReservedBits: return "the share's reserved bits are not zero: it is not an SSKR share of this version"
        case .invalidShareSet(let index):
            return "share \(index + 1) belongs to another backup (another identifier, layout or length)"
        case .emptyShareSet: return "no SSKR shares were given"
        case .duplicateMemberIndex(let group, let member):
            return "group \(group + 1), member \(member + 1) was given twice"
        case .notEnoughMemberShares(let group, let have, let need):
            return "group \(group + 1) has \(have) of the \(need) shares it needs"
        case .notEnoughGroups(let have, let need): return "shares of \(have) group(s) were given; \(need) are needed"
        case .checksumFailure: return "the shares do not recover a valid secret: one of them is damaged or forged"
        case .unreadableText(let why): return "not an SSKR share: \(why)"
        case .unexpectedTag(let tag): return "unexpected CBOR tag \(tag) on an SSKR share"
        case .tagRequired: return "Bytewords of an SSKR share must carry tag 40309"
        case .notAByteString: return "an SSKR share is a CBOR byte string"
        }
    }
}
