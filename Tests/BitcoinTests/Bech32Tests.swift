import Testing
@testable import Bitcoin

struct Bech32Tests {
    /// BIP 350's valid segwit addresses (version 0 in Bech32, 1 in Bech32m) decode and encode back.
    @Test(arguments: [
        ("bc", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", 0, "751e76e8199196d454941c45d1b3a323f1433bd6"),
        ("tb", "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", 0,
         "1863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262"),
        ("bc", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", 1,
         "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"),
    ])
    func roundTrip(hrp: String, address: String, version: Int, program: String) throws {
        let decoded = try #require(Bech32.decodeSegwitAddress(hrp: hrp, address))
        #expect(decoded.version == version && Base16Text.encode(decoded.program) == program)
        #expect(Bech32.segwitAddress(hrp: hrp, version: version, program: decoded.program) == address)
    }

    /// BIP 350's invalid addresses: a version 1 program with a Bech32 checksum, a version 0 program with Bech32m.
    @Test(arguments: [
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",
    ])
    func refusesWrongVariant(address: String) {
        #expect(Bech32.decodeSegwitAddress(hrp: "bc", address) == nil)
    }
}
