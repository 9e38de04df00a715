import CSecp256k1
import CSodium
import Foundation
import Testing
@testable import FROST

/// libsecp256k1's own BIP 340 verifier, called directly (not through FROST): the independent check every group
/// signature made in these tests must pass.
func libsecp256k1Verifies(signature: [UInt8], message: [UInt8], xOnlyPublicKey: [UInt8]) -> Bool {
    guard signature.count == 64, xOnlyPublicKey.count == 32,
        let context = secp256k1_context_create(heliograph_secp256k1_context_none)
    else { return false }
    defer { secp256k1_context_destroy(context) }
    var key = secp256k1_xonly_pubkey()
    guard secp256k1_xonly_pubkey_parse(context, &key, xOnlyPublicKey) == 1 else { return false }
    return secp256k1_schnorrsig_verify(context, signature, message, message.count, &key) == 1
}

/// The tweaked key computed without BIP 445: a BIP 32 non-hardened child (IL = HMAC-SHA512(chain code,
/// cbytes(P) || ser32(index)), child = P + IL·G with `secp256k1_ec_pubkey_tweak_add`), then the BIP 341 output key
/// (`secp256k1_xonly_pubkey_tweak_add` with hash_TapTweak(xonly(child) || merkle root)). Returns the two tweaks in
/// the order BIP 445 applies them and the x-only output key.
func independentlyTweakedKey(thresholdPublicKey: [UInt8], chainCode: [UInt8], index: UInt32, merkleRoot: [UInt8])
    -> (plainTweak: [UInt8], xOnlyTweak: [UInt8], outputKey: [UInt8])?
{
    guard let context = secp256k1_context_create(heliograph_secp256k1_context_none) else { return nil }
    defer { secp256k1_context_destroy(context) }
    var point = secp256k1_pubkey()
    guard secp256k1_ec_pubkey_parse(context, &point, thresholdPublicKey, 33) == 1 else { return nil }
    let data = thresholdPublicKey + (0..<4).map { UInt8(truncatingIfNeeded: index >> (8 * UInt32(3 - $0))) }
    var mac = [UInt8](repeating: 0, count: 64)
    _ = crypto_auth_hmacsha512(&mac, data, UInt64(data.count), chainCode)
    let plainTweak = Array(mac[0..<32])
    guard secp256k1_ec_pubkey_tweak_add(context, &point, plainTweak) == 1 else { return nil }
    var internalKey = secp256k1_xonly_pubkey()
    guard secp256k1_xonly_pubkey_from_pubkey(context, &internalKey, nil, &point) == 1 else { return nil }
    var internalBytes = [UInt8](repeating: 0, count: 32)
    _ = secp256k1_xonly_pubkey_serialize(context, &internalBytes, &internalKey)
    func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        _ = crypto_hash_sha256(&out, bytes, UInt64(bytes.count))
        return out
    }
    let tag = sha256(Array("TapTweak".utf8))
    let xOnlyTweak = sha256(tag + tag + internalBytes + merkleRoot)
    var output = secp256k1_pubkey()
    guard secp256k1_xonly_pubkey_tweak_add(context, &output, &internalKey, xOnlyTweak) == 1 else { return nil }
    var outputKey = secp256k1_xonly_pubkey()
    guard secp256k1_xonly_pubkey_from_pubkey(context, &outputKey, nil, &output) == 1 else { return nil }
    var outputBytes = [UInt8](repeating: 0, count: 32)
    _ = secp256k1_xonly_pubkey_serialize(context, &outputBytes, &outputKey)
    return (plainTweak, xOnlyTweak, outputBytes)
}

/// A group's BIP 445 key material, made by this package's dealer or DKG (RFC 9591 identifiers 1...n, mapped to
/// BIP 445's 0...n−1 by `BIP445.signerID(for:)`).
struct BIP445Group {
    typealias C = Secp256k1Sha256
    let info: BIP445ThresholdInfo
    let shares: [Int: SecretScalar<C>]
    let groupSecret: SigningKey<C>?

    init(dealerParticipants n: Int, threshold t: Int) throws {
        let key = SigningKey<C>.random()
        let dealt = try TrustedDealer<C>.split(signingKey: key, maxSigners: n, minSigners: t)
        var shares: [Int: SecretScalar<C>] = [:]
        for (identifier, share) in dealt.secretShares {
            shares[try BIP445.signerID(for: identifier)] = share.signingShare.secret
        }
        info = try BIP445ThresholdInfo(publicKeyPackage: dealt.publicKeyPackage, threshold: t)
        self.shares = shares
        groupSecret = key
    }

    init(dkgParticipants n: Int, threshold t: Int) throws {
        let outcome = try DKGHarness<C>.run(maxSigners: n, minSigners: t)
        var shares: [Int: SecretScalar<C>] = [:]
        for (identifier, keyPackage) in outcome.keyPackages {
            shares[try BIP445.signerID(for: identifier)] = keyPackage.signingShare.secret
        }
        let publicKeyPackage = try #require(outcome.publicKeyPackages.values.first)
        info = try BIP445ThresholdInfo(publicKeyPackage: publicKeyPackage, threshold: t)
        self.shares = shares
        groupSecret = nil
    }

    /// A whole session: NonceGen for each signer (the last one optionally with DeterministicSign), NonceAgg, Sign,
    /// PartialSigVerify of every partial signature, PartialSigAgg. Returns the signature and the x-only key.
    func sign(message: [UInt8], signers: [Int], tweaks: [[UInt8]] = [], isXOnly: [Bool] = [],
              deterministicLast: Bool = false) throws -> (signature: [UInt8], xOnlyKey: [UInt8]) {
        let n = info.participantCount, t = info.threshold
        let publicShares = try signers.map { try #require(info.publicShares[$0]) }
        let tweaked = try BIP445TweakContext(thresholdPublicKey: info.thresholdPublicKey)
            .applyingTweaks(tweaks, isXOnly: isXOnly)
        let nonceSigners = deterministicLast ? Array(signers.dropLast()) : signers
        var secretNonces: [Int: BIP445SecretNonce] = [:]
        var publicNonces: [Int: [UInt8]] = [:]
        for signer in nonceSigners {
            let share = try #require(shares[signer])
            let (secret, public_) = try BIP445.nonceGen(
                secretShare: share, signerID: signer, publicShare: share.publicElement().serialize(),
                thresholdPublicKeyXOnly: tweaked.xOnlyPublicKey, message: message, extraInput: nil)
            secretNonces[signer] = secret
            publicNonces[signer] = public_
        }
        var partialSignatures: [Int: [UInt8]] = [:]
        if deterministicLast, let last = signers.last {
            let others = try nonceSigners.map { try #require(publicNonces[$0]) }
            let (public_, partial) = try BIP445.deterministicSign(
                secretShare: try #require(shares[last]), signerID: last,
                aggOtherNonce: others.isEmpty ? nil : try BIP445.nonceAgg(others), participantCount: n, threshold: t,
                ids: signers, publicShares: publicShares, thresholdPublicKey: info.thresholdPublicKey, tweaks: tweaks,
                isXOnly: isXOnly, message: message, auxRand: Array(SecretBytes(randomCount: 32).exposeSecretBytes()))
            publicNonces[last] = public_
            partialSignatures[last] = partial
        }
        let orderedNonces = try signers.map { try #require(publicNonces[$0]) }
        let session = try BIP445SessionContext(
            participantCount: n, threshold: t, ids: signers, publicShares: publicShares,
            thresholdPublicKey: info.thresholdPublicKey, aggregateNonce: BIP445.nonceAgg(orderedNonces),
            tweaks: tweaks, isXOnly: isXOnly, message: message)
        for signer in nonceSigners {
            partialSignatures[signer] = try BIP445.sign(
                secretNonce: try #require(secretNonces[signer]), secretShare: try #require(shares[signer]),
                signerID: signer, session: session)
        }
        let ordered = try signers.map { try #require(partialSignatures[$0]) }
        for index in signers.indices {
            #expect(try BIP445.partialSigVerify(
                partialSignature: ordered[index], publicNonces: orderedNonces, participantCount: n, threshold: t,
                ids: signers, publicShares: publicShares, thresholdPublicKey: info.thresholdPublicKey,
                tweaks: tweaks, isXOnly: isXOnly, message: message, signerIndex: index))
        }
        return (try BIP445.partialSigAgg(ordered, session: session), tweaked.xOnlyPublicKey)
    }
}

struct BIP445Tests {
    typealias C = Secp256k1Sha256

    @Test func versionIsNamed() {
        #expect(BIP445.version == "0.12.1")
    }

    /// Random t-of-n up to 20, random signer subsets in random order, dealer and DKG keys, with and without
    /// tweaks, and with the last signer deterministic or not: every signature verifies with libsecp256k1.
    @Test(arguments: [false, true])
    func everyGroupSignatureVerifiesWithLibsecp256k1(dkg: Bool) throws {
        let shapes = [(2, 2), (2, 3), (3, 5), (5, 7), (1 + Int.random(in: 1...9), 11), (11, 20), (20, 20)]
        for (t, n) in shapes where !(dkg && n > 11) {
            let group = dkg ? try BIP445Group(dkgParticipants: n, threshold: t)
                : try BIP445Group(dealerParticipants: n, threshold: t)
            try group.info.validate()
            for withTweaks in [false, true] {
                let count = Int.random(in: t...n)
                let signers = Array((0..<n).shuffled().prefix(count))
                let message = (0..<Int.random(in: 0...80)).map { _ in UInt8.random(in: 0...255) }
                var tweaks: [[UInt8]] = [], modes: [Bool] = [], expectedKey: [UInt8]? = nil
                if withTweaks {
                    let merkleRoot = Bool.random() ? [] : (0..<32).map { _ in UInt8.random(in: 0...255) }
                    let independent = try #require(independentlyTweakedKey(
                        thresholdPublicKey: group.info.thresholdPublicKey,
                        chainCode: (0..<32).map { _ in UInt8.random(in: 0...255) },
                        index: UInt32.random(in: 0..<0x8000_0000), merkleRoot: merkleRoot))
                    tweaks = [independent.plainTweak, independent.xOnlyTweak]
                    modes = [false, true]
                    expectedKey = independent.outputKey
                }
                let (signature, key) = try group.sign(message: message, signers: signers, tweaks: tweaks,
                                                      isXOnly: modes, deterministicLast: Bool.random())
                if let expectedKey { #expect(key == expectedKey, "\(t)-of-\(n): tweaked key differs") }
                #expect(libsecp256k1Verifies(signature: signature, message: message, xOnlyPublicKey: key),
                        "\(t)-of-\(n) signers \(signers) tweaks \(withTweaks)")
                #expect(!libsecp256k1Verifies(signature: signature, message: message + [1], xOnlyPublicKey: key))
            }
        }
    }

    /// Many tweaks in both modes: the aggregate verifies under the key obtained by applying the same tweaks to the
    /// group secret (a plain tweak adds t; an x-only tweak first negates a key with odd y).
    @Test func tweakSequencesMatchTheTweakedSecret() throws {
        let group = try BIP445Group(dealerParticipants: 4, threshold: 3)
        for _ in 0..<4 {
            let count = Int.random(in: 1...5)
            let tweaks = (0..<count).map { _ in Scalar<C>.random().serialize() }
            let modes = (0..<count).map { _ in Bool.random() }
            var secret = try #require(group.groupSecret).secret.withScalar { $0 }
            for (tweak, xOnly) in zip(tweaks, modes) {
                let point = C.multiplyGenerator(by: secret)
                if xOnly, !BIP445.hasEvenY(point) { secret = -secret }
                secret = secret + (try Scalar<C>(deserializing: tweak))
            }
            let expectedKey = Array(C.multiplyGenerator(by: secret).serialize()[1...])
            let message = Array("tweaks \(modes)".utf8)
            let (signature, key) = try group.sign(message: message, signers: [3, 0, 2], tweaks: tweaks,
                                                  isXOnly: modes)
            #expect(key == expectedKey)
            #expect(libsecp256k1Verifies(signature: signature, message: message, xOnlyPublicKey: key))
        }
    }

    /// The BIP 340 file's verification results, through the library's verifier (libsecp256k1).
    @Test func bip340VerificationVectors() throws {
        let url = packageRoot().appendingPathComponent("Vectors/bitcoin/bip340/test-vectors.csv")
        let rows = try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst()
        #expect(rows.count == 19)
        for row in rows {
            let fields = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let (key, message, signature, result) = (bytes(fields[2]), bytes(fields[4]), bytes(fields[5]), fields[6])
            #expect(BIP445.verifyBIP340(signature: signature, message: message, xOnlyPublicKey: key)
                    == (result == "TRUE"), "BIP 340 vector \(fields[0])")
        }
    }

    /// BIP 445 0.12.1 NonceGen (the text) puts bytes(1, len(signer_id')) || signer_id' right after rand', which the
    /// 0.10.0 vector file predates: here the 0.12.1 layout is checked against a hash input built by hand from the
    /// text, for an absent and a present signer_id. (The file itself is reproduced with the 0.10.0 layout by the
    /// `frost/bip445/nonce-gen` family.)
    @Test func nonceGenFollowsThe0_12_1Text() throws {
        let rand = [UInt8](repeating: 0x0f, count: 32)
        let message = [UInt8](repeating: 0x01, count: 32)
        func taggedHash(_ tag: String, _ data: [UInt8]) -> [UInt8] {
            var tagHash = [UInt8](repeating: 0, count: 32), out = [UInt8](repeating: 0, count: 32)
            _ = crypto_hash_sha256(&tagHash, Array(tag.utf8), UInt64(tag.utf8.count))
            let input = tagHash + tagHash + data
            _ = crypto_hash_sha256(&out, input, UInt64(input.count))
            return out
        }
        for signerID in [nil, 7] as [Int?] {
            let idField: [UInt8] = signerID.map { [4, 0, 0, 0, UInt8($0)] } ?? [0]
            let common = rand + idField + [0] + [0] + [1] + [0, 0, 0, 0, 0, 0, 0, 32] + message + [0, 0, 0, 0]
            let k1 = C.reduce(bigEndian: taggedHash("BIP0445/nonce", common + [0]))
            let k2 = C.reduce(bigEndian: taggedHash("BIP0445/nonce", common + [1]))
            let (secret, publicNonce) = try BIP445.nonceGen(
                rand: rand, secretShare: nil, signerID: signerID, publicShare: nil, thresholdPublicKeyXOnly: nil,
                message: message, extraInput: nil)
            #expect(secret.serializeSecret() == k1.serialize() + k2.serialize())
            #expect(publicNonce == (k1 * Element<C>.generator).serialize() + (k2 * Element<C>.generator).serialize())
        }
    }

    @Test func signerIdentifiersMapToRFC9591Identifiers() throws {
        #expect(try BIP445.identifier(forSignerID: 0) == Identifier<C>(1))
        #expect(try BIP445.identifier(forSignerID: 127) == Identifier<C>(128))
        #expect(try BIP445.signerID(for: Identifier<C>(1)) == 0)
        #expect(throws: BIP445Error.self) { try BIP445.identifier(forSignerID: 128) }
        #expect(throws: BIP445Error.self) { try BIP445.identifier(forSignerID: -1) }
        #expect(throws: BIP445Error.self) { try BIP445.signerID(for: Identifier<C>(129)) }
        #expect(throws: BIP445Error.self) { try BIP445.signerID(for: Identifier<C>(deriving: Array("alice".utf8))) }
    }

    /// Hostile inputs get typed errors, never a crash or a wrong answer.
    @Test func hostileInputsGetTypedErrors() throws {
        let group = try BIP445Group(dealerParticipants: 3, threshold: 2)
        let key = group.info.thresholdPublicKey
        let shares = group.info.publicShares.compactMap { $0 }
        let offCurve: [UInt8] = [0x02] + [UInt8](repeating: 0, count: 31) + [7]  // x = 7: 7³ + 7 is not a square
        let xTooLarge: [UInt8] = [0x02] + [UInt8](repeating: 0xff, count: 32)
        let order = bytes("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141")

        // Points not on the curve, x-only keys with no square root, x not below p.
        #expect(throws: FROSTError.invalidElement(what: "element")) { try Element<C>(deserializing: offCurve) }
        #expect(throws: FROSTError.invalidElement(what: "element")) { try Element<C>(deserializing: xTooLarge) }
        #expect(throws: FROSTError.identityElement(what: "element")) {
            try Element<C>(deserializing: [UInt8](repeating: 0, count: 33))
        }
        #expect(throws: BIP445Error.invalidXOnlyPublicKey) { try BIP445.liftX(Array(offCurve[1...])) }
        #expect(throws: BIP445Error.invalidXOnlyPublicKey) { try BIP445.liftX(Array(xTooLarge[1...])) }
        #expect(!BIP445.verifyBIP340(signature: [UInt8](repeating: 1, count: 64), message: [],
                                     xOnlyPublicKey: Array(offCurve[1...])))
        #expect(throws: BIP445Error.invalidPublicShare(index: 1)) {
            try BIP445ThresholdInfo(threshold: 2, thresholdPublicKey: key, publicShares: [shares[0], offCurve,
                                                                                          shares[2]]).validate()
        }
        #expect(throws: BIP445Error.invalidThresholdPublicKey) {
            try BIP445TweakContext(thresholdPublicKey: offCurve)
        }
        let (_, goodNonce) = try BIP445.nonceGen(secretShare: nil, signerID: nil, publicShare: nil,
                                                 thresholdPublicKeyXOnly: nil, message: nil, extraInput: nil)
        #expect(throws: BIP445Error.invalidContribution(signerIndex: 1, contribution: .pubnonce)) {
            try BIP445.nonceAgg([goodNonce, Array(goodNonce[0..<33]) + offCurve])
        }

        // Scalars not below n, and zero where BIP 445 forbids it.
        #expect(throws: FROSTError.nonCanonicalScalar(what: "scalar")) { try Scalar<C>(deserializing: order) }
        let context = try BIP445TweakContext(thresholdPublicKey: key)
        #expect(throws: BIP445Error.tweakOutOfRange) { try context.applyingTweak(order, xOnly: false) }
        #expect(throws: BIP445Error.wrongLength(what: "tweak", expected: 32, actual: 31)) {
            try context.applyingTweak([UInt8](repeating: 0, count: 31), xOnly: true)
        }
        let (_, nonceA) = try BIP445.nonceGen(secretShare: nil, signerID: 0, publicShare: nil,
                                              thresholdPublicKeyXOnly: nil, message: nil, extraInput: nil)
        let (_, nonceB) = try BIP445.nonceGen(secretShare: nil, signerID: 1, publicShare: nil,
                                              thresholdPublicKeyXOnly: nil, message: nil, extraInput: nil)
        let session = try BIP445SessionContext(
            participantCount: 3, threshold: 2, ids: [0, 1], publicShares: [shares[0], shares[1]],
            thresholdPublicKey: key, aggregateNonce: BIP445.nonceAgg([nonceA, nonceB]), message: [1, 2, 3])
        #expect(throws: BIP445Error.invalidContribution(signerIndex: 1, contribution: .psig)) {
            try BIP445.partialSigAgg([[UInt8](repeating: 0, count: 32), order], session: session)
        }
        let share0 = try #require(group.shares[0])
        var zero = Scalar<C>.zero
        #expect(throws: BIP445Error.secretShareOutOfRange) {
            try BIP445.sign(secretNonce: BIP445SecretNonce(deserializingSecret: [UInt8](repeating: 1, count: 64)),
                            secretShare: SecretScalar(consuming: &zero), signerID: 0, session: session)
        }
        #expect(throws: BIP445Error.secretNonceOutOfRange(half: 2)) {
            try BIP445.sign(secretNonce: BIP445SecretNonce(deserializingSecret: order.map { _ in 1 } + order),
                            secretShare: share0, signerID: 0, session: session)
        }

        // A secret nonce is used once: Sign wipes it, so a second Sign fails instead of leaking the share.
        let (secretNonce, publicNonce) = try BIP445.nonceGen(
            secretShare: share0, signerID: 0, publicShare: shares[0], thresholdPublicKeyXOnly: nil, message: [1, 2, 3],
            extraInput: nil)
        let liveSession = try BIP445SessionContext(
            participantCount: 3, threshold: 2, ids: [0, 1], publicShares: [shares[0], shares[1]],
            thresholdPublicKey: key, aggregateNonce: BIP445.nonceAgg([publicNonce, nonceB]), message: [1, 2, 3])
        _ = try BIP445.sign(secretNonce: secretNonce, secretShare: share0, signerID: 0, session: liveSession)
        #expect(throws: BIP445Error.secretNonceOutOfRange(half: 1)) {
            try BIP445.sign(secretNonce: secretNonce, secretShare: share0, signerID: 0, session: liveSession)
        }

        // Identifiers out of range, duplicate signers, signers outside the set, the wrong share.
        func sessionWith(ids: [Int], n: Int = 3, t: Int = 2, publicShares: [[UInt8]]? = nil) -> BIP445SessionContext {
            BIP445SessionContext(participantCount: n, threshold: t, ids: ids, publicShares: publicShares,
                                 thresholdPublicKey: key, aggregateNonce: session.aggregateNonce, message: [1])
        }
        let someNonce = [UInt8](repeating: 1, count: 64)
        func signIn(_ context: BIP445SessionContext, as signer: Int = 0) throws {
            _ = try BIP445.sign(secretNonce: BIP445SecretNonce(deserializingSecret: someNonce), secretShare: share0,
                                signerID: signer, session: context)
        }
        #expect(throws: BIP445Error.identifierOutOfRange(index: 1, identifier: 3)) {
            try signIn(sessionWith(ids: [0, 3]))
        }
        #expect(throws: BIP445Error.identifierOutOfRange(index: 0, identifier: -1)) {
            try signIn(sessionWith(ids: [-1, 0]))
        }
        #expect(throws: BIP445Error.duplicateIdentifiers) { try signIn(sessionWith(ids: [0, 0])) }
        #expect(throws: BIP445Error.signerCountOutOfRange(u: 1, t: 2, n: 3)) { try signIn(sessionWith(ids: [0])) }
        #expect(throws: BIP445Error.tooManyParticipants(n: 129)) { try signIn(sessionWith(ids: [0, 1], n: 129)) }
        #expect(throws: BIP445Error.thresholdOutOfRange(t: 0, n: 3)) { try signIn(sessionWith(ids: [0, 1], t: 0)) }
        #expect(throws: BIP445Error.signerNotInSignerSet(identifier: 2)) {
            try signIn(sessionWith(ids: [0, 1]), as: 2)
        }
        #expect(throws: BIP445Error.publicShareMismatch(identifier: 1)) {
            try signIn(sessionWith(ids: [0, 1], publicShares: [shares[0], shares[1]]), as: 1)
        }
        #expect(throws: BIP445Error.publicSharesDoNotMatchThresholdPublicKey) {
            try signIn(sessionWith(ids: [0, 1], publicShares: [shares[1], shares[0]]))
        }
        #expect(throws: BIP445Error.aggOtherNonceMissing) {
            try BIP445.deterministicSign(
                secretShare: share0, signerID: 0, aggOtherNonce: nil, participantCount: 3, threshold: 2, ids: [0, 1],
                publicShares: nil, thresholdPublicKey: key, tweaks: [], isXOnly: [], message: [], auxRand: nil)
        }

        // A tweak that sends the key to infinity: t = −(group secret).
        let secret = try #require(group.groupSecret).secret.withScalar { $0 }
        #expect(throws: BIP445Error.tweakGivesInfinity) {
            try context.applyingTweak((-secret).serialize(), xOnly: false)
        }
        let evenSecret = BIP445.hasEvenY(C.multiplyGenerator(by: secret)) ? secret : -secret
        #expect(throws: BIP445Error.tweakGivesInfinity) {
            try context.applyingTweak((-evenSecret).serialize(), xOnly: true)
        }
    }
}
