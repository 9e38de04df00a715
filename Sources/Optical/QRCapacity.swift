/// How much a QR symbol holds, from ISO/IEC 18004:2015 Table 7 (data codewords per version and level) and §7.4.
/// The tests check every entry against libqrencode's own choice of version.
public enum QRCapacity {
    /// Data codewords (8 bits each) for versions 1...40, each row L, M, Q, H (ISO/IEC 18004:2015 Table 7).
    static let dataCodewords: [[Int]] = [
        [19, 16, 13, 9], [34, 28, 22, 16], [55, 44, 34, 26], [80, 64, 48, 36], [108, 86, 62, 46],
        [136, 108, 76, 60], [156, 124, 88, 66], [194, 154, 110, 86], [232, 182, 132, 100], [274, 216, 154, 122],
        [324, 254, 180, 140], [370, 290, 206, 158], [428, 334, 244, 180], [461, 365, 261, 197],
        [523, 415, 295, 223], [589, 453, 325, 253], [647, 507, 367, 283], [721, 563, 397, 313],
        [795, 627, 445, 341], [861, 669, 485, 385], [932, 714, 512, 406], [1006, 782, 568, 442],
        [1094, 860, 614, 464], [1174, 914, 664, 514], [1276, 1000, 718, 538], [1370, 1062, 754, 596],
        [1468, 1128, 808, 628], [1531, 1193, 871, 661], [1631, 1267, 911, 701], [1735, 1373, 985, 745],
        [1843, 1455, 1033, 793], [1955, 1541, 1115, 845], [2071, 1631, 1171, 901], [2191, 1725, 1231, 961],
        [2306, 1812, 1286, 986], [2434, 1914, 1354, 1054], [2566, 1992, 1426, 1096], [2702, 2102, 1502, 1142],
        [2812, 2216, 1582, 1222], [2956, 2334, 1666, 1276],
    ]

    /// Bits of data a symbol carries.
    public static func dataBits(version: Int, ecc: QRErrorCorrection) -> Int {
        guard (1...40).contains(version) else { return 0 }
        return 8 * dataCodewords[version - 1][ecc.tableIndex]
    }

    /// Most characters a single alphanumeric segment can hold: 4 mode bits, a count of 9/11/13 bits
    /// (versions 1-9, 10-26, 27-40, ISO/IEC 18004:2015 Table 3), then 11 bits per pair and 6 for an odd last one.
    public static func alphanumericCharacters(version: Int, ecc: QRErrorCorrection) -> Int {
        guard (1...40).contains(version) else { return 0 }
        let countBits = version <= 9 ? 9 : version <= 26 ? 11 : 13
        let available = dataBits(version: version, ecc: ecc) - 4 - countBits
        let pairs = available / 11
        let characters = 2 * pairs + (available - 11 * pairs >= 6 ? 1 : 0)
        return min(characters, (1 << countBits) - 1)
    }

    /// Most bytes a single byte-mode segment can hold: 4 mode bits, a count of 8/16/16 bits, 8 bits a byte.
    public static func byteCharacters(version: Int, ecc: QRErrorCorrection) -> Int {
        guard (1...40).contains(version) else { return 0 }
        let countBits = version <= 9 ? 8 : 16
        return (dataBits(version: version, ecc: ecc) - 4 - countBits) / 8
    }

    /// The smallest version whose capacity in `mode` is at least `characters`, or nil when none is.
    public static func smallestVersion(characters: Int, mode: QRMode, ecc: QRErrorCorrection) -> Int? {
        (1...40).first { capacity(version: $0, mode: mode, ecc: ecc) >= characters }
    }

    /// Capacity in characters of one segment of `mode`.
    public static func capacity(version: Int, mode: QRMode, ecc: QRErrorCorrection) -> Int {
        switch mode {
        case .alphanumeric: return alphanumericCharacters(version: version, ecc: ecc)
        case .byte: return byteCharacters(version: version, ecc: ecc)
        }
    }

    /// Whether every byte is in the 45-character alphanumeric alphabet 0-9 A-Z space $ % * + - . / :
    /// (ISO/IEC 18004:2015 Table 5). An uppercase UR is: its alphabet is letters, digits, ':', '/' and '-'.
    public static func isAlphanumeric<Bytes: Sequence>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"): return true
            case UInt8(ascii: " "), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "*"), UInt8(ascii: "+"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ":"):
                return true
            default: return false
            }
        }
    }
}
