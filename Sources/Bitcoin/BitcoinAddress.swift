/// The address a scriptPubKey pays to, for showing a person where money goes: P2PKH and P2SH in Base58Check,
/// segwit versions 0 to 16 in Bech32 / Bech32m. Nil for any other script (which a summary shows as hex).
public enum BitcoinAddress {
    /// The address of `scriptPubKey` on `network`, or nil for a non-standard script.
    public static func address(scriptPubKey script: [UInt8], network: BitcoinNetwork) -> String? {
        if script.count == 25, script[0] == 0x76, script[1] == 0xa9, script[2] == 0x14, script[23] == 0x88, script[24] == 0xac {
            return Base58Check.encode([network.p2pkhVersion] + script[3..<23])
        }
        if script.count == 23, script[0] == 0xa9, script[1] == 0x14, script[22] == 0x87 {
            return Base58Check.encode([network.p2shVersion] + script[2..<22])
        }
        if let (version, program) = witnessProgram(script) {
            return Bech32.segwitAddress(hrp: network.bech32HRP, version: version, program: program)
        }
        return nil
    }

    /// The witness version and program of a segwit scriptPubKey (BIP 141: OP_n then a 2-to-40-byte push).
    public static func witnessProgram(_ script: [UInt8]) -> (version: Int, program: [UInt8])? {
        guard script.count >= 4, script.count <= 42, Int(script[1]) == script.count - 2 else { return nil }
        switch script[0] {
        case 0x00: return script.count == 22 || script.count == 34 ? (0, Array(script[2...])) : nil
        case 0x51...0x60: return (Int(script[0]) - 0x50, Array(script[2...]))
        default: return nil
        }
    }

    /// Whether the script is a BIP 341 witness version 1 output with a 32-byte key.
    public static func isTaproot(_ script: [UInt8]) -> Bool { script.count == 34 && script[0] == 0x51 && script[1] == 0x20 }
}
