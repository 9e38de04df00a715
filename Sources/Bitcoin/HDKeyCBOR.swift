import DeterministicCBOR
import UniformResources

/// BCR-2020-007 `keypath` (tag 304 in version 1, 40304 in version 2): derivation components, the source
/// fingerprint and the depth.
public struct KeyPathCBOR: Sendable, Hashable {
    /// One path component.
    public enum Component: Sendable, Hashable {
        /// child-index-component: (index, is-hardened).
        case index(UInt32, hardened: Bool)
        /// child-wildcard-component: ([], is-hardened).
        case wildcard(hardened: Bool)
        /// child-pair-component: [external (index, is-hardened), internal (index, is-hardened)], BIP 389's `<a;b>`.
        case pair(UInt32, Bool, UInt32, Bool)
    }

    /// The components in order.
    public let components: [Component]
    /// source-fingerprint, the ancestor's (or master's) fingerprint; required when `components` is empty.
    public let sourceFingerprint: UInt32?
    /// depth, the number of derivation steps of the key.
    public let depth: Int?

    /// A keypath from its fields.
    public init(components: [Component], sourceFingerprint: UInt32? = nil, depth: Int? = nil) {
        self.components = components
        self.sourceFingerprint = sourceFingerprint
        self.depth = depth
    }

    /// The map (untagged).
    public var cbor: CBOR {
        var items: [CBOR] = []
        for component in components {
            switch component {
            case let .index(index, hardened): items += [.unsigned(UInt64(index)), .simple(hardened ? .true : .false)]
            case let .wildcard(hardened): items += [.array([]), .simple(hardened ? .true : .false)]
            case let .pair(a, ha, b, hb):
                items.append(.array([.unsigned(UInt64(a)), .simple(ha ? .true : .false), .unsigned(UInt64(b)),
                                     .simple(hb ? .true : .false)]))
            }
        }
        var map = CBORMap()
        map[1] = .array(items)
        if let sourceFingerprint { map[2] = .unsigned(UInt64(sourceFingerprint)) }
        if let depth { map[3] = CBOR(depth) }
        return .map(map)
    }
}

/// BCR-2020-007 `hdkey` (tag 303 in version 1 `crypto-hdkey`, 40303 in version 2) for a derived public key, the
/// form an output descriptor carries.
public struct HDKeyCBOR: Sendable, Hashable {
    /// key-data, 33 bytes compressed.
    public let keyData: [UInt8]
    /// chain-code, 32 bytes.
    public let chainCode: [UInt8]?
    /// use-info's network (coin type BTC): nil leaves use-info out (mainnet by default).
    public let network: Int?
    /// origin.
    public let origin: KeyPathCBOR?
    /// children.
    public let children: KeyPathCBOR?
    /// parent-fingerprint.
    public let parentFingerprint: UInt32?

    /// An hdkey from its fields.
    public init(keyData: [UInt8], chainCode: [UInt8]?, network: Int? = nil, origin: KeyPathCBOR? = nil,
                children: KeyPathCBOR? = nil, parentFingerprint: UInt32? = nil) {
        self.keyData = keyData
        self.chainCode = chainCode
        self.network = network
        self.origin = origin
        self.children = children
        self.parentFingerprint = parentFingerprint
    }

    /// The map (untagged), with its nested items tagged for `version` 1 (3xx tags) or 2 (403xx tags).
    public func cbor(version: Int) -> CBOR {
        let keypathTag: UInt64 = version == 1 ? 304 : 40304
        var map = CBORMap()
        map[3] = .bytes(keyData)
        if let chainCode { map[4] = .bytes(chainCode) }
        if let network { map[5] = .tagged(version == 1 ? 305 : 40305, .map(CBORMap([(2, CBOR(network))]))) }
        if let origin { map[6] = .tagged(keypathTag, origin.cbor) }
        if let children { map[7] = .tagged(keypathTag, children.cbor) }
        if let parentFingerprint { map[8] = .unsigned(UInt64(parentFingerprint)) }
        return .map(map)
    }

    /// The map tagged as an hdkey of `version`.
    public func tagged(version: Int) -> CBOR { .tagged(version == 1 ? 303 : 40303, cbor(version: version)) }
}

extension TaprootWallet {
    /// The wallet's root key as an hdkey: key, chain code, use-info on test networks, origin = the key's own
    /// fingerprint at depth 0, children `<0;1>/*` as a child-pair and a wildcard.
    var hdKey: HDKeyCBOR {
        let fingerprint = fingerprint.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return HDKeyCBOR(
            keyData: groupKey, chainCode: chainCode, network: network == .mainnet ? nil : network.coinInfoNetwork,
            origin: KeyPathCBOR(components: [], sourceFingerprint: fingerprint, depth: 0),
            children: KeyPathCBOR(components: [.pair(Self.receiveBranch, false, Self.changeBranch, false),
                                               .wildcard(hardened: false)]))
    }
}

extension OutputDescriptor {
    /// `ur:crypto-output` (BCR-2020-010, what Sparrow imports): `409(303({…}))`, untagged at the top level as the
    /// UR registry requires, the hdkey's children `<0;1>/*`.
    public var cryptoOutputCBOR: [UInt8] { CBOR.tagged(409, wallet.hdKey.tagged(version: 1)).encoded }

    /// `ur:output-descriptor` (BCR-2023-010): `{1: "tr(@0)", 2: [40303({…})]}`, untagged at the top level.
    public var outputDescriptorCBOR: [UInt8] {
        CBOR.map(CBORMap([(1, .text("tr(@0)")), (2, .array([wallet.hdKey.tagged(version: 2)]))])).encoded
    }

    /// The `ur:crypto-output` UR (single part; `UREncoder` animates it). Throws only what `UR.init` throws.
    public func cryptoOutputUR() throws -> UR { try UR(type: "crypto-output", cbor: cryptoOutputCBOR) }

    /// The `ur:output-descriptor` UR. Throws only what `UR.init` throws.
    public func outputDescriptorUR() throws -> UR { try UR(type: "output-descriptor", cbor: outputDescriptorCBOR) }
}
