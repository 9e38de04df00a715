/// A Uniform Resource (BCR-2020-005): a type such as `bytes` or `crypto-psbt` and a CBOR payload,
/// written `ur:<type>/<bytewords-minimal(payload + crc32)>`. The payload is carried as given; this type
/// does not require it to be well-formed CBOR (interoperable decoders do not either).
public struct UR: Sendable, Hashable, CustomStringConvertible {
    /// The UR type: one or more of `a-z`, `0-9`, `-`.
    public let type: String
    /// The CBOR payload.
    public let cbor: [UInt8]

    /// The longest UR or part string the parsers accept by default (characters), checked first.
    public static let defaultMaxStringLength = 1 << 25

    /// A UR of the given type and payload. Throws `URError.invalidType` unless the type is valid.
    public init(type: String, cbor: [UInt8]) throws {
        guard UR.isValidType(type) else { throw URError.invalidType(type) }
        self.type = type
        self.cbor = cbor
    }

    init(validType type: String, cbor: [UInt8]) {
        self.type = type
        self.cbor = cbor
    }

    /// Parses a single-part UR string in any letter case. Throws `URError`: `.wrongPartKind` for a multipart
    /// part, otherwise as `URPart(parsing:)`.
    public init(parsing string: String, maxLength: Int = UR.defaultMaxStringLength) throws {
        switch try URPart(parsing: string, maxLength: maxLength) {
        case .single(let ur):
            self = ur
        case .multipart(let type, let part):
            throw URError.wrongPartKind("ur:\(type)/\(part.seqNum)-\(part.seqLen) is one part of a multipart UR")
        }
    }

    /// True when the type is non-empty and only lowercase `a-z`, digits and `-` (BCR-2020-005 "UR types").
    public static func isValidType(_ type: String) -> Bool {
        !type.utf8.isEmpty && type.utf8.allSatisfy(isTypeCharacter)
    }

    static func isTypeCharacter(_ character: UInt8) -> Bool {
        (0x61...0x7a).contains(character) || (0x30...0x39).contains(character) || character == 0x2d
    }

    /// The canonical lowercase string, `ur:type/body`.
    public var string: String {
        var out = [UInt8]()
        out.reserveCapacity(type.utf8.count + 4 + 2 * (cbor.count + 4))
        out.append(contentsOf: "ur:".utf8)
        out.append(contentsOf: type.utf8)
        out.append(0x2f)
        Bytewords.appendMinimalWithChecksum(cbor, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The uppercase form, which QR codes carry in their denser alphanumeric mode (BCR-2020-005 "QR").
    public var qrString: String { string.uppercased() }

    /// The canonical string, as `string`.
    public var description: String { string }
}

/// One parsed UR string: a whole single-part UR, or one part of a multipart UR with its type
/// (BCR-2020-005 "Multi-part URs": `ur:type/seqNum-seqLen/bytewords-minimal(part CBOR + crc32)`).
public enum URPart: Sendable, Hashable, CustomStringConvertible {
    /// `ur:type/body`: the whole UR.
    case single(UR)
    /// `ur:type/seqNum-seqLen/body`: one fountain part.
    case multipart(type: String, part: FountainPart)

    /// The UR type either way.
    public var type: String {
        switch self {
        case .single(let ur): return ur.type
        case .multipart(let type, _): return type
        }
    }

    /// Parses a UR string in any letter case. Bounded: the length is checked against `maxLength` before
    /// anything is decoded. Throws `URError`: `.limitExceeded` (too long), `.invalidScheme` (not `ur:`),
    /// `.invalidType`, `.invalidPath` (wrong number of `/` components), `.invalidSequence` (bad
    /// `seqNum-seqLen`), `.legacyFormat` (pre-2020 BC32 strings), `.bytewords` (bad body),
    /// `.invalidPart` (bad part CBOR), `.partMismatch` (path and CBOR disagree on seqNum or seqLen).
    public init(parsing string: String, maxLength: Int = UR.defaultMaxStringLength) throws {
        let length = string.utf8.count
        guard length <= maxLength else {
            throw URError.limitExceeded(
                what: "UR string length", value: UInt64(length), limit: UInt64(max(0, maxLength)))
        }
        var text = Array(string.utf8)
        for index in text.indices { text[index] = Bytewords.lower(text[index]) }
        guard text.count >= 3, text[0] == 0x75, text[1] == 0x72, text[2] == 0x3a else {
            throw URError.invalidScheme(
                String(
                    decoding: text.prefix(text.firstIndex(of: 0x3a).map { $0 + 1 } ?? 3),
                    as: UTF8.self))
        }
        let components = text[3...].split(separator: 0x2f, omittingEmptySubsequences: false)
        let type = String(decoding: components[0], as: UTF8.self)
        guard !components[0].isEmpty, components[0].allSatisfy(UR.isTypeCharacter) else {
            throw URError.invalidType(type)
        }
        switch components.count {
        case 2:
            let body = Array(components[1])
            if URPart.isLegacyBody(body) {
                throw URError.legacyFormat("the body is BC32 text with digits, which Bytewords never uses")
            }
            do {
                self = .single(UR(validType: type, cbor: try Bytewords.decode(utf8: body, style: .minimal)))
            } catch let error as BytewordsError {
                throw URError.bytewords(error)
            }
        case 3:
            let sequence = components[1]
            let (seqNum, seqLen) = try URPart.parseSequence(sequence)
            let cbor: [UInt8]
            do {
                cbor = try Bytewords.decode(utf8: Array(components[2]), style: .minimal)
            } catch let error as BytewordsError {
                throw URError.bytewords(error)
            }
            let part = try FountainPart(cbor: cbor)
            guard part.seqNum == seqNum else {
                throw URError.partMismatch(field: "seqNum", expected: UInt64(seqNum), got: UInt64(part.seqNum))
            }
            guard part.seqLen == Int(seqLen) else {
                throw URError.partMismatch(field: "seqLen", expected: UInt64(seqLen), got: UInt64(part.seqLen))
            }
            self = .multipart(type: type, part: part)
        case 1:
            throw URError.invalidPath("no body after the type")
        default:
            if components.count == 4, URPart.isLegacySequence(components[1]) {
                throw URError.legacyFormat(
                    "the path has \"\(String(decoding: components[1], as: UTF8.self))\""
                        + " and a digest component")
            }
            throw URError.invalidPath("\(components.count - 1) components after the type, at most 2 are allowed")
        }
    }

    /// Parses `seqNum-seqLen`: two decimal numbers in 1...2^32-1.
    static func parseSequence(_ component: ArraySlice<UInt8>) throws -> (UInt32, UInt32) {
        let text = String(decoding: component, as: UTF8.self)
        if isLegacySequence(component) {
            throw URError.legacyFormat("the sequence \"\(text)\" is in the v1 \"NofM\" form")
        }
        let halves = component.split(separator: 0x2d, omittingEmptySubsequences: false)
        guard halves.count == 2, let seqNum = parseNumber(halves[0]), let seqLen = parseNumber(halves[1]),
            seqNum > 0, seqLen > 0
        else { throw URError.invalidSequence(text) }
        return (seqNum, seqLen)
    }

    /// A decimal number of at most 10 digits that fits 32 bits; no sign, no spaces.
    static func parseNumber(_ digits: ArraySlice<UInt8>) -> UInt32? {
        guard !digits.isEmpty, digits.count <= 10, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        var value: UInt64 = 0
        for digit in digits { value = value * 10 + UInt64(digit - 0x30) }
        return value <= UInt64(UInt32.max) ? UInt32(value) : nil
    }

    /// The BC32 alphabet of the v1 draft (bech32's, lowercase).
    static let bc32Alphabet = Set("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)

    /// A v1 single-part body: only BC32 characters, at least one of them a digit (Bytewords are letters only).
    static func isLegacyBody(_ body: [UInt8]) -> Bool {
        body.contains(where: { (0x30...0x39).contains($0) }) && body.allSatisfy(bc32Alphabet.contains)
    }

    /// The v1 draft's `1of7` sequence form.
    static func isLegacySequence(_ component: ArraySlice<UInt8>) -> Bool {
        let halves = component.split(separator: 0x6f, maxSplits: 1, omittingEmptySubsequences: false)
        guard halves.count == 2, halves[1].first == 0x66 else { return false }
        return parseNumber(halves[0]) != nil && parseNumber(halves[1].dropFirst()) != nil
    }

    /// The canonical lowercase string of this UR or part.
    public var string: String {
        switch self {
        case .single(let ur): return ur.string
        case .multipart(let type, let part): return URPart.partString(type: type, part: part)
        }
    }

    /// The canonical string, as `string`.
    public var description: String { string }

    /// `ur:type/seqNum-seqLen/bytewords-minimal(part CBOR + crc32)`.
    static func partString(type: String, part: FountainPart) -> String {
        let cbor = part.cbor
        var out = [UInt8]()
        out.reserveCapacity(type.utf8.count + 26 + 2 * (cbor.count + 4))
        out.append(contentsOf: "ur:".utf8)
        out.append(contentsOf: type.utf8)
        out.append(0x2f)
        out.append(contentsOf: String(part.seqNum).utf8)
        out.append(0x2d)
        out.append(contentsOf: String(part.seqLen).utf8)
        out.append(0x2f)
        Bytewords.appendMinimalWithChecksum(cbor, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
