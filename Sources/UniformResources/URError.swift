/// Everything that can go wrong in the UniformResources layer (BCR-2020-005 URs, BCR-2020-012 Bytewords,
/// BCR-2024-001 multipart fountain codes). Each case carries what a person needs to find the fault.
public enum URError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A part disagrees with the parts seen before it (or its path with its CBOR) on a numeric field.
    case partMismatch(field: String, expected: UInt64, got: UInt64)
    /// A part carries a different UR type from the parts seen before it.
    case typeMismatch(expected: String, got: String)
    /// A declared size is larger than this implementation accepts.
    case limitExceeded(what: String, value: UInt64, limit: UInt64)
    /// The reassembled message does not have the CRC-32 the parts declare.
    case messageChecksumMismatch(expected: UInt32, actual: UInt32)
    /// A fountain part is malformed: bad CBOR, a zero field, an empty fragment, bad padding.
    case invalidPart(String)
    /// The string does not start with the `ur:` scheme; carries what it starts with.
    case invalidScheme(String)
    /// The UR type is empty or has characters outside `a-z`, `0-9` and `-`.
    case invalidType(String)
    /// The path after the type has the wrong number of components.
    case invalidPath(String)
    /// The `seqNum-seqLen` component of a multipart UR is not two positive 32-bit numbers.
    case invalidSequence(String)
    /// The Bytewords body did not decode.
    case bytewords(BytewordsError)
    /// The string is a pre-2020 "UR v1" (BC32 payload, `1of7` paths), which this layer does not decode.
    case legacyFormat(String)
    /// A multipart part was given where a single-part UR is needed, or the other way round.
    case wrongPartKind(String)
    /// Alias-sampler weights that are empty, negative, not finite, or not summing to a positive value.
    case invalidSamplerWeights(String)
    /// Encoder settings that cannot produce parts (empty message, fragment lengths out of range).
    case invalidEncoderSettings(String)

    /// One sentence saying what went wrong, with the values involved.
    public var description: String {
        switch self {
        case .partMismatch(let field, let expected, let got):
            return "The part's \(field) is \(got) but \(expected) was expected."
        case .typeMismatch(let expected, let got):
            return "The part has UR type \"\(got)\" but \"\(expected)\" was expected."
        case .limitExceeded(let what, let value, let limit):
            return "The \(what) is \(value), more than the limit of \(limit)."
        case .messageChecksumMismatch(let expected, let actual):
            return "The reassembled message has CRC-32 \(actual) but the parts declare \(expected)."
        case .invalidPart(let reason):
            return "The fountain part is invalid: \(reason)."
        case .invalidScheme(let prefix):
            return "The string starts with \"\(prefix)\", not the \"ur:\" scheme."
        case .invalidType(let type):
            return "\"\(type)\" is not a UR type (allowed: lowercase a-z, 0-9 and '-', at least one)."
        case .invalidPath(let reason):
            return "The UR path is invalid: \(reason)."
        case .invalidSequence(let component):
            return "\"\(component)\" is not a seqNum-seqLen pair of positive 32-bit numbers."
        case .bytewords(let error):
            return "The UR body is not valid Bytewords: \(error)"
        case .legacyFormat(let reason):
            return "This is a legacy UR v1 (BC32) string, which is not supported: \(reason)."
        case .wrongPartKind(let reason):
            return "Wrong kind of UR: \(reason)."
        case .invalidSamplerWeights(let reason):
            return "The sampler weights are invalid: \(reason)."
        case .invalidEncoderSettings(let reason):
            return "The encoder settings are invalid: \(reason)."
        }
    }
}

/// Why a Bytewords string (BCR-2020-012) did not decode.
public enum BytewordsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A character outside ASCII at the given UTF-8 offset.
    case nonASCII(offset: Int)
    /// A word (or minimal letter pair) that is not in the Bytewords table, and where it starts.
    case invalidWord(String, offset: Int)
    /// A minimal string of odd length, or a word that is not four letters.
    case invalidLength(Int)
    /// Fewer bytes than the 4-byte checksum.
    case tooShort(byteCount: Int)
    /// The trailing CRC-32 does not match the body.
    case checksumMismatch(expected: UInt32, actual: UInt32)
    /// The string is longer than the decoder accepts.
    case tooLong(length: Int, limit: Int)

    /// One sentence saying what went wrong, with the values involved.
    public var description: String {
        switch self {
        case .nonASCII(let offset):
            return "A non-ASCII character at offset \(offset)."
        case .invalidWord(let word, let offset):
            return "\"\(word)\" at offset \(offset) is not a Byteword."
        case .invalidLength(let length):
            return "Length \(length) does not split into whole words."
        case .tooShort(let byteCount):
            return "Only \(byteCount) bytes, fewer than the 4-byte checksum."
        case .checksumMismatch(let expected, let actual):
            return "The checksum words say CRC-32 \(expected) but the body has \(actual)."
        case .tooLong(let length, let limit):
            return "The string is \(length) bytes long, more than the limit of \(limit)."
        }
    }
}
