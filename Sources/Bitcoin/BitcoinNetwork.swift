/// The network a wallet lives on, chosen at key generation: it fixes the extended key version bytes, the BIP 44
/// coin type of crypto-output's coin-info and the address prefixes.
public enum BitcoinNetwork: String, Sendable, Hashable, CaseIterable, Codable {
    /// Bitcoin mainnet: xpub, bc1…
    case mainnet
    /// Testnet: tpub, tb1…
    case testnet
    /// Signet, encoded like testnet: tpub, tb1…
    case signet
    /// Regtest: tpub, bcrt1…
    case regtest

    /// The network's number in a key generation invite (Vectors/ceremony/REGISTRY.md): 0 mainnet, 1 testnet,
    /// 2 signet, 3 regtest.
    public var code: UInt64 {
        switch self {
        case .mainnet: 0
        case .testnet: 1
        case .signet: 2
        case .regtest: 3
        }
    }

    /// The network numbered `code`, nil for an unknown number.
    public init?(code: UInt64) {
        guard let network = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = network
    }

    /// BIP 32 version bytes of an extended public key (xpub 0x0488B21E, tpub 0x043587CF).
    public var extendedPublicKeyVersion: UInt32 { self == .mainnet ? 0x0488_B21E : 0x0435_87CF }

    /// The human-readable part of segwit addresses (BIP 173).
    public var bech32HRP: String {
        switch self {
        case .mainnet: "bc"
        case .testnet, .signet: "tb"
        case .regtest: "bcrt"
        }
    }

    /// The Base58Check version byte of P2PKH addresses.
    var p2pkhVersion: UInt8 { self == .mainnet ? 0x00 : 0x6f }
    /// The Base58Check version byte of P2SH addresses.
    var p2shVersion: UInt8 { self == .mainnet ? 0x05 : 0xc4 }

    /// BCR-2020-007 coin-info network: 0 mainnet, 1 testnet (regtest and signet included).
    public var coinInfoNetwork: Int { self == .mainnet ? 0 : 1 }

    /// The BIP 44 coin type: 0 on mainnet, 1 on every test network.
    public var coinType: UInt32 { self == .mainnet ? 0 : 1 }
}
