import FROST

/// A BIP 380 key expression holding public keys only (private keys are refused: a watch-only wallet has none), and
/// the BIP 386 `tr(KEY)` descriptor without script tree, as far as this wallet reads descriptors.
public struct DescriptorKey: Sendable, Hashable {
    /// One derivation step; `hardened` written `h` or `'`.
    public struct Step: Sendable, Hashable {
        /// The child number below 2^31.
        public let index: UInt32
        /// Whether the step is hardened.
        public let hardened: Bool
    }

    /// The key itself.
    public enum Key: Sendable, Hashable {
        /// A 33-byte compressed key.
        case compressed([UInt8])
        /// A 65-byte uncompressed key (valid in BIP 380, refused inside `tr()`).
        case uncompressed([UInt8])
        /// A 32-byte x-only key (only inside `tr()`).
        case xOnly([UInt8])
        /// An extended public key.
        case extended(ExtendedPublicKey)
    }

    /// The fingerprint of the origin, if given.
    public let originFingerprint: [UInt8]?
    /// The origin's path.
    public let originPath: [Step]
    /// The key.
    public let key: Key
    /// Steps after an extended key.
    public let derivation: [Step]
    /// The BIP 389 multipath step `<a;b;…>` at its position in `derivation`, if any.
    public let multipath: (position: Int, indices: [Step])?
    /// Whether the expression ends in `/*` (or `/*h`: `wildcardHardened`).
    public let wildcard: Bool
    /// Whether the wildcard is hardened.
    public let wildcardHardened: Bool

    public static func == (a: DescriptorKey, b: DescriptorKey) -> Bool {
        a.originFingerprint == b.originFingerprint && a.originPath == b.originPath && a.key == b.key
            && a.derivation == b.derivation && a.multipath?.position == b.multipath?.position
            && a.multipath?.indices == b.multipath?.indices && a.wildcard == b.wildcard
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(originFingerprint)
        hasher.combine(key)
        hasher.combine(derivation)
    }

    /// The longest key expression read; an xpub with a long origin is far shorter.
    public static let maxLength = 1024

    /// Parses a key expression; `allowXOnly` inside `tr()`. Throws `invalidDescriptor` naming the fault.
    public init(parsing text: String, allowXOnly: Bool = false) throws {
        guard text.utf8.count <= Self.maxLength else { throw BitcoinError.invalidDescriptor("key expression too long") }
        var rest = Substring(text)
        var fingerprint: [UInt8]?
        var originPath: [Step] = []
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw BitcoinError.invalidDescriptor("key origin not closed") }
            let origin = rest[rest.index(after: rest.startIndex)..<close].split(separator: "/", omittingEmptySubsequences: false)
            guard let first = origin.first, first.utf8.count == 8, let bytes = Base16Text.decode(String(first)) else {
                throw BitcoinError.invalidDescriptor("the origin fingerprint is not 8 hex digits")
            }
            fingerprint = bytes
            originPath = try origin.dropFirst().map { try Self.step(String($0)) }
            rest = rest[rest.index(after: close)...]
        }
        guard !rest.contains("["), !rest.contains("]") else { throw BitcoinError.invalidDescriptor("misplaced key origin") }
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let keyText = parts[0]
        guard !keyText.isEmpty else { throw BitcoinError.invalidDescriptor("no key") }
        var derivation: [Step] = []
        var multipath: (Int, [Step])?
        var wildcard = false, wildcardHardened = false
        if keyText.hasPrefix("xpub") || keyText.hasPrefix("tpub") {
            key = .extended(try ExtendedPublicKey(parsing: keyText))
            for (position, part) in parts.dropFirst().enumerated() {
                guard !wildcard else { throw BitcoinError.invalidDescriptor("steps after a wildcard") }
                if part == "*" || part == "*h" || part == "*'" {
                    wildcard = true
                    wildcardHardened = part != "*"
                } else if part.hasPrefix("<") && part.hasSuffix(">") {
                    guard multipath == nil else { throw BitcoinError.invalidDescriptor("two multipath steps") }
                    let inner = part.dropFirst().dropLast().split(separator: ";", omittingEmptySubsequences: false)
                    guard inner.count >= 2 else { throw BitcoinError.invalidDescriptor("a multipath step needs two paths") }
                    let indices = try inner.map { try Self.step(String($0)) }
                    guard Set(indices.map(\.index)).count == indices.count else {
                        throw BitcoinError.invalidDescriptor("a multipath step repeats an index")
                    }
                    multipath = (position, indices)
                    derivation.append(indices[0])
                } else {
                    derivation.append(try Self.step(part))
                }
            }
        } else {
            guard parts.count == 1 else { throw BitcoinError.invalidDescriptor("derivation after a non-extended key") }
            if keyText.hasPrefix("xprv") || keyText.hasPrefix("tprv") || (keyText.count >= 51 && keyText.count <= 52
                && Base16Text.decode(keyText) == nil) {
                throw BitcoinError.invalidDescriptor("private keys are not accepted in a watch-only wallet")
            }
            guard let bytes = Base16Text.decode(keyText) else { throw BitcoinError.invalidDescriptor("the key is not hex") }
            switch bytes.count {
            case 33 where Secp256k1Keys.isValidCompressed(bytes): key = .compressed(bytes)
            case 65 where bytes[0] == 0x04: key = .uncompressed(bytes)
            case 32 where allowXOnly && Secp256k1Keys.isValidXOnly(bytes): key = .xOnly(bytes)
            default: throw BitcoinError.invalidDescriptor("not a valid public key")
            }
        }
        originFingerprint = fingerprint
        self.originPath = originPath
        self.derivation = derivation
        self.multipath = multipath
        self.wildcard = wildcard
        self.wildcardHardened = wildcardHardened
    }

    private static func step(_ text: String) throws -> Step {
        var digits = Substring(text)
        var hardened = false
        if digits.hasSuffix("h") || digits.hasSuffix("'") {
            hardened = true
            digits = digits.dropLast()
        }
        guard !digits.isEmpty, digits.utf8.count <= 10, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let index = UInt32(digits), index < ExtendedPublicKey.hardenedOffset
        else { throw BitcoinError.invalidDescriptor("\"\(text)\" is not a derivation step") }
        return Step(index: index, hardened: hardened)
    }
}

/// A BIP 386 `tr(KEY)` descriptor with a key path only (no script tree, which this wallet never makes).
public struct TaprootKeyDescriptor: Sendable, Hashable {
    /// The internal key expression.
    public let key: DescriptorKey

    /// Parses `tr(KEY)` with an optional checksum. Throws `invalidDescriptor` for other script expressions,
    /// script trees, uncompressed or private keys, and `invalidDescriptorChecksum`.
    public init(parsing text: String) throws {
        let body = try DescriptorChecksum.strip(text)
        guard body.hasPrefix("tr("), body.hasSuffix(")") else {
            throw BitcoinError.invalidDescriptor("only a top-level tr() descriptor is read")
        }
        let inner = String(body.dropFirst(3).dropLast())
        guard !inner.contains(","), !inner.contains("(") else {
            throw BitcoinError.invalidDescriptor("tr() with a script tree is not supported")
        }
        let key = try DescriptorKey(parsing: inner, allowXOnly: true)
        if case .uncompressed = key.key { throw BitcoinError.invalidDescriptor("tr() takes no uncompressed key") }
        self.key = key
    }

    /// The scriptPubKey for `index` of the wildcard (ignored without one), on the first path of a multipath step.
    public func scriptPubKey(index: UInt32 = 0) throws -> [UInt8] {
        let internalKey: [UInt8]
        switch key.key {
        case let .xOnly(x): internalKey = x
        case let .compressed(c): internalKey = Array(c.dropFirst())
        case .uncompressed: throw BitcoinError.invalidDescriptor("tr() takes no uncompressed key")
        case let .extended(xpub):
            guard !key.derivation.contains(where: \.hardened), !key.wildcardHardened else {
                throw BitcoinError.derivationFailed("hardened steps need a private key")
            }
            let path = key.derivation.map(\.index) + (key.wildcard ? [index] : [])
            internalKey = Array(try xpub.derive(path).key.publicKey.dropFirst())
        }
        let tweak = BitcoinHash.tagged("TapTweak", internalKey)
        guard let output = Secp256k1Keys.taprootOutputKey(internalKey: internalKey, tweak: tweak) else {
            throw BitcoinError.derivationFailed("TapTweak out of range")
        }
        return [0x51, 0x20] + output.xOnly
    }
}
