import DeterministicCBOR
import UniformResources

/// A message of the ceremony protocol: dCBOR with a version in key 0, strictly decoded, with its own UR type.
/// The registry of every message (UR type and CDDL) is Vectors/ceremony/REGISTRY.md.
public protocol CeremonyMessage: Sendable {
    /// The UR type the message travels as, e.g. `heliograph-dkg-invite`.
    static var urType: String { get }
    /// The dCBOR form.
    var cbor: CBOR { get }
    /// Strict decoding from dCBOR; throws `CeremonyError` for unknown fields, wrong types or sizes.
    init(cbor: CBOR) throws
}

extension CeremonyMessage {
    /// The deterministic encoding.
    public var encoded: [UInt8] { cbor.encoded }

    /// Decodes the bytes of a message: size bounded before parsing, strict dCBOR, strict fields.
    public init(encoded bytes: [UInt8]) throws {
        try self.init(cbor: CeremonyProtocol.decode(bytes, message: Self.urType))
    }

    /// The message as a UR of its own type.
    public var ur: UR {
        get throws { try UR(type: Self.urType, cbor: encoded) }
    }

    /// Reads a message from a UR, refusing a UR of another type.
    public init(ur: UR) throws {
        guard ur.type == Self.urType else { throw CeremonyError.wrongURType(expected: Self.urType, got: ur.type) }
        try self.init(encoded: ur.cbor)
    }
}

extension Identity: CeremonyMessage {}
