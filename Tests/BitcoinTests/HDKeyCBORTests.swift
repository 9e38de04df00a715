import DeterministicCBOR
import Testing
import UniformResources
@testable import Bitcoin

struct HDKeyCBORTests {
    /// The wallet's `ur:crypto-output` is `409(303({…}))` with the group key, chain code, origin fingerprint and
    /// `<0;1>/*` children; `ur:output-descriptor` is the `tr(@0)` map with a 40303 key. Both decode as dCBOR.
    @Test func walletURs() throws {
        let group = try TestGroup(participants: 3, threshold: 2)
        let wallet = try TaprootWallet(thresholdInfo: group.info, network: .testnet)
        let output = try CBOR.decode(wallet.descriptor.cryptoOutputCBOR)
        guard case let .tagged(409, .tagged(303, .map(key))) = output else {
            Issue.record("not 409(303(map)): \(output)")
            return
        }
        #expect(key[3] == .bytes(wallet.groupKey))
        #expect(key[4] == .bytes(wallet.chainCode))
        #expect(key[5] == .tagged(305, .map(CBORMap([(2, 1)]))))
        let fingerprint = wallet.fingerprint.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(key[6] == .tagged(304, .map(CBORMap([(1, .array([])), (2, .unsigned(fingerprint)), (3, 0)]))))
        #expect(key[7] == .tagged(304, .map(CBORMap([(1, .array([.array([0, false, 1, false]), .array([]), false]))]))))
        #expect(try wallet.descriptor.cryptoOutputUR().string.hasPrefix("ur:crypto-output/"))
        let modern = try CBOR.decode(wallet.descriptor.outputDescriptorCBOR)
        #expect(modern.mapValue?[1] == .text("tr(@0)"))
        #expect(modern.mapValue?[2]?.arrayValue?.first?.taggedValue?.tag == 40303)
        #expect(try wallet.descriptor.outputDescriptorUR().cbor == wallet.descriptor.outputDescriptorCBOR)
        // Mainnet leaves use-info out (its default).
        let mainnet = try TaprootWallet(thresholdInfo: group.info, network: .mainnet)
        let mainnetKey = try CBOR.decode(mainnet.descriptor.cryptoOutputCBOR).taggedValue?.item.taggedValue?.item.mapValue
        #expect(mainnetKey?[5] == nil)
    }
}
