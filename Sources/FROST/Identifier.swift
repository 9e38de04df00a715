/// A participant identifier: a nonzero scalar (RFC 9591 §3.1, §5). Identifiers compare as integers, the order in
/// which RFC 9591 §4.3 sorts the commitment list.
public struct Identifier<C: Ciphersuite>: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The identifier's scalar value.
    public let scalar: Scalar<C>

    /// The identifier with a small integer value (1, 2, 3, ...); throws `zeroIdentifier` for 0.
    public init(_ value: UInt64) throws {
        guard value != 0 else { throw FROSTError.zeroIdentifier }
        scalar = Scalar(value)
    }

    /// Wraps a scalar; throws `zeroIdentifier` for zero.
    public init(scalar: Scalar<C>) throws {
        guard !scalar.isZero else { throw FROSTError.zeroIdentifier }
        self.scalar = scalar
    }

    /// Derives an identifier from arbitrary bytes (e.g. a device name) with HID, as ZF frost-core's
    /// `Identifier::derive`; throws `zeroIdentifier` in the negligible case that the hash is zero.
    public init(deriving bytes: [UInt8]) throws {
        try self.init(scalar: C.HID(bytes))
    }

    /// Decodes a serialized identifier; throws `wrongLength`, `nonCanonicalScalar` or `zeroIdentifier`.
    public init(deserializing bytes: [UInt8]) throws {
        try self.init(scalar: Scalar(deserializing: bytes))
    }

    /// The scalar encoding (RFC 9591 SerializeScalar(identifier)).
    public func serialize() -> [UInt8] { scalar.serialize() }

    /// The encoding most significant byte first, for integer comparison and printing.
    var bigEndianBytes: [UInt8] {
        switch C.scalarByteOrder {
        case .littleEndian: return scalar.bytes.reversed()
        case .bigEndian: return scalar.bytes
        }
    }

    /// The integer value when it fits in 64 bits.
    public var integerValue: UInt64? {
        let bytes = bigEndianBytes
        guard bytes.dropLast(8).allSatisfy({ $0 == 0 }) else { return nil }
        return bytes.suffix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    /// Numeric order of the identifiers' values, the order RFC 9591 §4.3 sorts the commitment list in.
    public static func < (a: Identifier<C>, b: Identifier<C>) -> Bool {
        a.bigEndianBytes.lexicographicallyPrecedes(b.bigEndianBytes)
    }

    /// The integer for small identifiers, otherwise the hex of the serialized scalar.
    public var description: String {
        if let value = integerValue { return String(value) }
        return hexString(serialize())
    }
}

extension Array {
    /// Rejects duplicate identifiers (named in the error).
    static func checkNoDuplicates<C>(_ identifiers: [Identifier<C>]) throws where Element == Identifier<C> {
        var seen = Set<Identifier<C>>()
        for identifier in identifiers where !seen.insert(identifier).inserted {
            throw FROSTError.duplicateIdentifier(identifier.description)
        }
    }
}
