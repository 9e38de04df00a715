/// Bytewords (BCR-2020-012): each byte as one of 256 four-letter English words, with the CRC-32 of the
/// data appended as four more words. Words are unique by their first and last letters, which is the
/// "minimal" style URs use. Decoding is case-insensitive and throws `BytewordsError`.
public enum Bytewords {
    /// How words are written (BCR-2020-012 "Styles").
    public enum Style: String, Sendable, CaseIterable {
        /// Four-letter words separated by spaces: `able acid also`.
        case standard
        /// Four-letter words separated by hyphens: `able-acid-also`.
        case uri
        /// First and last letter of each word, no separator: `aeadao`.
        case minimal
    }

    /// The longest string `decode` accepts by default (characters), checked before any allocation.
    public static let defaultMaxStringLength = 1 << 26

    /// The 256 words in byte order, as one run of 1024 lowercase ASCII letters (BCR-2020-012 "Word list").
    static let letters: [UInt8] = Array(
        """
        ableacidalsoapexaquaarchatomauntawayaxisbackbaldbarnbeltbetabiasbluebodybragbrewbulbbuzzcalmcash\
        catschefcityclawcodecolacookcostcruxcurlcuspcyandarkdatadaysdelidicedietdoordowndrawdropdrumdull\
        dutyeacheasyechoedgeepicevenexamexiteyesfactfairfernfigsfilmfishfizzflapflewfluxfoxyfreefrogfuel\
        fundgalagamegeargemsgiftgirlglowgoodgraygrimgurugushgyrohalfhanghardhawkheathelphighhillholyhope\
        hornhutsicedideaidleinchinkyintoirisironitemjadejazzjoinjoltjowljudojugsjumpjunkjurykeepkenokept\
        keyskickkilnkingkitekiwiknoblamblavalazyleaflegsliarlimplionlistlogoloudloveluaulucklungmainmany\
        mathmazememomenumeowmildmintmissmonknailnavyneednewsnextnoonnotenumbobeyoboeomitonyxopenovalowls\
        paidpartpeckplaypluspoempoolposepuffpumapurrquadquizraceramprealredorichroadrockroofrubyruinruns\
        rustsafesagascarsetssilkskewslotsoapsolosongstubsurfswantacotasktaxitenttiedtimetinytoiltombtoys\
        triptunatwinuglyundouniturgeuservastveryvetovialvibeviewvisavoidvowswallwandwarmwaspwavewaxywebs\
        whatwhenwhizwolfworkyankyawnyellyogayurtzapszerozestzinczonezoom
        """.utf8)

    /// Byte value by (first letter, last letter), -1 where no word has that pair.
    static let lookup: [Int16] = {
        var table = [Int16](repeating: -1, count: 26 * 26)
        for byte in 0..<256 {
            let first = Int(letters[byte * 4] - 0x61)
            let last = Int(letters[byte * 4 + 3] - 0x61)
            table[first * 26 + last] = Int16(byte)
        }
        return table
    }()

    /// The word for a byte.
    public static func word(_ byte: UInt8) -> String {
        let start = Int(byte) * 4
        return String(decoding: letters[start..<start + 4], as: UTF8.self)
    }

    /// The bytes followed by their CRC-32 (big-endian), written in the style.
    public static func encode(_ bytes: [UInt8], style: Style) -> String {
        if style == .minimal {
            var out = [UInt8]()
            appendMinimalWithChecksum(bytes, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
        var data = bytes
        data.append(contentsOf: CRC32.checksum(bytes).bigEndianBytes)
        return String(decoding: encodeWords(data, style: style), as: UTF8.self)
    }

    /// The words of the bytes exactly as given (no checksum), as ASCII bytes.
    static func encodeWords(_ data: [UInt8], style: Style) -> [UInt8] {
        var out = [UInt8]()
        switch style {
        case .minimal:
            appendMinimal(data, to: &out)
        case .standard, .uri:
            let separator: UInt8 = style == .standard ? 0x20 : 0x2d
            out.reserveCapacity(data.count * 5)
            letters.withUnsafeBufferPointer { table in
                for (position, byte) in data.enumerated() {
                    if position > 0 { out.append(separator) }
                    let start = Int(byte) * 4
                    out.append(contentsOf: table[start..<start + 4])
                }
            }
        }
        return out
    }

    /// The first and last letters of each byte's word, as one 16-bit store per byte (little-endian pairs).
    static let minimalPairs: [UInt16] = (0..<256).map { byte in
        UInt16(letters[byte * 4]) | UInt16(letters[byte * 4 + 3]) << 8
    }

    /// Appends the minimal-style letters of `data` (no checksum) to `out`, two ASCII letters per byte.
    static func appendMinimal(_ data: [UInt8], to out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: data.count * 2))
        out.withUnsafeMutableBufferPointer { buffer in
            minimalPairs.withUnsafeBufferPointer { pairs in
                data.withUnsafeBufferPointer { input in
                    var offset = start
                    for byte in input {
                        let pair = pairs[Int(byte)]
                        buffer[offset] = UInt8(truncatingIfNeeded: pair)
                        buffer[offset + 1] = UInt8(truncatingIfNeeded: pair >> 8)
                        offset += 2
                    }
                }
            }
        }
    }

    /// Appends the minimal-style letters of `data` followed by those of its big-endian CRC-32.
    static func appendMinimalWithChecksum(_ data: [UInt8], to out: inout [UInt8]) {
        out.reserveCapacity(out.count + 2 * (data.count + 4))
        appendMinimal(data, to: &out)
        appendMinimal(CRC32.checksum(data).bigEndianBytes, to: &out)
    }

    /// The bytes of a Bytewords string in the style, its checksum checked and removed. Letters may be in
    /// either case. Throws `BytewordsError`: `.tooLong` beyond `maxLength`, `.nonASCII`, `.invalidLength`
    /// (odd minimal length), `.invalidWord`, `.tooShort` (fewer than the 4 checksum bytes),
    /// `.checksumMismatch`. An empty payload (just the checksum of nothing, `aeaeaeae`) decodes to `[]`.
    public static func decode(
        _ string: String, style: Style, maxLength: Int = defaultMaxStringLength
    ) throws
        -> [UInt8]
    {
        let length = string.utf8.count
        guard length <= maxLength else { throw BytewordsError.tooLong(length: length, limit: maxLength) }
        return try decode(utf8: Array(string.utf8), style: style)
    }

    /// `decode` over ASCII bytes already bounded by the caller.
    static func decode(utf8 text: [UInt8], style: Style) throws -> [UInt8] {
        if let offset = text.firstIndex(where: { $0 >= 0x80 }) { throw BytewordsError.nonASCII(offset: offset) }
        guard !text.isEmpty else { throw BytewordsError.tooShort(byteCount: 0) }
        var data = [UInt8]()
        switch style {
        case .minimal:
            guard text.count % 2 == 0 else { throw BytewordsError.invalidLength(text.count) }
            data.reserveCapacity(text.count / 2)
            try text.withUnsafeBufferPointer { chars in
                var offset = 0
                while offset < chars.count {
                    guard let byte = byteFor(first: chars[offset], last: chars[offset + 1]) else {
                        throw BytewordsError.invalidWord(wordText(chars, offset, 2), offset: offset)
                    }
                    data.append(byte)
                    offset += 2
                }
            }
        case .standard, .uri:
            let separator: UInt8 = style == .standard ? 0x20 : 0x2d
            data.reserveCapacity((text.count + 1) / 5)
            try text.withUnsafeBufferPointer { chars in
                var start = 0
                while start <= chars.count {
                    var end = start
                    while end < chars.count && chars[end] != separator { end += 1 }
                    guard end - start == 4, let byte = byteFor(first: chars[start], last: chars[start + 3]),
                        lower(chars[start + 1]) == letters[Int(byte) * 4 + 1],
                        lower(chars[start + 2]) == letters[Int(byte) * 4 + 2]
                    else {
                        throw BytewordsError.invalidWord(wordText(chars, start, end - start), offset: start)
                    }
                    data.append(byte)
                    start = end + 1
                }
            }
        }
        guard data.count >= 4 else { throw BytewordsError.tooShort(byteCount: data.count) }
        let bodyCount = data.count - 4
        let checksum = CRC32.checksum(data[..<bodyCount])
        var declared: UInt32 = 0
        for byte in data[bodyCount...] { declared = declared << 8 | UInt32(byte) }
        guard declared == checksum else { throw BytewordsError.checksumMismatch(expected: declared, actual: checksum) }
        data.removeLast(4)
        return data
    }

    /// Four words naming four bytes, space-separated with no checksum: the short identifier bc-components
    /// prints for a digest (bc-ur-rust `bytewords::identifier`). Uses the first four bytes; fewer are
    /// zero-padded.
    public static func identifier(_ bytes: [UInt8]) -> String {
        var four = Array(bytes.prefix(4))
        four.append(contentsOf: repeatElement(0, count: 4 - four.count))
        return String(decoding: encodeWords(four, style: .standard), as: UTF8.self)
    }

    @inline(__always)
    static func lower(_ character: UInt8) -> UInt8 {
        (0x41...0x5a).contains(character) ? character | 0x20 : character
    }

    @inline(__always)
    static func byteFor(first: UInt8, last: UInt8) -> UInt8? {
        let x = Int(lower(first)) - 0x61
        let y = Int(lower(last)) - 0x61
        guard (0..<26).contains(x), (0..<26).contains(y) else { return nil }
        let value = lookup[x * 26 + y]
        return value < 0 ? nil : UInt8(value)
    }

    private static func wordText(_ chars: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> String {
        let shown = min(max(count, 0), 16)
        return String(decoding: chars[start..<start + shown], as: UTF8.self)
    }
}
