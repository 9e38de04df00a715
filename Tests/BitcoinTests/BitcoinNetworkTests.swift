import Testing
@testable import Bitcoin

struct BitcoinNetworkTests {
    @Test func encodings() {
        #expect(BitcoinNetwork.mainnet.bech32HRP == "bc" && BitcoinNetwork.testnet.bech32HRP == "tb")
        #expect(BitcoinNetwork.regtest.bech32HRP == "bcrt")
        #expect(BitcoinNetwork.mainnet.extendedPublicKeyVersion == 0x0488_B21E)
        #expect(BitcoinNetwork.regtest.extendedPublicKeyVersion == BitcoinNetwork.testnet.extendedPublicKeyVersion)
        #expect(BitcoinNetwork.signet.bech32HRP == "tb" && BitcoinNetwork.signet.coinType == 1)
    }

    /// Every network has its own invite number and comes back from it; other numbers name none.
    @Test func codes() {
        #expect(BitcoinNetwork.allCases.map(\.code) == [0, 1, 2, 3])
        #expect(BitcoinNetwork.allCases.allSatisfy { BitcoinNetwork(code: $0.code) == $0 })
        #expect(BitcoinNetwork(code: 4) == nil)
    }
}
