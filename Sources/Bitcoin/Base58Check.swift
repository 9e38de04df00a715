/// Base58Check (Bitcoin's alphabet, 4-byte HASH256 checksum), used by extended keys and legacy addresses.
public enum Base58Check {
    private static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

    /// The longest text `decode` accepts; extended keys are 111 characters.
    public static let maxTextLength = 128

    /// `payload` followed by its checksum, in Base58.
    public static func encode(_ payload: [UInt8]) -> String {
        let bytes = payload + Array(BitcoinHash.hash256(payload).prefix(4))
        let zeros = bytes.prefix { $0 == 0 }.count
        var digits: [UInt8] = []  // base 58, least significant first
        for byte in bytes {
            var carry = Int(byte)
            for i in digits.indices {
                carry += Int(digits[i]) << 8
                digits[i] = UInt8(carry % 58)
                carry /= 58
            }
            while carry > 0 {
                digits.append(UInt8(carry % 58))
                carry /= 58
            }
        }
        let text = [UInt8](repeating: alphabet[0], count: zeros) + digits.reversed().map { alphabet[Int($0)] }
        return String(decoding: text, as: UTF8.self)
    }

    /// The payload of Base58Check `text`; throws `invalidBase58Check` for a character outside the alphabet, text
    /// longer than `maxTextLength`, or a wrong checksum.
    public static func decode(_ text: String) throws -> [UInt8] {
        let characters = Array(text.utf8)
        guard characters.count <= maxTextLength else { throw BitcoinError.invalidBase58Check("too long") }
        let zeros = characters.prefix { $0 == alphabet[0] }.count
        var bytes: [UInt8] = []  // base 256, least significant first
        for character in characters {
            guard let value = alphabet.firstIndex(of: character) else {
                throw BitcoinError.invalidBase58Check("a character outside the Base58 alphabet")
            }
            var carry = value
            for i in bytes.indices {
                carry += Int(bytes[i]) * 58
                bytes[i] = UInt8(carry & 0xff)
                carry >>= 8
            }
            while carry > 0 {
                bytes.append(UInt8(carry & 0xff))
                carry >>= 8
            }
        }
        let decoded = [UInt8](repeating: 0, count: zeros) + bytes.reversed()
        guard decoded.count >= 4 else { throw BitcoinError.invalidBase58Check("shorter than a checksum") }
        let payload = Array(decoded.dropLast(4))
        guard Array(BitcoinHash.hash256(payload).prefix(4)) == Array(decoded.suffix(4)) else {
            throw BitcoinError.invalidBase58Check("wrong checksum")
        }
        return payload
    }
}
