/// A group element of suite `C` (a public key, a commitment, a verifying share). Always canonical and in the
/// prime-order subgroup: it can be built only by the suite or by `init(deserializing:)`, which rejects the identity.
/// The identity itself exists only as an intermediate result (e.g. a sum), never as decoded input.
public struct Element<C: Ciphersuite>: Sendable, Hashable, CustomStringConvertible {
    /// The canonical encoding (the suite's identity encoding for the identity).
    let bytes: [UInt8]

    /// Wraps bytes the suite has produced itself.
    init(canonical bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// RFC 9591 DeserializeElement: throws `wrongLength`, `invalidElement` or `identityElement`.
    public init(deserializing bytes: [UInt8]) throws {
        self = try C.deserializeElement(bytes)
    }

    /// RFC 9591 SerializeElement. Call sites that must not serialize the identity check `isIdentity` first.
    public func serialize() -> [UInt8] { bytes }

    /// The identity element.
    public static var identity: Element<C> { C.identity }
    /// The generator B.
    public static var generator: Element<C> { C.generator }

    /// Whether this is the identity element.
    public var isIdentity: Bool { self == C.identity }

    /// The group operation; the sum may be the identity.
    public static func + (a: Element<C>, b: Element<C>) -> Element<C> { C.add(a, b) }
    /// The group operation with the inverse of `b`; the result may be the identity.
    public static func - (a: Element<C>, b: Element<C>) -> Element<C> { C.subtract(a, b) }

    /// The element's canonical encoding in hex, for logs and test failures.
    public var description: String { "Element(\(hexString(bytes)))" }
}
