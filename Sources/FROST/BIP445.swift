/// BIP 445, "FROST Signing Protocol for BIP340 Signatures", version 0.12.1: threshold signing whose output is an
/// ordinary BIP 340 Schnorr signature under the x-only threshold public key, over FROST(secp256k1, SHA-256)'s
/// scalars and elements.
///
/// The functions follow the specification's algorithms one for one and take the same inputs (serialized points
/// and scalars as byte arrays, identifiers as integers), so a reader can hold them against the text. BIP 445 is a
/// moving draft: `version` names the revision implemented, and every version-specific choice (ThresholdInfo, the
/// `bytes(4, u)` prefix of the nonce coefficient, DeterministicSign's nonce derivation as of 0.11.0, NonceGen's
/// `signer_id` field as of 0.12.0) is marked where it is made.
///
/// Identifiers: BIP 445 numbers participants 0..n−1; RFC 9591 (and this package's `Identifier`) numbers them 1..n.
/// `BIP445.identifier(forSignerID:)` and `BIP445.signerID(for:)` are the only conversion between the two.
public enum BIP445 {
    /// The revision of the draft implemented here.
    public static let version = "0.12.1"
    /// The largest n BIP 445 allows.
    public static let maxParticipants = 128

    typealias C = Secp256k1Sha256

    // MARK: The one mapping between BIP 445 identifiers and RFC 9591 identifiers

    /// The RFC 9591 identifier (x-coordinate on the secret sharing polynomial) of BIP 445 participant `signerID`:
    /// signerID + 1. BIP 445 §"Threshold Info" footnote: "A trusted dealer following RFC 9591, which numbers
    /// participants from 1, gives its participant i the identifier i − 1 here." Throws `identifierOutOfRange` for
    /// identifiers outside 0...127.
    public static func identifier(forSignerID signerID: Int) throws -> Identifier<Secp256k1Sha256> {
        guard (0..<maxParticipants).contains(signerID) else {
            throw BIP445Error.identifierOutOfRange(index: 0, identifier: signerID)
        }
        return try Identifier(UInt64(signerID + 1))
    }

    /// The BIP 445 identifier (0..n−1) of an RFC 9591 identifier 1..128; throws `identifierOutOfRange` otherwise
    /// (derived or large identifiers have no BIP 445 counterpart).
    public static func signerID(for identifier: Identifier<Secp256k1Sha256>) throws -> Int {
        guard let value = identifier.integerValue, (1...UInt64(maxParticipants)).contains(value) else {
            // A large or derived identifier has no BIP 445 number; name it by its would-be number or −1.
            let wouldBe = identifier.integerValue.map { Int(clamping: $0) - 1 } ?? -1
            throw BIP445Error.identifierOutOfRange(index: 0, identifier: wouldBe)
        }
        return Int(value) - 1
    }

    /// The x-coordinate of a signer in 0...127 (callers have range-checked it).
    static func xCoordinate(_ signerID: Int) -> Scalar<C> {
        // Valid by the callers' range checks; `identifier(forSignerID:)` is the mapping.
        (try? identifier(forSignerID: signerID).scalar) ?? .zero
    }

    // MARK: Primitives (BIP 445 "Notation")

    /// hash_tag(x) = SHA256(SHA256(tag) || SHA256(tag) || x) (BIP 340 tagged hash).
    static func taggedHash(_ tag: String, _ parts: [[UInt8]]) -> [UInt8] {
        let tagHash = sodiumSHA256([Array(tag.utf8)])
        return sodiumSHA256([tagHash, tagHash] + parts)
    }

    /// bytes(n, x): the big-endian n-byte encoding of x.
    static func bytes(_ count: Int, _ value: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: UInt64(value) >> (8 * UInt64(count - 1 - $0))) }
    }

    /// cpoint(b): a non-infinity point from 33 bytes; nil when invalid.
    static func cpoint(_ bytes: [UInt8]) -> Element<C>? { try? Element<C>(deserializing: bytes) }

    /// cpoint_ext(b): like cpoint, with 33 zero bytes decoding to the point at infinity.
    static func cpointExt(_ bytes: [UInt8]) -> Element<C>? {
        bytes == LibSecp256k1.infinity ? .identity : cpoint(bytes)
    }

    /// scalar_from_bytes_checked(b); nil when not 32 bytes below n.
    static func scalarChecked(_ bytes: [UInt8]) -> Scalar<C>? { try? Scalar<C>(deserializing: bytes) }

    /// scalar_from_bytes_nonzero_checked(b); nil when zero or not below n. Used on secret nonces: both checks run
    /// without a branch on the bytes (only their result is branched on).
    static func scalarNonzeroChecked(_ bytes: [UInt8]) -> Scalar<C>? {
        guard let scalar = scalarChecked(bytes), !C.isZeroInConstantTime(scalar) else { return nil }
        return scalar
    }

    /// scalar_from_bytes_wrapping(b) for a 32-byte hash.
    static func scalarWrapping(_ bytes: [UInt8]) -> Scalar<C> { C.reduce(bigEndian: bytes) }

    /// has_even_y(P): compressed prefix 02. Infinity counts as even (with_even_y leaves it unchanged).
    static func hasEvenY(_ point: Element<C>) -> Bool { point.bytes[0] != 0x03 }

    /// xbytes(P): the 32-byte x-coordinate of a non-infinity point.
    static func xbytes(_ point: Element<C>) -> [UInt8] { Array(point.bytes[1...]) }

    /// BIP 340 lift_x: the compressed encoding of the point with x-coordinate `xOnly` and even y, e.g. to start a
    /// tweak context from a BIP 341 internal key. Throws `wrongLength` or `invalidXOnlyPublicKey`.
    public static func liftX(_ xOnly: [UInt8]) throws -> [UInt8] {
        try checkLength("x-only public key", xOnly, 32)
        guard let point = cpoint([0x02] + xOnly) else { throw BIP445Error.invalidXOnlyPublicKey }
        return point.serialize()
    }

    /// BIP 341 taproot_tweak_pubkey's tweak, hash_TapTweak(internal key || merkle root), for an x-only tweak of the
    /// threshold key; `merkleRoot` nil for a key-path-only output (BIP 341 "no script path").
    public static func taprootTweak(internalKey xOnly: [UInt8], merkleRoot: [UInt8]?) -> [UInt8] {
        taggedHash("TapTweak", [xOnly, merkleRoot ?? []])
    }

    /// -P.
    static func negate(_ point: Element<C>) -> Element<C> { Element(canonical: LibSecp256k1.negate(point.bytes)) }

    /// SerializeIds(id_1..u): the sorted identifiers, 4 bytes each.
    static func serializeIDs(_ ids: [Int]) -> [UInt8] { ids.sorted().flatMap { bytes(4, $0) } }

    // MARK: Interpolation (BIP 445 "Threshold Info")

    /// The Lagrange interpolation at x-coordinate `target` of the points (xCoordinate(id_i), P_i): DerivePubshareAt
    /// with the identifier shift applied to both sides (x = −1 is x-coordinate 0, the threshold key).
    static func interpolate(ids: [Int], points: [Element<C>], at target: Scalar<C>) throws -> Element<C> {
        linearCombination(points, try lagrangeCoefficients(ids: ids, at: target))
    }

    /// Σ c_i·P_i, summed in one libsecp256k1 call; infinity when the terms cancel.
    static func linearCombination(_ points: [Element<C>], _ coefficients: [Scalar<C>]) -> Element<C> {
        let terms = zip(points, coefficients).map { C.multiply($0, by: $1).bytes }
        return Element(canonical: LibSecp256k1.sum(terms))
    }

    /// Every signer's Lagrange coefficient at x-coordinate `target`, aligned with `ids`; the u denominators are
    /// inverted together (one inversion, Montgomery's trick). Throws `zeroScalar` for duplicate identifiers.
    static func lagrangeCoefficients(ids: [Int], at target: Scalar<C>) throws -> [Scalar<C>] {
        var numerators: [Scalar<C>] = []
        var denominators: [Scalar<C>] = []
        for id in ids {
            let (numerator, denominator) = lagrangeFraction(ids: ids, signer: id, at: target)
            numerators.append(numerator)
            denominators.append(denominator)
        }
        return zip(numerators, try batchInvert(denominators)).map { $0 * $1 }
    }

    /// (Π_{k≠i} (target − x_k), Π_{k≠i} (x_i − x_k)) over the signers' x-coordinates.
    static func lagrangeFraction(ids: [Int], signer: Int, at target: Scalar<C>) -> (Scalar<C>, Scalar<C>) {
        var numerator = Scalar<C>.one
        var denominator = Scalar<C>.one
        let xi = xCoordinate(signer)
        for id in ids where id != signer {
            numerator = numerator * (target - xCoordinate(id))
            denominator = denominator * (xi - xCoordinate(id))
        }
        return (numerator, denominator)
    }

    /// The inverses of public scalars with one field inversion; throws `zeroScalar` if any is zero (duplicate
    /// identifiers, which callers rule out first).
    static func batchInvert(_ values: [Scalar<C>]) throws -> [Scalar<C>] {
        var prefixes: [Scalar<C>] = []
        var running = Scalar<C>.one
        for value in values {
            prefixes.append(running)
            running = running * value
        }
        // The values are public, so the inversion may take variable time.
        var inverse = try C.invertPublic(running)
        var result = [Scalar<C>](repeating: .zero, count: values.count)
        for index in values.indices.reversed() {
            result[index] = inverse * prefixes[index]
            inverse = inverse * values[index]
        }
        return result
    }

    /// DeriveInterpolatingValue(id_1..u, id_i) for every i at once (aligned with `ids`), with one inversion. The
    /// callers have ruled out duplicates (ValidateSessionParams) and checked that the signer is among `ids`,
    /// DeriveInterpolatingValue's two failure cases.
    static func deriveInterpolatingValues(ids: [Int]) throws -> [Scalar<C>] {
        guard Set(ids).count == ids.count else { throw BIP445Error.duplicateIdentifiers }
        return try lagrangeCoefficients(ids: ids, at: .zero)
    }

    /// DeriveThreshPubkey(id_1..u, P_1..u): fails with `thresholdPublicKeyIsInfinity`.
    static func deriveThresholdPublicKey(ids: [Int], points: [Element<C>]) throws -> Element<C> {
        let key = try interpolate(ids: ids, points: points, at: .zero)
        guard !key.isIdentity else { throw BIP445Error.thresholdPublicKeyIsInfinity }
        return key
    }

    // MARK: Nonce generation and aggregation

    /// The layout of NonceGen's hash input. 0.12.0 added the `signer_id` field; the vectors of the NonceGen file
    /// (`nonce_gen_vectors.json`) were generated by 0.10.0, before it existed.
    enum NonceGenLayout {
        /// BIP 445 0.12.1 (this implementation): bytes(1, len(signer_id')) || signer_id' after rand'.
        case version0_12
        /// BIP 445 0.10.0: no signer_id field at all; used only to check the 0.10.0 vector file.
        case version0_10
    }

    /// NonceGen (BIP 445 §"Nonce Generation") with fresh randomness from the system CSPRNG: hedged by the secret
    /// share, the signer's identifier, its public share, the x-only threshold public key (ideally after all tweaks),
    /// the message and extra input, each optional. Returns the secret nonce (wiped on release, and wiped by `sign`)
    /// and the 66-byte public nonce. Throws `wrongLength` for inputs of the wrong size, `identifierOutOfRange`.
    public static func nonceGen(secretShare: SecretScalar<Secp256k1Sha256>?, signerID: Int?, publicShare: [UInt8]?,
                                thresholdPublicKeyXOnly: [UInt8]?, message: [UInt8]?, extraInput: [UInt8]?)
        throws -> (secretNonce: BIP445SecretNonce, publicNonce: [UInt8])
    {
        var rand = SecretBytes(randomCount: 32).exposeSecretBytes()
        defer { wipe(&rand) }
        return try nonceGen(rand: rand, secretShare: secretShare?.serializeSecret(), signerID: signerID,
                            publicShare: publicShare, thresholdPublicKeyXOnly: thresholdPublicKeyXOnly,
                            message: message, extraInput: extraInput)
    }

    /// NonceGen with the 32 random bytes given, as the vectors fix them. Only for vectors and tests: a caller that
    /// repeats `rand` with the same inputs gets the same nonce, which leaks the secret share when used twice.
    /// The caller wipes its copy of `secretShare`.
    public static func nonceGen(rand: [UInt8], secretShare: [UInt8]?, signerID: Int?, publicShare: [UInt8]?,
                                thresholdPublicKeyXOnly: [UInt8]?, message: [UInt8]?, extraInput: [UInt8]?)
        throws -> (secretNonce: BIP445SecretNonce, publicNonce: [UInt8])
    {
        try nonceGen(layout: .version0_12, rand: rand, secretShare: secretShare, signerID: signerID,
                     publicShare: publicShare, thresholdPublicKeyXOnly: thresholdPublicKeyXOnly, message: message,
                     extraInput: extraInput)
    }

    /// NonceGen as BIP 445 0.10.0 computed it (no `signer_id` field), solely to check `nonce_gen_vectors.json`,
    /// which that version generated; where the 0.12.1 text and that file disagree, the text wins and `nonceGen`
    /// follows the text.
    @_spi(BIP445VectorCheck)
    public static func nonceGenVersion0_10(rand: [UInt8], secretShare: [UInt8]?, publicShare: [UInt8]?,
                                           thresholdPublicKeyXOnly: [UInt8]?, message: [UInt8]?,
                                           extraInput: [UInt8]?) throws -> (secretNonce: BIP445SecretNonce,
                                                                            publicNonce: [UInt8])
    {
        try nonceGen(layout: .version0_10, rand: rand, secretShare: secretShare, signerID: nil,
                     publicShare: publicShare, thresholdPublicKeyXOnly: thresholdPublicKeyXOnly, message: message,
                     extraInput: extraInput)
    }

    static func nonceGen(layout: NonceGenLayout, rand: [UInt8], secretShare: [UInt8]?, signerID: Int?,
                         publicShare: [UInt8]?, thresholdPublicKeyXOnly: [UInt8]?, message: [UInt8]?,
                         extraInput: [UInt8]?) throws -> (secretNonce: BIP445SecretNonce, publicNonce: [UInt8])
    {
        try checkLength("rand", rand, 32)
        if let secretShare { try checkLength("secret share", secretShare, 32) }
        if let publicShare { try checkLength("public share", publicShare, 33) }
        if let thresholdPublicKeyXOnly { try checkLength("x-only threshold public key", thresholdPublicKeyXOnly, 32) }
        if let signerID, !(0..<maxParticipants).contains(signerID) {
            throw BIP445Error.identifierOutOfRange(index: 0, identifier: signerID)
        }
        var randPrime: [UInt8]
        if let secretShare {
            let mask = taggedHash("BIP0445/aux", [rand])
            randPrime = zip(secretShare, mask).map { $0 ^ $1 }
        } else {
            randPrime = rand
        }
        defer { wipe(&randPrime) }
        let signerIDField = signerID.map { bytes(4, $0) } ?? []
        let publicShareField = publicShare ?? []
        let keyField = thresholdPublicKeyXOnly ?? []
        let messageField = message.map { [1] + bytes(8, $0.count) + $0 } ?? [0]
        let extraField = extraInput ?? []
        let idFields: [[UInt8]] = layout == .version0_12 ? [[UInt8(signerIDField.count)], signerIDField] : []
        let publicFields = idFields + [[UInt8(publicShareField.count)], publicShareField, [UInt8(keyField.count)],
                                       keyField, messageField, bytes(4, extraField.count), extraField]
        // rand' enters only the temporary list below, so the defer above wipes its one buffer.
        var (k1, k2) = deriveNoncePair("BIP0445/nonce", [randPrime] + publicFields)
        defer {
            k1.zeroize()
            k2.zeroize()
        }
        guard !C.isZeroInConstantTime(k1), !C.isZeroInConstantTime(k2) else { throw BIP445Error.zeroNonce }
        return secretAndPublicNonce(k1, k2)
    }

    /// k_i = scalar_from_bytes_wrapping(hash_tag(parts || bytes(1, i − 1))) for i = 1, 2; the digests, which are
    /// secret, are wiped.
    static func deriveNoncePair(_ tag: String, _ parts: [[UInt8]]) -> (Scalar<C>, Scalar<C>) {
        var first = taggedHash(tag, parts + [[0]])
        var second = taggedHash(tag, parts + [[1]])
        defer {
            wipe(&first)
            wipe(&second)
        }
        return (scalarWrapping(first), scalarWrapping(second))
    }

    /// (secnonce, pubnonce) = (k1 || k2, cbytes(k1·G) || cbytes(k2·G)).
    static func secretAndPublicNonce(_ k1: Scalar<C>, _ k2: Scalar<C>)
        -> (secretNonce: BIP445SecretNonce, publicNonce: [UInt8])
    {
        let publicNonce = C.multiplyGenerator(by: k1).bytes + C.multiplyGenerator(by: k2).bytes
        var secret = k1.bytes + k2.bytes
        defer { wipe(&secret) }
        return (BIP445SecretNonce(SecretBytes(secret)), publicNonce)
    }

    /// NonceAgg (BIP 445 §"Nonce Aggregation"): the two coordinate-wise sums of the public nonces, each serialized
    /// with cbytes_ext (33 zero bytes for infinity). Throws `invalidContribution(signerIndex:, .pubnonce)` naming
    /// the first signer (by position) whose nonce does not decode.
    public static func nonceAgg(_ publicNonces: [[UInt8]]) throws -> [UInt8] {
        var aggregate: [UInt8] = []
        for half in 0..<2 {
            var points: [[UInt8]] = []
            for (index, nonce) in publicNonces.enumerated() {
                guard nonce.count == 66, let point = cpoint(Array(nonce[(33 * half)..<(33 * half + 33)])) else {
                    throw BIP445Error.invalidContribution(signerIndex: index, contribution: .pubnonce)
                }
                points.append(point.bytes)
            }
            aggregate += LibSecp256k1.sum(points)
        }
        return aggregate
    }

    static func checkLength(_ what: String, _ bytes: [UInt8], _ expected: Int) throws {
        guard bytes.count == expected else {
            throw BIP445Error.wrongLength(what: what, expected: expected, actual: bytes.count)
        }
    }
}

/// A BIP 445 secret nonce k1 || k2 (64 bytes): wiped on release and overwritten with zeros by `BIP445.sign`, so a
/// second use fails with `secretNonceOutOfRange(half: 1)` instead of leaking the secret share.
public struct BIP445SecretNonce: Sendable, CustomStringConvertible {
    let storage: SecretBytes

    init(_ storage: SecretBytes) { self.storage = storage }

    /// A stored secret nonce (64 bytes; the ranges are checked by `sign`); the caller wipes its copy.
    public init(deserializingSecret bytes: [UInt8]) throws {
        try BIP445.checkLength("secret nonce", bytes, 64)
        storage = SecretBytes(bytes)
    }

    /// The 64 bytes, for storage; the caller wipes the copy.
    public func serializeSecret() -> [UInt8] { storage.exposeSecretBytes() }

    /// Always redacted.
    public var description: String { "BIP445SecretNonce(<redacted>)" }
}

/// BIP 445 §"Threshold Info": the public key material a key generation produces — the threshold t, the threshold
/// public key (33 bytes, compressed) and, for each participant 0..n−1, its public share or nil when unknown.
public struct BIP445ThresholdInfo: Sendable, Hashable {
    /// The threshold t.
    public let threshold: Int
    /// thresh_pk, compressed.
    public let thresholdPublicKey: [UInt8]
    /// pubshare_1..n: entry i belongs to the participant with BIP 445 identifier i (absent: nil).
    public let publicShares: [[UInt8]?]

    /// Holds the values as given; `validate()` checks them.
    public init(threshold: Int, thresholdPublicKey: [UInt8], publicShares: [[UInt8]?]) {
        self.threshold = threshold
        self.thresholdPublicKey = thresholdPublicKey
        self.publicShares = publicShares
    }

    /// The Threshold Info of a group made by this package's trusted dealer or DKG, whose RFC 9591 identifiers must
    /// be 1...n (mapped to 0...n−1 by `BIP445.signerID(for:)`). Throws `identifierOutOfRange` otherwise.
    public init(publicKeyPackage: PublicKeyPackage<Secp256k1Sha256>, threshold: Int) throws {
        var shares = [[UInt8]?](repeating: nil, count: publicKeyPackage.verifyingShares.count)
        for (identifier, share) in publicKeyPackage.verifyingShares {
            let id = try BIP445.signerID(for: identifier)
            guard id < shares.count else { throw BIP445Error.identifierOutOfRange(index: id, identifier: id) }
            shares[id] = share.serialize()
        }
        self.init(threshold: threshold, thresholdPublicKey: publicKeyPackage.verifyingKey.serialize(),
                  publicShares: shares)
    }

    /// n, the number of participants.
    public var participantCount: Int { publicShares.count }

    /// ValidateThresholdInfo (BIP 445 §"Threshold Info"): 1 <= t <= n <= 128, a valid threshold key, valid present
    /// shares, at least t of them, all on one polynomial of degree t−1 whose value at 0 is the threshold key.
    public func validate() throws {
        let n = publicShares.count, t = threshold
        guard 1 <= t, t <= n else { throw BIP445Error.thresholdOutOfRange(t: t, n: n) }
        guard n <= BIP445.maxParticipants else { throw BIP445Error.tooManyParticipants(n: n) }
        guard let key = BIP445.cpoint(thresholdPublicKey) else { throw BIP445Error.invalidThresholdPublicKey }
        var ids: [Int] = []
        var points: [Element<Secp256k1Sha256>] = []
        for (id, share) in publicShares.enumerated() {
            guard let share else { continue }
            guard let point = BIP445.cpoint(share) else { throw BIP445Error.invalidPublicShare(index: id) }
            ids.append(id)
            points.append(point)
        }
        guard ids.count >= t else { throw BIP445Error.tooFewPublicShares(present: ids.count, t: t) }
        let baseIDs = Array(ids[0..<t]), basePoints = Array(points[0..<t])
        for j in t..<ids.count {
            let derived = try BIP445.interpolate(ids: baseIDs, points: basePoints, at: BIP445.xCoordinate(ids[j]))
            guard derived == points[j] else { throw BIP445Error.publicSharesNotOnOnePolynomial }
        }
        guard try BIP445.deriveThresholdPublicKey(ids: baseIDs, points: basePoints) == key else {
            throw BIP445Error.publicSharesDoNotMatchThresholdPublicKey
        }
    }
}
