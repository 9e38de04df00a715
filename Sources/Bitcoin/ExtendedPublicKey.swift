import FROST

/// A BIP 32 extended public key: a compressed point, a chain code, and where it sits in a tree (depth, parent
/// fingerprint, child number), on a network. Only non-hardened (public) derivation is possible.
public struct ExtendedPublicKey: Sendable, Hashable {
    /// The 33-byte compressed public key K.
    public let publicKey: [UInt8]
    /// The 32-byte chain code c.
    public let chainCode: [UInt8]
    /// The depth in the tree: 0 for a master key.
    public let depth: UInt8
    /// The first four bytes of the parent's HASH160; zero for a master key.
    public let parentFingerprint: [UInt8]
    /// The child number this key was derived with; zero for a master key.
    public let childNumber: UInt32
    /// The network, which chooses the version bytes (xpub or tpub).
    public let network: BitcoinNetwork

    /// The first hardened child number.
    public static let hardenedOffset: UInt32 = 0x8000_0000

    /// A key from its parts; throws `wrongLength` or `invalidPublicKey`.
    public init(publicKey: [UInt8], chainCode: [UInt8], depth: UInt8 = 0, parentFingerprint: [UInt8] = [0, 0, 0, 0],
                childNumber: UInt32 = 0, network: BitcoinNetwork) throws {
        guard chainCode.count == 32 else { throw BitcoinError.wrongLength(what: "chain code", expected: 32, actual: chainCode.count) }
        guard parentFingerprint.count == 4 else {
            throw BitcoinError.wrongLength(what: "parent fingerprint", expected: 4, actual: parentFingerprint.count)
        }
        guard Secp256k1Keys.isValidCompressed(publicKey) else {
            throw BitcoinError.invalidPublicKey("not a compressed secp256k1 point")
        }
        self.publicKey = publicKey
        self.chainCode = chainCode
        self.depth = depth
        self.parentFingerprint = parentFingerprint
        self.childNumber = childNumber
        self.network = network
    }

    /// Parses an xpub or tpub (BIP 32 "Serialization format"). A tpub is read as testnet; use `network` of the
    /// result, or `onNetwork(_:)` for regtest. Throws `invalidBase58Check` or `invalidExtendedKey` (private keys,
    /// other versions, a zero depth with a nonzero parent or child number, a point off the curve).
    public init(parsing text: String) throws {
        let payload = try Base58Check.decode(text)
        guard payload.count == 78 else { throw BitcoinError.invalidExtendedKey("78 bytes expected, \(payload.count) found") }
        let version = payload[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let network: BitcoinNetwork
        switch version {
        case BitcoinNetwork.mainnet.extendedPublicKeyVersion: network = .mainnet
        case BitcoinNetwork.testnet.extendedPublicKeyVersion: network = .testnet
        case 0x0488_ADE4, 0x0435_8394: throw BitcoinError.invalidExtendedKey("a private key (xprv/tprv) is not accepted")
        default: throw BitcoinError.invalidExtendedKey("unknown version bytes")
        }
        let depth = payload[4]
        let parent = Array(payload[5..<9])
        let child = payload[9..<13].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard depth != 0 || (parent == [0, 0, 0, 0] && child == 0) else {
            throw BitcoinError.invalidExtendedKey("a master key with a parent fingerprint or child number")
        }
        do {
            try self.init(publicKey: Array(payload[45..<78]), chainCode: Array(payload[13..<45]), depth: depth,
                          parentFingerprint: parent, childNumber: child, network: network)
        } catch {
            throw BitcoinError.invalidExtendedKey("the public key is not a valid compressed point")
        }
    }

    /// The same key under another network's version bytes (e.g. regtest for a parsed tpub).
    public func onNetwork(_ network: BitcoinNetwork) -> ExtendedPublicKey {
        // The parts were checked when self was made.
        (try? ExtendedPublicKey(publicKey: publicKey, chainCode: chainCode, depth: depth,
                                parentFingerprint: parentFingerprint, childNumber: childNumber, network: network)) ?? self
    }

    /// The 78-byte BIP 32 serialization.
    public var serialized: [UInt8] {
        bigEndian(network.extendedPublicKeyVersion) + [depth] + parentFingerprint + bigEndian(childNumber) + chainCode
            + publicKey
    }

    /// The Base58Check text (xpub… or tpub…).
    public var base58: String { Base58Check.encode(serialized) }

    /// The key identifier, HASH160 of the public key (BIP 32 "Key identifiers").
    public var identifier: [UInt8] { BitcoinHash.hash160(publicKey) }

    /// The key fingerprint: the first four bytes of the identifier.
    public var fingerprint: [UInt8] { Array(identifier.prefix(4)) }

    /// The tweak I_L and child chain code I_R of CKDpub for child `index`; throws for hardened indices.
    func childTweak(_ index: UInt32) throws -> (tweak: [UInt8], chainCode: [UInt8]) {
        guard index < Self.hardenedOffset else {
            throw BitcoinError.derivationFailed("child \(index - Self.hardenedOffset)h is hardened")
        }
        let i = BitcoinHash.hmacSHA512(key: chainCode, message: publicKey + bigEndian(index))
        return (Array(i[0..<32]), Array(i[32..<64]))
    }

    /// CKDpub (BIP 32 "Public parent key → public child key") for a non-hardened `index`. Throws
    /// `derivationFailed` for hardened indices and for the invalid I_L cases (I_L ≥ n or K_i infinite), which
    /// BIP 32 says to skip.
    public func child(_ index: UInt32) throws -> ExtendedPublicKey {
        let (tweak, childChainCode) = try childTweak(index)
        guard let childKey = Secp256k1Keys.addingTweak(tweak, to: publicKey) else {
            throw BitcoinError.derivationFailed("child \(index) is invalid; use the next index")
        }
        guard depth < UInt8.max else { throw BitcoinError.derivationFailed("depth exceeds 255") }
        return try ExtendedPublicKey(publicKey: childKey, chainCode: childChainCode, depth: depth + 1,
                                     parentFingerprint: fingerprint, childNumber: index, network: network)
    }

    /// The key at a path of non-hardened steps, and the I_L of each step: the BIP 445 plain tweaks that move the
    /// signing key from self to the result.
    public func derive(_ path: [UInt32]) throws -> (key: ExtendedPublicKey, tweaks: [[UInt8]]) {
        var key = self
        var tweaks: [[UInt8]] = []
        for index in path {
            tweaks.append(try key.childTweak(index).tweak)
            key = try key.child(index)
        }
        return (key, tweaks)
    }
}

func bigEndian(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> UInt32(24 - 8 * $0)) } }
