import Testing
@testable import Bitcoin

struct BitcoinNetworkTests {
    @Test func encodings() {
        #expect(BitcoinNetwork.mainnet.bech32HRP == "bc" && BitcoinNetwork.testnet.bech32HRP == "tb")
        #expect(BitcoinNetwork.regtest.bech32HRP == "bcrt")
        #expect(BitcoinNetwork.mainnet.extendedPublicKeyVersion == 0x0488_B21E)
        #expect(BitcoinNetwork.regtest.extendedPublicKeyVersion == BitcoinNetwork.testnet.extendedPublicKeyVersion)
    }
}
