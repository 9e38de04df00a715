import Foundation

extension CBOR {
    /// Decodes exactly one deterministic CBOR item that fills `bytes`.
    ///
    /// Rejects whatever dCBOR forbids (non-shortest heads, indefinite lengths, unsorted or duplicate map keys,
    /// non-canonical numbers, simple values other than false/true/null, invalid UTF-8 or non-NFC text), and checks
    /// every declared length against `limits` and the bytes left before allocating.
    /// - Throws: `CBORError`, naming the byte offset of the offending item.
    public static func decode(_ bytes: [UInt8], limits: CBORLimits = .default) throws(CBORError) -> CBOR {
        var reader = CBORReader(bytes: bytes, limits: limits)
        let item = try reader.readItem(depth: 0)
        guard reader.position == bytes.count else { throw .trailingBytes(offset: reader.position) }
        return item
    }
}

/// A cursor over the input; every read is bounds-checked.
struct CBORReader {
    /// The most array or map slots reserved before the items are read (see `readItem`).
    static let initialReservation = 1024

    let bytes: [UInt8]
    let limits: CBORLimits
    var position = 0
    var itemCount = 0

    init(bytes: [UInt8], limits: CBORLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    var remaining: Int { bytes.count - position }

    mutating func readByte() throws(CBORError) -> UInt8 {
        guard position < bytes.count else { throw .truncated(offset: position) }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func readBigEndian(_ count: Int) throws(CBORError) -> UInt64 {
        guard remaining >= count else { throw .truncated(offset: bytes.count) }
        var value: UInt64 = 0
        for index in position..<(position + count) { value = value << 8 | UInt64(bytes[index]) }
        position += count
        return value
    }

    /// Reads the argument of a head whose initial byte had additional information `info`, requiring the shortest
    /// form (RFC 8949 §4.2.1).
    mutating func readArgument(info: UInt8, start: Int) throws(CBORError) -> UInt64 {
        switch info {
        case 0..<24:
            return UInt64(info)
        case 24:
            let value = try readBigEndian(1)
            guard value >= 24 else { throw .nonShortestEncoding(offset: start) }
            return value
        case 25:
            let value = try readBigEndian(2)
            guard value > 0xff else { throw .nonShortestEncoding(offset: start) }
            return value
        case 26:
            let value = try readBigEndian(4)
            guard value > 0xffff else { throw .nonShortestEncoding(offset: start) }
            return value
        case 27:
            let value = try readBigEndian(8)
            guard value > 0xffff_ffff else { throw .nonShortestEncoding(offset: start) }
            return value
        case 31:
            throw .indefiniteLength(offset: start)
        default:
            throw .reservedAdditionalInfo(offset: start)
        }
    }

    /// A length that must fit the limit, and then the input left (each byte or item needs at least one byte).
    func checkedLength(_ length: UInt64, start: Int) throws(CBORError) -> Int {
        guard length <= UInt64(limits.maxLength) else {
            throw .lengthLimitExceeded(offset: start, length: length, limit: limits.maxLength)
        }
        guard length <= UInt64(remaining) else { throw .truncated(offset: bytes.count) }
        return Int(length)
    }

    mutating func readItem(depth: Int) throws(CBORError) -> CBOR {
        let start = position
        itemCount += 1
        guard itemCount <= limits.maxItems else { throw .itemLimitExceeded(offset: start, limit: limits.maxItems) }
        let initial = try readByte()
        let major = initial >> 5
        let info = initial & 0x1f
        if major == 7 { return try readSimpleOrFloat(info: info, start: start) }
        let argument = try readArgument(info: info, start: start)
        switch major {
        case 0:
            return .unsigned(argument)
        case 1:
            guard argument <= UInt64(Int64.max) else { throw .nonCanonicalNumber(offset: start) }
            return .negative(argument)
        case 2:
            let length = try checkedLength(argument, start: start)
            defer { position += length }
            return .bytes(Array(bytes[position..<(position + length)]))
        case 3:
            let length = try checkedLength(argument, start: start)
            let slice = bytes[position..<(position + length)]
            guard let text = String(validating: slice, as: UTF8.self) else { throw .invalidUTF8(offset: start) }
            guard text.precomposedStringWithCanonicalMapping.utf8.elementsEqual(text.utf8) else {
                throw .textNotNFC(offset: start)
            }
            position += length
            return .text(text)
        case 4:
            let count = try checkedLength(argument, start: start)
            guard depth < limits.maxDepth else { throw .depthLimitExceeded(offset: start, limit: limits.maxDepth) }
            var items: [CBOR] = []
            // The count is bounded only by the bytes left, and every nesting level may claim the same bytes: reserving
            // it in full let 16 MiB of nested headers reserve depth × 16 M items. Reserve a little; growth is amortized.
            items.reserveCapacity(min(count, CBORReader.initialReservation))
            for _ in 0..<count { items.append(try readItem(depth: depth + 1)) }
            return .array(items)
        case 5:
            let count = try checkedLength(argument, start: start)
            guard depth < limits.maxDepth else { throw .depthLimitExceeded(offset: start, limit: limits.maxDepth) }
            var entries: [CBORMap.Entry] = []
            entries.reserveCapacity(min(count, CBORReader.initialReservation))
            for _ in 0..<count {
                let keyStart = position
                let key = try readItem(depth: depth + 1)
                let keyEncoding = Array(bytes[keyStart..<position])
                if let previous = entries.last {
                    if previous.keyEncoding == keyEncoding { throw .duplicateMapKey(offset: keyStart) }
                    if !previous.keyEncoding.lexicographicallyPrecedes(keyEncoding) {
                        throw .unsortedMapKeys(offset: keyStart)
                    }
                }
                let value = try readItem(depth: depth + 1)
                entries.append(CBORMap.Entry(keyEncoding: keyEncoding, key: key, value: value))
            }
            return .map(CBORMap(sortedEntries: entries))
        default:  // 6
            guard depth < limits.maxDepth else { throw .depthLimitExceeded(offset: start, limit: limits.maxDepth) }
            return .tagged(argument, try readItem(depth: depth + 1))
        }
    }

    mutating func readSimpleOrFloat(info: UInt8, start: Int) throws(CBORError) -> CBOR {
        let value: Double
        switch info {
        case 20, 21, 22:
            return .simple(CBORSimple(rawValue: info) ?? .null)
        case 24:
            let simple = try readBigEndian(1)
            throw .unsupportedSimpleValue(offset: start, value: UInt8(simple))
        case 25:
            value = HalfPrecision.value(of: UInt16(try readBigEndian(2)))
        case 26:
            value = Double(Float(bitPattern: UInt32(try readBigEndian(4))))
        case 27:
            value = Double(bitPattern: try readBigEndian(8))
        case 28, 29, 30:
            throw .reservedAdditionalInfo(offset: start)
        case 31:
            throw .indefiniteLength(offset: start)
        default:
            throw .unsupportedSimpleValue(offset: start, value: info)
        }
        // A float is canonical only if re-encoding it gives back exactly these bytes (numeric reduction,
        // shortest width, canonical NaN).
        var canonical: [UInt8] = []
        CBOR.appendFloat(value, to: &canonical)
        guard canonical.elementsEqual(bytes[start..<position]) else { throw .nonCanonicalNumber(offset: start) }
        return .float(value)
    }
}
