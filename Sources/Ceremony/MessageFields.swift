import DeterministicCBOR
import UniformResources

/// A strict reader of one dCBOR map with small unsigned keys: every key must be known, every value must have its
/// type and size, and the caller names the message so an error says where it was.
struct MessageFields {
    let message: String
    private let values: [UInt64: CBOR]

    /// Accepts only a map whose keys are all in `allowed`; anything else is a typed error.
    init(_ item: CBOR, message: String, allowed: Set<UInt64>) throws {
        guard let map = item.mapValue else {
            throw CeremonyError.wrongType(message: message, field: "body", expected: "a map")
        }
        var values: [UInt64: CBOR] = [:]
        for (key, value) in map.entries {
            guard let number = key.unsignedValue, allowed.contains(number) else {
                throw CeremonyError.unknownField(message: message, key: key.diagnostic)
            }
            values[number] = value
        }
        self.message = message
        self.values = values
    }

    func has(_ key: UInt64) -> Bool { values[key] != nil }

    func value(_ key: UInt64, _ field: String) throws -> CBOR {
        guard let value = values[key] else { throw CeremonyError.missingField(message: message, field: field) }
        return value
    }

    /// The protocol version in key 0, which must be `expected`.
    func version(_ expected: UInt64 = CeremonyProtocol.version) throws {
        let version = try unsigned(0, "version")
        guard version == expected else { throw CeremonyError.unsupportedVersion(message: message, version: version) }
    }

    func unsigned(_ key: UInt64, _ field: String, range: ClosedRange<UInt64> = 0...UInt64.max) throws -> UInt64 {
        guard let number = try value(key, field).unsignedValue else {
            throw CeremonyError.wrongType(message: message, field: field, expected: "an unsigned integer")
        }
        guard range.contains(number) else {
            throw CeremonyError.valueOutOfRange(
                message: message, field: field, reason: "\(number) is not in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    func int(_ key: UInt64, _ field: String, range: ClosedRange<Int>) throws -> Int {
        Int(try unsigned(key, field, range: UInt64(range.lowerBound)...UInt64(range.upperBound)))
    }

    func bytes(_ key: UInt64, _ field: String, count: Int) throws -> [UInt8] {
        try MessageFields.bytes(try value(key, field), message: message, field: field, count: count)
    }

    func bytes(_ key: UInt64, _ field: String, maxCount: Int) throws -> [UInt8] {
        guard let bytes = try value(key, field).bytesValue else {
            throw CeremonyError.wrongType(message: message, field: field, expected: "a byte string")
        }
        guard bytes.count <= maxCount else {
            throw CeremonyError.valueOutOfRange(
                message: message, field: field, reason: "\(bytes.count) bytes, more than \(maxCount)")
        }
        return bytes
    }

    func text(_ key: UInt64, _ field: String, maxBytes: Int) throws -> String {
        guard let text = try value(key, field).textValue else {
            throw CeremonyError.wrongType(message: message, field: field, expected: "a text string")
        }
        guard text.utf8.count <= maxBytes else {
            throw CeremonyError.valueOutOfRange(
                message: message, field: field, reason: "\(text.utf8.count) bytes, more than \(maxBytes)")
        }
        // Every text field is someone's words that a person may read: one rule for all of them.
        try DisplayText.check(text, message: message, field: field)
        return text
    }

    func array(_ key: UInt64, _ field: String, count: ClosedRange<Int>) throws -> [CBOR] {
        try MessageFields.array(try value(key, field), message: message, field: field, count: count)
    }

    /// An array of byte strings of one fixed size.
    func byteStrings(_ key: UInt64, _ field: String, each: Int, count: ClosedRange<Int>) throws -> [[UInt8]] {
        try array(key, field, count: count).enumerated().map { index, item in
            try MessageFields.bytes(item, message: message, field: "\(field)[\(index)]", count: each)
        }
    }

    /// An array of group elements: byte strings of one size that some suite's element has (`elementSizes`); the
    /// suite's own parser then checks the exact size and the encoding.
    func elementStrings(_ key: UInt64, _ field: String, count: ClosedRange<Int>) throws -> [[UInt8]] {
        try array(key, field, count: count).enumerated().map { index, item in
            try MessageFields.bytes(item, message: message, field: "\(field)[\(index)]", sizes: MessageFields.elementSizes)
        }
    }

    /// The sizes of a group element in any suite (Vectors/ceremony/REGISTRY.md): 32 (Ed25519, ristretto255) and
    /// 33 (secp256k1, compressed).
    static let elementSizes = 32...33

    static func bytes(_ item: CBOR, message: String, field: String, sizes: ClosedRange<Int>) throws -> [UInt8] {
        guard let bytes = item.bytesValue else {
            throw CeremonyError.wrongType(message: message, field: field, expected: "a byte string")
        }
        guard sizes.contains(bytes.count) else {
            throw CeremonyError.valueOutOfRange(
                message: message, field: field,
                reason: "\(bytes.count) bytes, not \(sizes.lowerBound)...\(sizes.upperBound)")
        }
        return bytes
    }

    static func bytes(_ item: CBOR, message: String, field: String, count: Int) throws -> [UInt8] {
        guard let bytes = item.bytesValue else {
            throw CeremonyError.wrongType(message: message, field: field, expected: "a byte string")
        }
        guard bytes.count == count else {
            throw CeremonyError.valueOutOfRange(
                message: message, field: field, reason: "\(bytes.count) bytes instead of \(count)")
        }
        return bytes
    }

    static func array(_ item: CBOR, message: String, field: String, count: ClosedRange<Int>) throws -> [CBOR] {
        guard let items = item.arrayValue else {
            throw CeremonyError.wrongType(message: message, field: field, expected: "an array")
        }
        guard count.contains(items.count) else {
            throw CeremonyError.valueOutOfRange(
                message: message, field: field,
                reason: "\(items.count) items, not \(count.lowerBound)...\(count.upperBound)")
        }
        return items
    }
}

/// Constants shared by every Ceremony message.
public enum CeremonyProtocol {
    /// The version in key 0 of every message.
    public static let version: UInt64 = 1
    /// The largest encoded message of any type (bytes): the investigation's bound at n = t = 64. Each type has its
    /// own, smaller or equal, bound (`bounds(of:)`), checked before decoding.
    public static var maxMessageBytes: Int { messageTypes.map { bounds(of: $0).maxBytes }.max() ?? 0 }
    /// The largest roster (n) a DKG accepts.
    public static let maxParticipants = 64

    /// Decodes a message's bytes strictly: size checked against the bounds of the `message` type before parsing,
    /// then strict dCBOR within its item limit (`bounds(of:)`).
    static func decode(_ bytes: [UInt8], message: String) throws -> CBOR {
        let bounds = bounds(of: message)
        guard bytes.count <= bounds.maxBytes else {
            throw CeremonyError.messageTooLarge(message: message, size: bytes.count, limit: bounds.maxBytes)
        }
        do {
            return try CBOR.decode(bytes, limits: bounds.cborLimits)
        } catch {
            throw CeremonyError.cbor(error)
        }
    }

    /// A 32-byte BLAKE2b hash with a 16-byte personalization (domain separation for each hash's use).
    static func hash(_ personal: String, _ bytes: [UInt8]) -> [UInt8] {
        Sodium.blake2bPersonal(bytes, key: Array("heliograph-cerem".utf8), personal: Array(personal.utf8))
    }
}

/// The first 8 bytes of an id in hex, for error sentences.
func shortHex(_ bytes: [UInt8]) -> String { Base16.encode(Array(bytes.prefix(8))) }
