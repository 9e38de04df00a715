/// Hexadecimal text for bytes (RFC 4648 §8), lowercase out and either case in; used for CLI input and
/// for the reference's part descriptions.
public enum Base16 {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Lowercase hex of the bytes.
    public static func encode(_ bytes: [UInt8]) -> String {
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The bytes of hex text, or `nil` when its length is odd or a character is not a hex digit.
    /// ASCII whitespace (spaces, tabs, newlines) between digits is ignored.
    public static func decode(_ text: String) -> [UInt8]? {
        var bytes = [UInt8]()
        bytes.reserveCapacity(text.utf8.count / 2)
        var high: UInt8?
        for character in text.utf8 {
            if character == 0x20 || character == 0x09 || character == 0x0a || character == 0x0d { continue }
            guard let nibble = nibble(character) else { return nil }
            if let pending = high {
                bytes.append(pending << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return high == nil ? bytes : nil
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case 0x30...0x39: return character - 0x30
        case 0x61...0x66: return character - 0x61 + 10
        case 0x41...0x46: return character - 0x41 + 10
        default: return nil
        }
    }
}
