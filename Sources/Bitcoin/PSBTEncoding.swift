import DeterministicCBOR
import Foundation
import UniformResources

/// The ways a PSBT travels: binary, base64 (BIP 174 §"Encoding"), and as a UR (`ur:crypto-psbt`, BCR-2020-006's
/// deprecated name that Sparrow writes, or `ur:psbt`), whose CBOR is the PSBT as a byte string, untagged or tagged
/// 310 / 40310 — wallets send all four.
extension PSBT {
    /// Base64 of the binary serialization.
    public var base64: String { Data(serialized).base64EncodedString() }

    /// Parses base64 text (surrounding whitespace ignored). Throws `invalidPSBT` for text that is not base64, and
    /// whatever `init(parsing:)` throws.
    public init(base64 text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf8.count <= (Self.maxSize / 3 + 1) * 4 else { throw BitcoinError.tooLarge(what: "the base64 PSBT", limit: Self.maxSize) }
        guard let data = Data(base64Encoded: trimmed) else { throw BitcoinError.invalidPSBT("the text is not base64") }
        try self.init(parsing: [UInt8](data))
    }

    /// Parses a file's contents: binary when it starts with the magic bytes, otherwise base64 text.
    public init(fileContents bytes: [UInt8]) throws {
        if bytes.starts(with: Self.magic) {
            try self.init(parsing: bytes)
        } else {
            guard bytes.count <= Self.maxSize * 2, let text = String(bytes: bytes, encoding: .utf8) else {
                throw BitcoinError.invalidPSBT("neither a binary PSBT nor base64 text")
            }
            try self.init(base64: text)
        }
    }

    /// The CBOR of a PSBT UR: a byte string, untagged (what Sparrow writes and the registry asks for).
    public var urCBOR: [UInt8] { CBOR.bytes(serialized).encoded }

    /// `ur:crypto-psbt` (Sparrow's choice) or `ur:psbt`.
    public func ur(type: String = "crypto-psbt") throws -> UR { try UR(type: type, cbor: urCBOR) }

    /// The PSBT in a `crypto-psbt` or `psbt` UR, its byte string untagged or tagged 310 or 40310. Throws
    /// `invalidUR` for another type or payload, and whatever `init(parsing:)` throws.
    public init(ur: UR) throws {
        guard ur.type == "crypto-psbt" || ur.type == "psbt" else { throw BitcoinError.invalidUR("type \(ur.type) is not a PSBT") }
        let item: CBOR
        do {
            item = try CBOR.decode(ur.cbor, limits: CBORLimits(maxDepth: 2, maxLength: Self.maxSize, maxItems: 2))
        } catch {
            throw BitcoinError.invalidUR("not deterministic CBOR: \(error)")
        }
        var inner = item
        if case let .tagged(tag, tagged) = item {
            guard tag == 310 || tag == 40310 else { throw BitcoinError.invalidUR("tag \(tag) is not crypto-psbt or psbt") }
            inner = tagged
        }
        guard case let .bytes(bytes) = inner else { throw BitcoinError.invalidUR("the payload is not a byte string") }
        try self.init(parsing: bytes)
    }
}
