/// A CBOR data item under the deterministic profile (dCBOR, draft-mcnally-deterministic-cbor).
///
/// Values built in code always encode deterministically: integers and lengths in their shortest form, map keys in
/// bytewise lexicographic order of their encodings, floats reduced to integers when integral and otherwise to the
/// shortest width that keeps their value, NaN as the half-precision `0xf97e00`.
public indirect enum CBOR: Sendable, Hashable {
    /// Major type 0: an unsigned integer.
    case unsigned(UInt64)
    /// Major type 1: the negative integer `-1 - n`. dCBOR allows `n` up to 2^63 - 1 only.
    case negative(UInt64)
    /// Major type 2: a byte string.
    case bytes([UInt8])
    /// Major type 3: a UTF-8 text string (dCBOR requires Unicode Normalization Form C).
    case text(String)
    /// Major type 4: an array.
    case array([CBOR])
    /// Major type 5: a map with unique keys in deterministic order.
    case map(CBORMap)
    /// Major type 6: a tagged item.
    case tagged(UInt64, CBOR)
    /// Major type 7: `false`, `true` or `null`, the only simple values dCBOR allows.
    case simple(CBORSimple)
    /// Major type 7: a floating-point number, subject to dCBOR numeric reduction.
    case float(Double)

    /// An integer as `.unsigned` or `.negative`.
    public init(_ value: Int) {
        self = value >= 0 ? .unsigned(UInt64(value)) : .negative(UInt64(-1 - value))
    }

    /// The unsigned integer, if this is one.
    public var unsignedValue: UInt64? {
        if case .unsigned(let value) = self { return value }
        return nil
    }

    /// The integer, if this is an integer that fits `Int`.
    public var intValue: Int? {
        switch self {
        case .unsigned(let value): return value <= UInt64(Int.max) ? Int(value) : nil
        case .negative(let n): return n <= UInt64(Int.max) ? -1 - Int(n) : nil
        default: return nil
        }
    }

    /// The bytes, if this is a byte string.
    public var bytesValue: [UInt8]? {
        if case .bytes(let value) = self { return value }
        return nil
    }

    /// The text, if this is a text string.
    public var textValue: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    /// The items, if this is an array.
    public var arrayValue: [CBOR]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The map, if this is a map.
    public var mapValue: CBORMap? {
        if case .map(let value) = self { return value }
        return nil
    }

    /// The tag and its item, if this is tagged.
    public var taggedValue: (tag: UInt64, item: CBOR)? {
        if case .tagged(let tag, let item) = self { return (tag, item) }
        return nil
    }

    /// The boolean, if this is `true` or `false`.
    public var boolValue: Bool? {
        switch self {
        case .simple(.true): return true
        case .simple(.false): return false
        default: return nil
        }
    }

    /// The number, if this is a float or an integer (integers above 2^53 may round).
    public var doubleValue: Double? {
        switch self {
        case .float(let value): return value
        case .unsigned(let value): return Double(value)
        case .negative(let n): return -1 - Double(n)
        default: return nil
        }
    }

    /// Whether this is `null`.
    public var isNull: Bool { self == .simple(.null) }
}

/// The simple values dCBOR allows (RFC 8949 §3.3): 20, 21 and 22.
public enum CBORSimple: UInt8, Sendable, Hashable {
    /// Simple value 20, encoded 0xF4.
    case `false` = 20
    /// Simple value 21, encoded 0xF5.
    case `true` = 21
    /// Simple value 22, encoded 0xF6.
    case null = 22
}

extension CBOR: ExpressibleByIntegerLiteral {
    /// An integer literal as `.unsigned` or `.negative`, as `init(_:)` encodes it.
    public init(integerLiteral value: Int) { self.init(value) }
}

extension CBOR: ExpressibleByStringLiteral {
    /// A string literal as a text string (major type 3).
    public init(stringLiteral value: String) { self = .text(value) }
}

extension CBOR: ExpressibleByArrayLiteral {
    /// An array literal as an array (major type 4).
    public init(arrayLiteral elements: CBOR...) { self = .array(elements) }
}

extension CBOR: ExpressibleByBooleanLiteral {
    /// `true` and `false` as the simple values 21 and 20.
    public init(booleanLiteral value: Bool) { self = .simple(value ? .true : .false) }
}

extension CBOR: ExpressibleByFloatLiteral {
    /// A float literal as `.float`; dCBOR encodes it in its shortest exact form (an integral value as an integer).
    public init(floatLiteral value: Double) { self = .float(value) }
}

extension CBOR: CustomStringConvertible {
    /// The item in diagnostic notation (RFC 8949 §8).
    public var description: String { diagnostic }
}
