import DeterministicCBOR
import UniformResources

/// The text forms an SSKR share travels in (BCR-2020-011 "Encoding"): `ur:sskr` (one QR code) and Bytewords for
/// people to copy by hand.
extension SSKRShare {
    /// The CBOR tag of a share in Bytewords (`tuna next keep`), BCR-2020-006 registry.
    public static let tag: UInt64 = 40309
    /// The deprecated tag of the first version (`tuna acid epic`), in `ur:crypto-sskr`-era Bytewords.
    public static let legacyTag: UInt64 = 309
    /// The longest text `init(text:)` reads (characters): a 37-byte share in standard Bytewords is about 230.
    public static let maxTextLength = 1024

    /// `ur:sskr/…`: minimal Bytewords of the untagged CBOR byte string and its CRC-32.
    public var ur: String { try! UR(type: "sskr", cbor: CBOR.bytes(bytes).encoded).string }

    /// The deprecated `ur:crypto-sskr/…` (same body), for wallets of 2020–2021.
    public var legacyUR: String { try! UR(type: "crypto-sskr", cbor: CBOR.bytes(bytes).encoded).string }

    /// Bytewords of the tagged CBOR `#6.40309(bytes)` and its CRC-32, in `style` (standard: space-separated words
    /// beginning `tuna next keep`).
    public func bytewords(_ style: Bytewords.Style = .standard) -> String {
        Bytewords.encode(CBOR.tagged(Self.tag, .bytes(bytes)).encoded, style: style)
    }

    /// The deprecated standard Bytewords with tag 309 (`tuna acid epic …`).
    public var legacyBytewords: String {
        Bytewords.encode(CBOR.tagged(Self.legacyTag, .bytes(bytes)).encoded, style: .standard)
    }

    /// A share from any of its text forms: `ur:sskr/…` (any letter case, as a QR code carries it), standard
    /// Bytewords (words separated by spaces, `tuna next keep …`), URI-style (hyphens) or minimal Bytewords. The
    /// deprecated forms (`ur:crypto-sskr`, tag 309) are read only when `acceptingLegacy` is true. Surrounding white
    /// space is ignored. Throws `SSKRError`: `.unreadableText` (neither form, or a failed CRC-32), `.unexpectedTag`
    /// (a tag inside `ur:sskr`, or 309 when not accepting legacy), `.tagRequired` (untagged Bytewords),
    /// `.notAByteString`, and the errors of `init(bytes:)`.
    public init(text: String, acceptingLegacy: Bool = false) throws(SSKRError) {
        guard text.utf8.count <= Self.maxTextLength else {
            throw .unreadableText("\(text.utf8.count) characters is longer than any share")
        }
        let trimmed = String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
        let cbor: CBOR
        var isUR = false
        do {
            if trimmed.lowercased().hasPrefix("ur:") {
                let ur = try UR(parsing: trimmed, maxLength: Self.maxTextLength)
                guard ur.type == "sskr" || (acceptingLegacy && ur.type == "crypto-sskr") else {
                    throw SSKRError.unreadableText("a ur:\(ur.type), not a ur:sskr")
                }
                isUR = true
                cbor = try CBOR.decode(ur.cbor)
            } else {
                let style: Bytewords.Style = trimmed.contains(" ") ? .standard : trimmed.contains("-") ? .uri : .minimal
                let words = style == .standard ? trimmed.split(separator: " ").joined(separator: " ") : trimmed
                cbor = try CBOR.decode(Bytewords.decode(words, style: style, maxLength: Self.maxTextLength))
            }
        } catch let error as SSKRError {
            throw error
        } catch let error as BytewordsError {
            if case .checksumMismatch = error { throw .unreadableText("bad checksum") }
            throw .unreadableText("\(error)")
        } catch let error as URError {
            if case .bytewords(.checksumMismatch) = error { throw .unreadableText("bad checksum") }
            throw .unreadableText("\(error)")
        } catch {
            throw .unreadableText("\(error)")
        }
        let body: CBOR
        switch cbor {
        case .tagged(let tag, let inner):
            guard !isUR, tag == Self.tag || (acceptingLegacy && tag == Self.legacyTag) else {
                throw .unexpectedTag(tag)
            }
            body = inner
        case .bytes:
            guard isUR else { throw .tagRequired }
            body = cbor
        default:
            throw .notAByteString
        }
        guard let bytes = body.bytesValue else { throw .notAByteString }
        try self.init(bytes: bytes)
    }
}
