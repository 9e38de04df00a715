/// Why bytes are not a well-formed, deterministic (dCBOR) item. Every case says where: `offset` is the byte index
/// of the item's initial byte (or of the missing byte for `truncated`).
public enum CBORError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input ends inside an item.
    case truncated(offset: Int)
    /// Bytes follow the top-level item.
    case trailingBytes(offset: Int)
    /// An integer, length or tag is not in its shortest form.
    case nonShortestEncoding(offset: Int)
    /// An indefinite-length string, array or map, which dCBOR forbids.
    case indefiniteLength(offset: Int)
    /// A map key is not greater than the key before it in bytewise lexicographic order.
    case unsortedMapKeys(offset: Int)
    /// A map key equals the key before it.
    case duplicateMapKey(offset: Int)
    /// A text string is not valid UTF-8.
    case invalidUTF8(offset: Int)
    /// A text string is valid UTF-8 but not in Unicode Normalization Form C.
    case textNotNFC(offset: Int)
    /// A number not in dCBOR's canonical form: an integral float, a float wider than needed, a non-canonical NaN,
    /// or a negative integer below -2^63.
    case nonCanonicalNumber(offset: Int)
    /// A simple value other than false, true, null and the floats.
    case unsupportedSimpleValue(offset: Int, value: UInt8)
    /// Additional information 28, 29 or 30, which RFC 8949 reserves.
    case reservedAdditionalInfo(offset: Int)
    /// Arrays, maps and tags nest deeper than the limit.
    case depthLimitExceeded(offset: Int, limit: Int)
    /// A declared length exceeds the limit, or the bytes that remain.
    case lengthLimitExceeded(offset: Int, length: UInt64, limit: Int)
    /// The input holds more items in all than the limit.
    case itemLimitExceeded(offset: Int, limit: Int)

    /// One sentence naming the byte offset and what is wrong there.
    public var description: String {
        switch self {
        case .truncated(let offset): return "CBOR input ends early, at byte \(offset)."
        case .trailingBytes(let offset): return "CBOR input has bytes after the item, from byte \(offset)."
        case .nonShortestEncoding(let offset): return "CBOR item at byte \(offset) does not use its shortest encoding."
        case .indefiniteLength(let offset): return "CBOR item at byte \(offset) has an indefinite length."
        case .unsortedMapKeys(let offset): return "CBOR map key at byte \(offset) is out of deterministic order."
        case .duplicateMapKey(let offset): return "CBOR map key at byte \(offset) repeats the previous key."
        case .invalidUTF8(let offset): return "CBOR text at byte \(offset) is not valid UTF-8."
        case .textNotNFC(let offset): return "CBOR text at byte \(offset) is not in Unicode Normalization Form C."
        case .nonCanonicalNumber(let offset): return "CBOR number at byte \(offset) is not in dCBOR canonical form."
        case .unsupportedSimpleValue(let offset, let value):
            return "CBOR simple value \(value) at byte \(offset) is not allowed in dCBOR."
        case .reservedAdditionalInfo(let offset):
            return "CBOR item at byte \(offset) uses reserved additional information."
        case .depthLimitExceeded(let offset, let limit):
            return "CBOR item at byte \(offset) nests deeper than the limit of \(limit)."
        case .lengthLimitExceeded(let offset, let length, let limit):
            return "CBOR item at byte \(offset) declares length \(length), over the limit of \(limit) or the input left."
        case .itemLimitExceeded(let offset, let limit):
            return "CBOR input has more than \(limit) items (at byte \(offset))."
        }
    }
}

/// Bounds the decoder enforces before it allocates anything.
public struct CBORLimits: Sendable, Equatable {
    /// The deepest nesting of arrays, maps and tags.
    public var maxDepth: Int
    /// The longest byte or text string, and the most items of one array or map.
    public var maxLength: Int
    /// The most items in the whole input.
    public var maxItems: Int

    /// Limits of your own; the defaults are those of `CBORLimits.default`.
    public init(maxDepth: Int = 64, maxLength: Int = 1 << 24, maxItems: Int = 1 << 20) {
        self.maxDepth = maxDepth
        self.maxLength = maxLength
        self.maxItems = maxItems
    }

    /// Depth 64, strings up to 16 MiB, a million items: room for any ceremony message.
    public static let `default` = CBORLimits()
}
