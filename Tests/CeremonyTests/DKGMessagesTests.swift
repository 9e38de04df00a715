import Bitcoin
import DeterministicCBOR
import Testing

@testable import Ceremony

/// The invite's optional Bitcoin network (key 7).
@Suite struct DKGMessagesTests {
    static func invite(_ suite: CeremonySuite, network: BitcoinNetwork?) throws -> DKGInvite {
        let hosts = try (0..<3).map { try HostKey(seed: fixedSeed(UInt8(1 + $0)), label: "device \($0 + 1)") }
        return try DKGInvite(
            session: [UInt8](repeating: 0x5e, count: 32), suite: suite, threshold: 2, roster: hosts.map(\.identity),
            groupLabel: "test group", expiry: 1_800_000_000, network: network)
    }

    /// Each network survives the encoding, is shown, and changes the parameters people compare; no network
    /// leaves key 7 out, so earlier invites encode as before.
    @Test func theNetworkRoundTripsAndIsShown() throws {
        let plain = try Self.invite(.secp256k1, network: nil)
        #expect(plain.cbor.mapValue?.entries.count == 7)
        var hashes: Set<[UInt8]> = [plain.parametersHash]
        for network in BitcoinNetwork.allCases {
            let invite = try Self.invite(.secp256k1, network: network)
            let decoded = try DKGInvite(cbor: invite.cbor)
            #expect(decoded == invite && decoded.network == network)
            #expect(invite.displayLines.contains { $0.contains("Bitcoin network: \(network.rawValue)") })
            hashes.insert(invite.parametersHash)
        }
        #expect(hashes.count == 1 + BitcoinNetwork.allCases.count)
    }

    /// Only a secp256k1 group has a network, and an unknown network number is refused.
    @Test func refusesANetworkItCannotHave() throws {
        #expect(throws: CeremonyError.self) { try Self.invite(.ed25519, network: .mainnet) }
        let invite = try Self.invite(.secp256k1, network: .regtest)
        guard case .map(let map) = invite.cbor else { Issue.record("not a map"); return }
        let entries = map.entries.map { ($0.key.unsignedValue == 7 ? CBOR.unsigned(7) : $0.key,
                                         $0.key.unsignedValue == 7 ? CBOR.unsigned(4) : $0.value) }
        #expect(throws: CeremonyError.self) { try DKGInvite(cbor: .map(CBORMap(entries))) }
        let ed = try Self.invite(.ed25519, network: nil)
        guard case .map(let edMap) = ed.cbor else { Issue.record("not a map"); return }
        let withNetwork = edMap.entries.map { ($0.key, $0.value) } + [(CBOR.unsigned(7), CBOR.unsigned(0))]
        #expect(throws: CeremonyError.self) { try DKGInvite(cbor: .map(CBORMap(withNetwork))) }
    }
}
