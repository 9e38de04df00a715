/// Bech32 (BIP 173) and Bech32m (BIP 350) segwit addresses: the human-readable part, the witness version and the
/// program, in the 32-character alphabet with a 6-character BCH checksum.
public enum Bech32 {
    /// The checksum constant: 1 for Bech32 (witness version 0), 0x2bc830a3 for Bech32m (versions 1 to 16).
    public enum Variant: Sendable {
        case bech32, bech32m
        var constant: UInt32 { self == .bech32 ? 1 : 0x2bc8_30a3 }
    }

    private static let alphabet = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
        var checksum: UInt32 = 1
        for value in values {
            let top = checksum >> 25
            checksum = (checksum & 0x1ff_ffff) << 5 ^ UInt32(value)
            for i in 0..<5 where (top >> UInt32(i)) & 1 == 1 { checksum ^= generator[i] }
        }
        return checksum
    }

    private static func expand(_ hrp: [UInt8]) -> [UInt8] { hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 } }

    /// Regroups bits from `fromBits`-bit to `toBits`-bit groups (BIP 173 convertbits); nil when `pad` is false and
    /// the leftover bits are not zero padding.
    static func regroup(_ data: [UInt8], from fromBits: Int, to toBits: Int, pad: Bool) -> [UInt8]? {
        var accumulator = 0, bits = 0, out: [UInt8] = []
        let mask = (1 << toBits) - 1
        for value in data {
            guard Int(value) >> fromBits == 0 else { return nil }
            accumulator = (accumulator << fromBits) | Int(value)
            bits += fromBits
            while bits >= toBits {
                bits -= toBits
                out.append(UInt8((accumulator >> bits) & mask))
            }
        }
        if pad {
            if bits > 0 { out.append(UInt8((accumulator << (toBits - bits)) & mask)) }
        } else if bits >= fromBits || (accumulator << (toBits - bits)) & mask != 0 {
            return nil
        }
        return out
    }

    /// The segwit address of `program` under witness `version` (0...16): Bech32 for version 0, Bech32m otherwise
    /// (BIP 350). `hrp` is lowercase ASCII.
    public static func segwitAddress(hrp: String, version: Int, program: [UInt8]) -> String {
        let hrpBytes = Array(hrp.utf8)
        let data = [UInt8(version)] + (regroup(program, from: 8, to: 5, pad: true) ?? [])
        let variant: Variant = version == 0 ? .bech32 : .bech32m
        let checksumInput = expand(hrpBytes) + data + [0, 0, 0, 0, 0, 0]
        let checksum = polymod(checksumInput) ^ variant.constant
        let checksumDigits = (0..<6).map { UInt8((checksum >> UInt32(5 * (5 - $0))) & 31) }
        return hrp + "1" + String(decoding: (data + checksumDigits).map { alphabet[Int($0)] }, as: UTF8.self)
    }

    /// The witness version and program of a segwit address with human-readable part `hrp`, checking the variant
    /// the version requires and the program lengths of BIP 141; nil for anything else.
    public static func decodeSegwitAddress(hrp: String, _ address: String) -> (version: Int, program: [UInt8])? {
        let lower = address.lowercased()
        guard address == lower || address == address.uppercased(), lower.utf8.count <= 90 else { return nil }
        let bytes = Array(lower.utf8)
        guard let separator = bytes.lastIndex(of: UInt8(ascii: "1")), Array(bytes[..<separator]) == Array(hrp.utf8),
              bytes.count - separator - 1 >= 7
        else { return nil }
        var data: [UInt8] = []
        for character in bytes[(separator + 1)...] {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            data.append(UInt8(value))
        }
        guard let version = data.first, version <= 16 else { return nil }
        let variant: Variant = version == 0 ? .bech32 : .bech32m
        guard polymod(expand(Array(hrp.utf8)) + data) == variant.constant,
              let program = regroup(Array(data.dropFirst().dropLast(6)), from: 5, to: 8, pad: false),
              (2...40).contains(program.count), version != 0 || program.count == 20 || program.count == 32
        else { return nil }
        return (Int(version), program)
    }
}
