/// A JPEG's marker structure, checked in Swift before libjpeg sees the bytes. libjpeg reports fatal errors by
/// calling `error_exit`, which must not return; validating first keeps hostile files away from that path (the
/// `setjmp` in Sources/CJPEG/shim.h is only a last resort). ITU-T T.81 §B.1-B.2 (markers, frame and scan headers).
struct JPEGHeader: Equatable {
    var width: Int
    var height: Int
    var components: Int
    var progressive: Bool

    /// Parses and checks SOI, DQT, DHT, SOFn, SOS and the presence of EOI; throws a typed error for anything
    /// libjpeg would reject fatally or anything we do not support (lossless, arithmetic, hierarchical, CMYK).
    static func parse(_ bytes: [UInt8], limits: ImageLimits) throws(OpticalError) -> JPEGHeader {
        func malformed(_ reason: String) -> OpticalError { .malformedImage(format: "JPEG", reason: reason) }
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { throw malformed("no SOI marker") }
        var position = 2
        var frame: (header: JPEGHeader, ids: [UInt8], quantTables: [Int])?
        var quantDefined = Set<Int>()
        var scans = 0
        while true {
            // Markers may be preceded by any number of 0xFF fill bytes (T.81 §B.1.1.2).
            guard position < bytes.count else { throw .truncatedImage(format: "JPEG") }
            guard bytes[position] == 0xFF else {
                if scans > 0 {
                    position = try skipEntropyData(bytes, from: position)
                    continue
                }
                throw malformed("expected a marker at byte \(position)")
            }
            while position < bytes.count, bytes[position] == 0xFF { position += 1 }
            guard position < bytes.count else { throw .truncatedImage(format: "JPEG") }
            let marker = bytes[position]
            position += 1
            switch marker {
            case 0xD9:
                guard let frame, scans > 0 else { throw malformed("EOI before any scan") }
                return frame.header
            case 0xD0...0xD7, 0x01:
                guard scans > 0 else { throw malformed("restart marker before the first scan") }
                continue
            case 0xD8:
                throw malformed("second SOI marker")
            default:
                break
            }
            guard position + 2 <= bytes.count else { throw .truncatedImage(format: "JPEG") }
            let length = Int(bytes[position]) << 8 | Int(bytes[position + 1])
            guard length >= 2 else { throw malformed("segment length \(length)") }
            guard position + length <= bytes.count else { throw .truncatedImage(format: "JPEG") }
            let segment = Array(bytes[(position + 2)..<(position + length)])
            position += length
            switch marker {
            case 0xC0, 0xC1, 0xC2:
                guard frame == nil else { throw malformed("more than one frame header") }
                frame = try parseFrame(segment, progressive: marker == 0xC2, limits: limits)
            case 0xC3, 0xC5...0xC7, 0xC9...0xCB, 0xCD...0xCF:
                throw malformed(String(format: "unsupported coding process (SOF marker 0x%02X)", Int(marker)))
            case 0xDB:
                quantDefined.formUnion(try parseQuantTables(segment))
            case 0xC4:
                try checkHuffmanTables(segment)
            case 0xDA:
                guard let frame else { throw malformed("scan before the frame header") }
                guard frame.quantTables.allSatisfy(quantDefined.contains) else {
                    throw malformed("a component uses an undefined quantisation table")
                }
                try checkScan(segment, ids: frame.ids, progressive: frame.header.progressive)
                scans += 1
                position = try skipEntropyData(bytes, from: position)
            default:
                // APPn, COM, DRI, DNL and the rest carry nothing we need; their length was checked above.
                break
            }
        }
    }

    /// The index of the next marker after entropy-coded data (skipping stuffed 0xFF00 and restart markers).
    private static func skipEntropyData(_ bytes: [UInt8], from start: Int) throws(OpticalError) -> Int {
        var position = start
        while position + 1 < bytes.count {
            if bytes[position] == 0xFF {
                let next = bytes[position + 1]
                if next != 0x00, next != 0xFF, !(0xD0...0xD7).contains(next) { return position }
            }
            position += 1
        }
        throw .truncatedImage(format: "JPEG")
    }

    private static func parseFrame(
        _ segment: [UInt8], progressive: Bool, limits: ImageLimits
    ) throws(OpticalError) -> (header: JPEGHeader, ids: [UInt8], quantTables: [Int]) {
        func malformed(_ reason: String) -> OpticalError { .malformedImage(format: "JPEG", reason: reason) }
        guard segment.count >= 6 else { throw malformed("short frame header") }
        guard segment[0] == 8 else { throw malformed("sample precision \(segment[0]) (only 8 is supported)") }
        let height = Int(segment[1]) << 8 | Int(segment[2])
        let width = Int(segment[3]) << 8 | Int(segment[4])
        try limits.check(width: width, height: height)
        let count = Int(segment[5])
        guard count == 1 || count == 3 else { throw malformed("\(count) components (1 or 3 are supported)") }
        guard segment.count == 6 + 3 * count else { throw malformed("frame header length") }
        var ids: [UInt8] = [], tables: [Int] = []
        for component in 0..<count {
            let base = 6 + 3 * component
            let horizontal = segment[base + 1] >> 4, vertical = segment[base + 1] & 0x0F
            guard (1...4).contains(horizontal), (1...4).contains(vertical) else { throw malformed("sampling factor") }
            guard segment[base + 2] <= 3 else { throw malformed("quantisation table selector") }
            guard !ids.contains(segment[base]) else { throw malformed("duplicate component id") }
            ids.append(segment[base])
            tables.append(Int(segment[base + 2]))
        }
        return (JPEGHeader(width: width, height: height, components: count, progressive: progressive), ids, tables)
    }

    private static func parseQuantTables(_ segment: [UInt8]) throws(OpticalError) -> Set<Int> {
        var position = 0, defined = Set<Int>()
        while position < segment.count {
            let precision = segment[position] >> 4, table = Int(segment[position] & 0x0F)
            guard precision <= 1, table <= 3 else {
                throw .malformedImage(format: "JPEG", reason: "quantisation table header")
            }
            position += 1 + 64 * (precision == 0 ? 1 : 2)
            guard position <= segment.count else { throw .malformedImage(format: "JPEG", reason: "short DQT") }
            defined.insert(table)
        }
        return defined
    }

    /// T.81 §C: the code lengths must form a prefix code (libjpeg's JERR_BAD_HUFF_TABLE), DC symbols ≤ 15.
    private static func checkHuffmanTables(_ segment: [UInt8]) throws(OpticalError) {
        func malformed(_ reason: String) -> OpticalError { .malformedImage(format: "JPEG", reason: reason) }
        var position = 0
        while position < segment.count {
            let tableClass = segment[position] >> 4, table = segment[position] & 0x0F
            guard tableClass <= 1, table <= 3 else { throw malformed("Huffman table header") }
            guard position + 17 <= segment.count else { throw malformed("short DHT") }
            var code = 0, total = 0
            for length in 1...16 {
                let count = Int(segment[position + length])
                code += count
                total += count
                guard code <= 1 << length else { throw malformed("Huffman code lengths overflow") }
                code <<= 1
            }
            guard total <= 256, position + 17 + total <= segment.count else { throw malformed("Huffman table size") }
            if tableClass == 0, segment[(position + 17)..<(position + 17 + total)].contains(where: { $0 > 15 }) {
                throw malformed("DC Huffman symbol over 15")
            }
            position += 17 + total
        }
    }

    private static func checkScan(_ segment: [UInt8], ids: [UInt8], progressive: Bool) throws(OpticalError) {
        func malformed(_ reason: String) -> OpticalError { .malformedImage(format: "JPEG", reason: reason) }
        guard let count = segment.first.map(Int.init), (1...4).contains(count), segment.count == 4 + 2 * count else {
            throw malformed("scan header length")
        }
        for component in 0..<count {
            guard ids.contains(segment[1 + 2 * component]) else { throw malformed("scan names an unknown component") }
            let tables = segment[2 + 2 * component]
            guard tables >> 4 <= 3, tables & 0x0F <= 3 else { throw malformed("scan Huffman table selector") }
        }
        let start = Int(segment[1 + 2 * count]), end = Int(segment[2 + 2 * count])
        let high = Int(segment[3 + 2 * count] >> 4), low = Int(segment[3 + 2 * count] & 0x0F)
        if progressive {
            guard start <= end, end <= 63, high <= 13, low <= 13 else { throw malformed("progressive scan parameters") }
            guard (start == 0) == (end == 0), start == 0 || count == 1 else {
                throw malformed("progressive scan shape")
            }
        } else {
            guard start == 0, end == 63, high == 0, low == 0 else { throw malformed("sequential scan parameters") }
        }
    }
}
