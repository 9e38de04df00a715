import FROST
import Testing
@testable import Bitcoin

struct TaprootWalletTests {
    /// The chain code rule: BIP 328's constant, SHA-256("MuSig2MuSig2MuSig2").
    @Test func defaultChainCodeIsBIP328s() {
        #expect(Base16Text.encode(TaprootWallet.defaultChainCode)
            == "868087ca02a6f974c4598924c36b57762d32cb45717167e300622c7167e38965")
    }

    /// For receive and change addresses, BIP 445's tweak context (FROST's own point arithmetic) with the wallet's
    /// tweaks reaches the same x-only key as BIP 32 CKDpub followed by the BIP 341 TapTweak in libsecp256k1, and
    /// that key is the one in the scriptPubKey and the bech32m address.
    @Test(arguments: [BitcoinNetwork.mainnet, .testnet, .regtest])
    func tweaksReachTheOutputKey(network: BitcoinNetwork) throws {
        let group = try TestGroup(participants: 3, threshold: 2)
        let wallet = try TaprootWallet(thresholdInfo: group.info, network: network)
        for (change, index) in [(false, UInt32(0)), (false, 7), (true, 0), (true, 1_000)] {
            let address = try wallet.address(change: change, index: index)
            let tweaks = try wallet.tweaks(forPath: [change ? 1 : 0, index])
            #expect(tweaks.map(\.isXOnly) == [false, false, true])
            let context = try BIP445TweakContext(thresholdPublicKey: wallet.groupKey)
                .applyingTweaks(tweaks.map(\.tweak), isXOnly: tweaks.map(\.isXOnly))
            let (derived, _) = try wallet.extendedPublicKey.derive([change ? 1 : 0, index])
            let internalKey = Array(derived.publicKey.dropFirst())
            let independent = try #require(Secp256k1Keys.taprootOutputKey(
                internalKey: internalKey, tweak: BitcoinHash.tagged("TapTweak", internalKey)))
            #expect(context.xOnlyPublicKey == independent.xOnly)
            #expect(address.scriptPubKey == [0x51, 0x20] + independent.xOnly)
            let decoded = try #require(Bech32.decodeSegwitAddress(hrp: network.bech32HRP, address.address))
            #expect(decoded.version == 1 && decoded.program == independent.xOnly)
        }
    }

    /// The descriptor: checksums verify, the multipath and single-path forms name the same key, the receive script
    /// read back through `TaprootKeyDescriptor` is the wallet's, and the network picks xpub or tpub.
    @Test func descriptorForms() throws {
        let group = try TestGroup(participants: 3, threshold: 2)
        let wallet = try TaprootWallet(thresholdInfo: group.info, network: .mainnet)
        let descriptor = wallet.descriptor
        let fingerprint = Base16Text.encode(wallet.fingerprint)
        #expect(descriptor.multipath.hasPrefix("tr([\(fingerprint)]xpub"))
        #expect(descriptor.multipath.contains("/<0;1>/*)#"))
        for text in [descriptor.multipath, descriptor.receive, descriptor.change] {
            #expect(try DescriptorChecksum.strip(text) == String(text.prefix { $0 != "#" }))
        }
        let receive = try TaprootKeyDescriptor(parsing: descriptor.receive)
        #expect(try receive.scriptPubKey(index: 5) == wallet.address(change: false, index: 5).scriptPubKey)
        let change = try TaprootKeyDescriptor(parsing: descriptor.change)
        #expect(try change.scriptPubKey(index: 5) == wallet.address(change: true, index: 5).scriptPubKey)
        let multipath = try TaprootKeyDescriptor(parsing: descriptor.multipath)
        #expect(multipath.key.multipath?.indices.map(\.index) == [0, 1])
        let testnet = try TaprootWallet(thresholdInfo: group.info, network: .regtest)
        #expect(testnet.descriptor.multipath.contains("]tpub"))
        #expect(try testnet.address(change: false, index: 0).address.hasPrefix("bcrt1p"))
    }

    /// A changed character breaks the checksum; a group key that is not a point is refused.
    @Test func refusals() throws {
        let group = try TestGroup(participants: 3, threshold: 2)
        let wallet = try TaprootWallet(thresholdInfo: group.info, network: .mainnet)
        let text = wallet.descriptor.multipath
        let broken = text.replacingOccurrences(of: "<0;1>", with: "<1;0>")
        #expect(throws: BitcoinError.self) { try DescriptorChecksum.strip(broken) }
        #expect(throws: BitcoinError.self) { try TaprootWallet(groupKey: [0x02] + [UInt8](repeating: 0xff, count: 32), network: .mainnet) }
        #expect(throws: BitcoinError.self) { try TaprootWallet(groupKey: [0x02], network: .mainnet) }
        #expect(throws: BitcoinError.self) { try wallet.tweaks(forPath: [2, 0]) }
    }
}
