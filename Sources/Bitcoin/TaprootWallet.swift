import FROST

/// The group's watch-only Taproot wallet (issue 13, part 1): the extended public key made of the group's threshold
/// public key and a chain code, BIP 32 non-hardened derivation `<0;1>/*` (receive and change), and for each derived
/// key a BIP 341 key-path output whose script path is unspendable (BIP 86: the x-only tweak commits to no script).
///
/// Signing for a derived output is BIP 445 signing with tweaks: the BIP 32 steps' I_L as plain tweaks, then the
/// TapTweak as an x-only tweak (`tweaks(forChange:index:)`).
public struct TaprootWallet: Sendable, Hashable {
    /// The group's 33-byte compressed threshold public key (BIP 445 ThresholdInfo's thresh_pk).
    public let groupKey: [UInt8]
    /// The chain code of the wallet's root extended key.
    public let chainCode: [UInt8]
    /// The network addresses and extended keys are encoded for.
    public let network: BitcoinNetwork
    /// The root extended public key: `groupKey` with `chainCode`, depth 0.
    public let extendedPublicKey: ExtendedPublicKey

    /// The chain code rule of docs/BITCOIN.md: BIP 328's constant SHA-256("MuSig2MuSig2MuSig2"), the chain code
    /// BIP 328 gives a key that has no chain code of its own (a MuSig2 aggregate key; here a FROST group key).
    public static let defaultChainCode: [UInt8] = BitcoinHash.sha256(Array("MuSig2MuSig2MuSig2".utf8))

    /// The receive (0) and change (1) branches of `<0;1>/*`.
    public static let receiveBranch: UInt32 = 0
    /// The change branch.
    public static let changeBranch: UInt32 = 1

    /// The wallet of a group key. Throws `wrongLength` or `invalidPublicKey` for a key that is not a compressed
    /// point, `wrongLength` for a chain code that is not 32 bytes.
    public init(groupKey: [UInt8], chainCode: [UInt8] = TaprootWallet.defaultChainCode, network: BitcoinNetwork) throws {
        guard groupKey.count == 33 else { throw BitcoinError.wrongLength(what: "group key", expected: 33, actual: groupKey.count) }
        self.groupKey = groupKey
        self.chainCode = chainCode
        self.network = network
        extendedPublicKey = try ExtendedPublicKey(publicKey: groupKey, chainCode: chainCode, network: network)
    }

    /// The wallet of a BIP 445 key generation's result.
    public init(thresholdInfo: BIP445ThresholdInfo, chainCode: [UInt8] = TaprootWallet.defaultChainCode,
                network: BitcoinNetwork) throws {
        try self.init(groupKey: thresholdInfo.thresholdPublicKey, chainCode: chainCode, network: network)
    }

    /// The master fingerprint of the descriptor's key origin: HASH160(groupKey)[0..<4].
    public var fingerprint: [UInt8] { extendedPublicKey.fingerprint }

    /// The BIP 32 path of an address: branch 0 (receive) or 1 (change), then the index.
    public static func path(change: Bool, index: UInt32) -> [UInt32] { [change ? changeBranch : receiveBranch, index] }

    /// The derived address key, what one output of the wallet is made from.
    public func address(change: Bool, index: UInt32) throws -> TaprootAddress {
        let path = Self.path(change: change, index: index)
        let (key, bip32Tweaks) = try extendedPublicKey.derive(path)
        let internalKey = Array(key.publicKey.dropFirst())
        let tapTweak = BIP445.taprootTweak(internalKey: internalKey, merkleRoot: nil)
        guard let output = Secp256k1Keys.taprootOutputKey(internalKey: internalKey, tweak: tapTweak) else {
            throw BitcoinError.derivationFailed("the TapTweak of \(path) is out of range")
        }
        let tweaks = bip32Tweaks.map { SigningTweak(tweak: $0, isXOnly: false) } + [SigningTweak(tweak: tapTweak, isXOnly: true)]
        return TaprootAddress(path: path, derivedKey: key.publicKey, internalKey: internalKey, outputKey: output.xOnly,
                              tweaks: tweaks, network: network)
    }

    /// The list of (tweak, isXOnly) a BIP 445 session must apply, in order, to sign for the output at `path`
    /// (`[branch, index]`): two plain BIP 32 tweaks and the BIP 341 TapTweak.
    public func tweaks(forPath path: [UInt32]) throws -> [SigningTweak] {
        guard path.count == 2, path[0] <= Self.changeBranch else {
            throw BitcoinError.derivationFailed("path \(path) is not <0;1>/*")
        }
        return try address(change: path[0] == Self.changeBranch, index: path[1]).tweaks
    }

    /// The descriptor of this wallet (BIP 386 `tr()` with a BIP 389 multipath key).
    public var descriptor: OutputDescriptor { OutputDescriptor(wallet: self) }
}

/// One tweak of a BIP 445 signing session: 32 bytes and whether it is x-only (BIP 341) or plain (BIP 32).
public struct SigningTweak: Sendable, Hashable {
    /// The 32-byte tweak.
    public let tweak: [UInt8]
    /// Whether BIP 445 applies it as an x-only tweak.
    public let isXOnly: Bool

    /// A tweak and its mode.
    public init(tweak: [UInt8], isXOnly: Bool) {
        self.tweak = tweak
        self.isXOnly = isXOnly
    }
}

/// One derived output of the wallet: its path, keys, script and address, and the tweaks that sign for it.
public struct TaprootAddress: Sendable, Hashable {
    /// `[branch, index]` below the root key.
    public let path: [UInt32]
    /// The derived compressed public key (BIP 32).
    public let derivedKey: [UInt8]
    /// The BIP 341 internal key: the derived key's x coordinate.
    public let internalKey: [UInt8]
    /// The BIP 341 output key Q = P + hash_TapTweak(P)·G, x-only.
    public let outputKey: [UInt8]
    /// The BIP 445 tweaks from the group key to the output key.
    public let tweaks: [SigningTweak]
    /// The network of the address.
    public let network: BitcoinNetwork

    /// OP_1 <32-byte output key> (BIP 341 witness v1).
    public var scriptPubKey: [UInt8] { [0x51, 0x20] + outputKey }

    /// The Bech32m address (BIP 350).
    public var address: String { Bech32.segwitAddress(hrp: network.bech32HRP, version: 1, program: outputKey) }
}
