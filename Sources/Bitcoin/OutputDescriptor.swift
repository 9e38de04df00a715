/// The group wallet's output descriptor (BIP 380 / 386 / 389): `tr([fingerprint]xpub…/<0;1>/*)#checksum`, with the
/// two single-path forms for wallets that do not read multipath descriptors.
public struct OutputDescriptor: Sendable, Hashable {
    /// The wallet the descriptor describes.
    public let wallet: TaprootWallet

    /// The descriptor of `wallet`.
    public init(wallet: TaprootWallet) { self.wallet = wallet }

    /// The key expression before the derivation steps: `[fingerprint]xpub…` (the root key is its own origin).
    public var keyExpression: String {
        "[\(Base16Text.encode(wallet.fingerprint))]\(wallet.extendedPublicKey.base58)"
    }

    /// The BIP 389 multipath descriptor, with checksum: `tr([fp]xpub…/<0;1>/*)#…`.
    public var multipath: String { DescriptorChecksum.appending(to: "tr(\(keyExpression)/<0;1>/*)") }

    /// The receive descriptor, with checksum: `tr([fp]xpub…/0/*)#…`.
    public var receive: String { DescriptorChecksum.appending(to: "tr(\(keyExpression)/0/*)") }

    /// The change descriptor, with checksum: `tr([fp]xpub…/1/*)#…`.
    public var change: String { DescriptorChecksum.appending(to: "tr(\(keyExpression)/1/*)") }
}

/// BIP 380 §"Checksum": eight characters of a BCH code over the descriptor text, appended after `#`.
public enum DescriptorChecksum {
    private static let inputCharset = Array(
        "0123456789()[],'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#\"\\ ".utf8)
    private static let checksumCharset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)

    private static func polymod(_ symbols: [UInt64]) -> UInt64 {
        let generator: [UInt64] = [0xf5_dee5_1989, 0xa9_fdca_3312, 0x1b_ab10_e32d, 0x37_06b1_677a, 0x64_4d62_6ffd]
        var checksum: UInt64 = 1
        for symbol in symbols {
            let top = checksum >> 35
            checksum = (checksum & 0x7_ffff_ffff) << 5 ^ symbol
            for i in 0..<5 where (top >> UInt64(i)) & 1 == 1 { checksum ^= generator[i] }
        }
        return checksum
    }

    /// The checksum of descriptor text without `#`; nil when it has a character outside BIP 380's input set.
    public static func checksum(_ descriptor: String) -> String? {
        var symbols: [UInt64] = []
        var groups: [UInt64] = []
        for character in descriptor.utf8 {
            guard let value = inputCharset.firstIndex(of: character) else { return nil }
            symbols.append(UInt64(value & 31))
            groups.append(UInt64(value >> 5))
            if groups.count == 3 {
                symbols.append(groups[0] * 9 + groups[1] * 3 + groups[2])
                groups = []
            }
        }
        if groups.count == 1 { symbols.append(groups[0]) }
        if groups.count == 2 { symbols.append(groups[0] * 3 + groups[1]) }
        let value = polymod(symbols + [0, 0, 0, 0, 0, 0, 0, 0]) ^ 1
        return String(decoding: (0..<8).map { checksumCharset[Int((value >> UInt64(5 * (7 - $0))) & 31)] }, as: UTF8.self)
    }

    /// `descriptor#checksum`.
    public static func appending(to descriptor: String) -> String { descriptor + "#" + (checksum(descriptor) ?? "") }

    /// The descriptor without its checksum, after checking it: text without `#` is returned as it is; text with
    /// `#` must end in the eight correct characters. Throws `invalidDescriptor` for characters outside the input
    /// set and `invalidDescriptorChecksum` for a missing, short, long or wrong checksum.
    public static func strip(_ text: String) throws -> String {
        let parts = text.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let body = String(parts[0])
        guard let expected = checksum(body) else { throw BitcoinError.invalidDescriptor("a character outside BIP 380's set") }
        guard parts.count == 2 else { return body }
        let given = String(parts[1])
        guard given == expected else { throw BitcoinError.invalidDescriptorChecksum(expected: expected, actual: given) }
        return body
    }
}

/// Lowercase hexadecimal, for fingerprints in descriptors.
enum Base16Text {
    static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        for i in stride(from: 0, to: characters.count, by: 2) {
            guard let high = nibble(characters[i]), let low = nibble(characters[i + 1]) else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }
}
