@_spi(BIP445VectorCheck) import FROST
import Foundation

extension VectorRegistry {
    /// BIP 445 (version 0.12.1 where the file is, see `Vectors/frost/bip445/README.md`): Threshold Info, NonceGen,
    /// NonceAgg, Sign and PartialSigVerify, DeterministicSign, PartialSigAgg.
    static var bip445Families: [VectorFamily] {
        [
            BIP445Vectors.family("threshold-info", "threshold_info_vectors.json") {
                try BIP445Vectors.checkThresholdInfo($0, $1)
            },
            BIP445Vectors.family("nonce-gen", "nonce_gen_vectors.json") { try BIP445Vectors.checkNonceGen($0, $1) },
            BIP445Vectors.family("nonce-agg", "nonce_agg_vectors.json") { try BIP445Vectors.checkNonceAgg($0, $1) },
            BIP445Vectors.family("sign-verify", "sign_verify_vectors.json") {
                try BIP445Vectors.checkSignVerify($0, $1)
            },
            BIP445Vectors.family("det-sign", "det_sign_vectors.json") {
                try BIP445Vectors.checkDeterministicSign($0, $1)
            },
            BIP445Vectors.family("sig-agg", "sig_agg_vectors.json") {
                try BIP445Vectors.checkSignatureAggregation($0, $1)
            },
            VectorFamily(name: "bitcoin/bip341/key-path-tweak",
                         relativePaths: ["bitcoin/bip341/wallet-test-vectors.json"]) {
                try BIP445Vectors.checkTaprootTweaks(Data(contentsOf: $0), "bitcoin/bip341/key-path-tweak")
            },
        ]
    }
}

/// The BIP 445 reference's vector files, decoded with `Codable` and checked value by value: a valid case must
/// reproduce every output; an error case must fail with the error the reference raises (its type, its message,
/// and for InvalidContributionError the blamed signer's position and what it contributed).
enum BIP445Vectors {
    static func family(_ name: String, _ file: String, _ check: @escaping @Sendable (Data, String) throws
                       -> [VectorOutcome]) -> VectorFamily {
        let familyName = "frost/bip445/\(name)"
        return VectorFamily(name: familyName, relativePaths: ["frost/bip445/\(file)"]) { url in
            try check(Data(contentsOf: url), familyName)
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(type, from: data)
    }

    /// The `error` object of an error case.
    struct ExpectedError: Codable, Equatable, CustomStringConvertible {
        let type: String
        let message: String?
        let signerIndex: Int?
        let contrib: String?

        var description: String {
            guard type == "InvalidContributionError" else { return "\(type)(\(message ?? ""))" }
            let index = signerIndex.map(String.init) ?? "null"
            return "InvalidContributionError(signer_index: \(index), contrib: \(contrib ?? ""))"
        }
    }

    /// The reference's exception for one of our errors: the same type and message text (or blame).
    static func referenceError(_ error: Error) -> ExpectedError {
        func value(_ message: String) -> ExpectedError {
            ExpectedError(type: "ValueError", message: message, signerIndex: nil, contrib: nil)
        }
        guard let error = error as? BIP445Error else { return value("\(error)") }
        switch error {
        case let .invalidContribution(signerIndex, contribution):
            return ExpectedError(type: "InvalidContributionError", message: nil, signerIndex: signerIndex,
                                 contrib: contribution.rawValue)
        case .thresholdOutOfRange: return value("The threshold must be 1 <= t <= n.")
        case .tooManyParticipants: return value("The number of participants must be n <= 128.")
        case .signerCountOutOfRange: return value("The number of signers must satisfy t <= u <= n.")
        case let .identifierOutOfRange(index, _):
            return value("The id at index \(index) must satisfy 0 <= id <= n - 1.")
        case .duplicateIdentifiers: return value("The ids list contains duplicate elements.")
        case let .invalidPublicShare(index): return value("The pubshare at index \(index) is not a valid point.")
        case .publicSharesDoNotMatchThresholdPublicKey:
            return value("The provided key material is incorrect: "
                         + "the public shares do not match the threshold public key.")
        case .publicSharesNotOnOnePolynomial:
            return value("The provided key material is incorrect: "
                         + "the public shares do not lie on a single polynomial.")
        case .tooFewPublicShares: return value("At least t pubshares must be present.")
        case .invalidThresholdPublicKey: return value("The thresh_pk is not a valid point.")
        case .thresholdPublicKeyIsInfinity: return value("The threshold public key must not be the point at infinity.")
        case .secretShareOutOfRange: return value("The secshare is out of range.")
        case let .secretNonceOutOfRange(half):
            return value("The \(half == 1 ? "first" : "second") half of secnonce is out of range.")
        case .signerNotInSignerSet: return value("The signer's id is missing from the ids list.")
        case .publicShareMismatch: return value("The signer's pubshare does not match its entry in the pubshares list.")
        case .tweakOutOfRange: return value("The tweak value is out of range.")
        case .aggOtherNonceWithSoleSigner: return value("The aggothernonce must be omitted when u = 1.")
        case .aggOtherNonceMissing: return value("The aggothernonce must be present and a 66-byte array when u > 1.")
        case let .countMismatch(what, _, _) where what == "partial signatures":
            return value("The psigs and ids lists must have the same length.")
        default: return value("\(error)")
        }
    }

    /// A valid case: passes when `body` reports no differences.
    static func valid(_ family: String, _ caseName: String, _ body: () throws -> [String]) -> VectorOutcome {
        do {
            let differences = try body()
            return VectorOutcome(family: family, caseName: caseName,
                                 failure: differences.isEmpty ? nil : differences.joined(separator: "; "))
        } catch {
            return VectorOutcome(family: family, caseName: caseName, failure: "threw \(referenceError(error))")
        }
    }

    /// An error case: passes when `body` throws exactly the expected error.
    static func failing(_ family: String, _ caseName: String, _ expected: ExpectedError?,
                        _ body: () throws -> Void) -> VectorOutcome {
        guard let expected else {
            return VectorOutcome(family: family, caseName: caseName, failure: "the error case names no error")
        }
        do {
            try body()
            return VectorOutcome(family: family, caseName: caseName, failure: "succeeded; expected \(expected)")
        } catch {
            let actual = referenceError(error)
            return VectorOutcome(family: family, caseName: caseName,
                                 failure: actual == expected ? nil : "threw \(actual); expected \(expected)")
        }
    }

    static func compare(_ what: String, _ actual: [UInt8], _ expected: String) throws -> [String] {
        let expectedBytes = try VectorJSON.hex(expected)
        guard actual != expectedBytes else { return [] }
        return ["\(what) is \(VectorJSON.hexString(actual)), expected \(expected.lowercased())"]
    }

    static func hex(_ texts: [String]) throws -> [[UInt8]] { try texts.map(VectorJSON.hex) }

    /// The bytes of `list[index]`; throws when the index is outside the list.
    static func entry(_ list: [String], _ index: Int) throws -> [UInt8] {
        guard list.indices.contains(index) else { throw VectorJSON.Missing(what: "entry \(index)") }
        return try VectorJSON.hex(list[index])
    }

    /// The entries of `list` at `indices`, or nil when the case gives no indices.
    static func pick(_ list: [String], _ indices: [Int]?) throws -> [[UInt8]]? {
        try indices?.map { try entry(list, $0) }
    }

    /// A vector's secret share; one that is not below n is the reference's "secshare is out of range".
    static func secretShare(_ encoded: [UInt8]) throws -> SecretScalar<Secp256k1Sha256> {
        var bytes = encoded
        defer { VectorJSON.wipe(&bytes) }
        guard bytes.count == 32 else {
            throw BIP445Error.wrongLength(what: "secshare", expected: 32, actual: bytes.count)
        }
        do {
            return try SecretScalar(deserializingSecret: bytes)
        } catch {
            throw BIP445Error.secretShareOutOfRange
        }
    }

    // MARK: threshold_info_vectors.json

    struct ThresholdInfoFile: Codable {
        struct Case: Codable {
            let tcId: Int
            let t: Int
            let threshPk: String
            let pubshareIndices: [Int?]
            let error: ExpectedError?
        }
        struct Group: Codable {
            let tgId: String
            let pubshares: [String]
            let validTests: [Case]
            let errorTests: [Case]
        }
        let testGroups: [Group]
    }

    static func checkThresholdInfo(_ data: Data, _ family: String) throws -> [VectorOutcome] {
        try decode(ThresholdInfoFile.self, data).testGroups.flatMap { group in
            func info(_ test: ThresholdInfoFile.Case) throws -> BIP445ThresholdInfo {
                let shares = try test.pubshareIndices.map { index in
                    try index.map { try entry(group.pubshares, $0) }
                }
                return try BIP445ThresholdInfo(threshold: test.t, thresholdPublicKey: VectorJSON.hex(test.threshPk),
                                               publicShares: shares)
            }
            return group.validTests.map { test in
                valid(family, "tc \(test.tcId) (\(group.tgId))") {
                    try info(test).validate()
                    return []
                }
            } + group.errorTests.map { test in
                failing(family, "tc \(test.tcId) (\(group.tgId))", test.error) { try info(test).validate() }
            }
        }
    }

    // MARK: nonce_gen_vectors.json (BIP 445 0.10.0)

    struct NonceGenFile: Codable {
        struct Case: Codable {
            let tcId: Int
            let rand: String
            let secshare: String?
            let pubshare: String?
            let threshPkXonly: String?
            let msg: String?
            let extraIn: String?
            let expected: [String]
        }
        let validTests: [Case]
    }

    /// The file predates 0.12.0's `signer_id` field, so each case is reproduced with NonceGen's 0.10.0 hash layout
    /// (`BIP445.nonceGenVersion0_10`), and the 0.12.1 NonceGen, which the text defines and which wins where the two
    /// disagree, must give a different nonce: its hash input has the extra bytes(1, 0) of an absent signer_id.
    static func checkNonceGen(_ data: Data, _ family: String) throws -> [VectorOutcome] {
        try decode(NonceGenFile.self, data).validTests.map { test in
            valid(family, "tc \(test.tcId)") {
                let rand = try VectorJSON.hex(test.rand)
                var share = try test.secshare.map(VectorJSON.hex)
                defer { if share != nil { VectorJSON.wipe(&share!) } }
                let publicShare = try test.pubshare.map(VectorJSON.hex)
                let key = try test.threshPkXonly.map(VectorJSON.hex)
                let message = try test.msg.map(VectorJSON.hex)
                let extra = try test.extraIn.map(VectorJSON.hex)
                guard test.expected.count == 2 else { return ["expected is not [secnonce, pubnonce]"] }
                let (old, oldPublic) = try BIP445.nonceGenVersion0_10(
                    rand: rand, secretShare: share, publicShare: publicShare, thresholdPublicKeyXOnly: key,
                    message: message, extraInput: extra)
                var oldSecret = old.serializeSecret()
                defer { VectorJSON.wipe(&oldSecret) }
                let (current, _) = try BIP445.nonceGen(
                    rand: rand, secretShare: share, signerID: nil, publicShare: publicShare,
                    thresholdPublicKeyXOnly: key, message: message, extraInput: extra)
                var currentSecret = current.serializeSecret()
                defer { VectorJSON.wipe(&currentSecret) }
                return try compare("0.10.0 secnonce", oldSecret, test.expected[0])
                    + compare("0.10.0 pubnonce", oldPublic, test.expected[1])
                    + (currentSecret == oldSecret ? ["the 0.12.1 NonceGen ignored its signer_id field"] : [])
            }
        }
    }

    // MARK: nonce_agg_vectors.json

    struct NonceAggFile: Codable {
        struct Case: Codable {
            let tcId: Int
            let pubnonceIndices: [Int]
            let expected: String?
            let error: ExpectedError?
        }
        let pubnonces: [String]
        let validTests: [Case]
        let errorTests: [Case]
    }

    static func checkNonceAgg(_ data: Data, _ family: String) throws -> [VectorOutcome] {
        let file = try decode(NonceAggFile.self, data)
        return file.validTests.map { test in
            valid(family, "tc \(test.tcId)") {
                let aggregate = try BIP445.nonceAgg(pick(file.pubnonces, test.pubnonceIndices) ?? [])
                return try compare("aggnonce", aggregate, test.expected ?? "")
            }
        } + file.errorTests.map { test in
            failing(family, "tc \(test.tcId)", test.error) {
                _ = try BIP445.nonceAgg(pick(file.pubnonces, test.pubnonceIndices) ?? [])
            }
        }
    }

    // MARK: sign_verify_vectors.json

    struct SignVerifyFile: Codable {
        struct Case: Codable {
            let tcId: Int
            let signerId: Int?
            let ids: [Int]
            let pubshareIndices: [Int]?
            let pubnonceIndices: [Int]?
            let secshareIndex: Int?
            let secnonceIndex: Int?
            let aggnonce: String?
            let msg: String
            let expected: String?
            let psig: String?
            let signerIndex: Int?
            let error: ExpectedError?
        }
        struct Group: Codable {
            let tgId: String
            let t: Int
            let n: Int
            let threshPk: String
            let pubshares: [String]
            let pubnonces: [String]
            let secshares: [String]
            let secnonces: [String]
            let validTests: [Case]
            let signErrorTests: [Case]
            let verifyFailTests: [Case]
            let verifyErrorTests: [Case]
        }
        let testGroups: [Group]
    }

    static func checkSignVerify(_ data: Data, _ family: String) throws -> [VectorOutcome] {
        try decode(SignVerifyFile.self, data).testGroups.flatMap { group in
            let name = { (test: SignVerifyFile.Case) in "tc \(test.tcId) (\(group.tgId))" }
            func sign(_ test: SignVerifyFile.Case) throws -> [UInt8] {
                guard let secnonceIndex = test.secnonceIndex, let secshareIndex = test.secshareIndex,
                    let signerID = test.signerId, let aggnonce = test.aggnonce
                else { throw VectorJSON.Missing(what: "secnonce_index, secshare_index, signer_id or aggnonce") }
                var nonceBytes = try entry(group.secnonces, secnonceIndex)
                defer { VectorJSON.wipe(&nonceBytes) }
                let session = try BIP445SessionContext(
                    participantCount: group.n, threshold: group.t, ids: test.ids,
                    publicShares: pick(group.pubshares, test.pubshareIndices),
                    thresholdPublicKey: VectorJSON.hex(group.threshPk), aggregateNonce: VectorJSON.hex(aggnonce),
                    message: VectorJSON.hex(test.msg))
                return try BIP445.sign(secretNonce: BIP445SecretNonce(deserializingSecret: nonceBytes),
                                       secretShare: secretShare(entry(group.secshares, secshareIndex)),
                                       signerID: signerID, session: session)
            }
            func verify(_ test: SignVerifyFile.Case, _ psig: String, signerIndex: Int) throws -> Bool {
                try BIP445.partialSigVerify(
                    partialSignature: VectorJSON.hex(psig),
                    publicNonces: pick(group.pubnonces, test.pubnonceIndices) ?? [],
                    participantCount: group.n, threshold: group.t, ids: test.ids,
                    publicShares: pick(group.pubshares, test.pubshareIndices) ?? [],
                    thresholdPublicKey: VectorJSON.hex(group.threshPk), tweaks: [], isXOnly: [],
                    message: VectorJSON.hex(test.msg), signerIndex: signerIndex)
            }
            let validOutcomes = group.validTests.map { test in
                valid(family, name(test)) {
                    var differences = try compare("psig", sign(test), test.expected ?? "")
                    if let indices = test.pubnonceIndices {
                        differences += try compare("aggnonce", BIP445.nonceAgg(pick(group.pubnonces, indices) ?? []),
                                                   test.aggnonce ?? "")
                    }
                    if test.pubshareIndices != nil, test.pubnonceIndices != nil, let signerID = test.signerId,
                        let position = test.ids.firstIndex(of: signerID)
                    {
                        if try !verify(test, test.expected ?? "", signerIndex: position) {
                            differences.append("PartialSigVerify rejects the expected psig")
                        }
                    }
                    return differences
                }
            }
            let signErrors = group.signErrorTests.map { test in
                failing(family, name(test), test.error) { _ = try sign(test) }
            }
            let verifyFailures = group.verifyFailTests.map { test in
                valid(family, name(test)) {
                    try verify(test, test.psig ?? "", signerIndex: test.signerIndex ?? -1)
                        ? ["PartialSigVerify accepted an invalid psig"] : []
                }
            }
            let verifyErrors = group.verifyErrorTests.map { test in
                failing(family, name(test), test.error) {
                    _ = try verify(test, test.psig ?? "", signerIndex: test.signerIndex ?? -1)
                }
            }
            return validOutcomes + signErrors + verifyFailures + verifyErrors
        }
    }

    // MARK: det_sign_vectors.json

    struct DeterministicSignFile: Codable {
        struct Case: Codable {
            let tcId: Int
            let signerId: Int
            let ids: [Int]
            let pubshareIndices: [Int]?
            let secshareIndex: Int
            let aggothernonce: String?
            let auxRand: String?
            let msg: String
            let tweaks: [String]
            let isXonly: [Bool]
            let expected: [String]?
            let error: ExpectedError?
        }
        struct Group: Codable {
            let tgId: String
            let t: Int
            let n: Int
            let threshPk: String
            let pubshares: [String]
            let secshares: [String]
            let validTests: [Case]
            let errorTests: [Case]
        }
        let testGroups: [Group]
    }

    static func checkDeterministicSign(_ data: Data, _ family: String) throws -> [VectorOutcome] {
        try decode(DeterministicSignFile.self, data).testGroups.flatMap { group in
            func run(_ test: DeterministicSignFile.Case) throws -> (publicNonce: [UInt8], partialSignature: [UInt8]) {
                try BIP445.deterministicSign(
                    secretShare: secretShare(entry(group.secshares, test.secshareIndex)), signerID: test.signerId,
                    aggOtherNonce: test.aggothernonce.map(VectorJSON.hex), participantCount: group.n,
                    threshold: group.t, ids: test.ids, publicShares: pick(group.pubshares, test.pubshareIndices),
                    thresholdPublicKey: VectorJSON.hex(group.threshPk), tweaks: hex(test.tweaks),
                    isXOnly: test.isXonly, message: VectorJSON.hex(test.msg), auxRand: test.auxRand.map(VectorJSON.hex))
            }
            return group.validTests.map { test in
                valid(family, "tc \(test.tcId) (\(group.tgId))") {
                    guard let expected = test.expected, expected.count == 2 else {
                        return ["expected is not [pubnonce, psig]"]
                    }
                    let (publicNonce, partialSignature) = try run(test)
                    return try compare("pubnonce", publicNonce, expected[0])
                        + compare("psig", partialSignature, expected[1])
                }
            } + group.errorTests.map { test in
                failing(family, "tc \(test.tcId) (\(group.tgId))", test.error) { _ = try run(test) }
            }
        }
    }

    // MARK: BIP 341 wallet-test-vectors.json, scriptPubKey part

    struct TaprootFile: Codable {
        struct Given: Codable {
            let internalPubkey: String
        }
        struct Intermediary: Codable {
            let merkleRoot: String?
            let tweak: String
            let tweakedPubkey: String
        }
        struct Case: Codable {
            let given: Given
            let intermediary: Intermediary
        }
        let scriptPubKey: [Case]
    }

    /// The BIP 341 key-path tweak through BIP 445's tweak API: the internal key lifted to even y, one x-only tweak
    /// of hash_TapTweak(internal key || merkle root), gives `tweakedPubkey`.
    static func checkTaprootTweaks(_ data: Data, _ family: String) throws -> [VectorOutcome] {
        let decoder = JSONDecoder()
        return try decoder.decode(TaprootFile.self, from: data).scriptPubKey.enumerated().map { index, test in
            valid(family, "scriptPubKey \(index)") {
                let internalKey = try VectorJSON.hex(test.given.internalPubkey)
                let tweak = try BIP445.taprootTweak(internalKey: internalKey,
                                                    merkleRoot: test.intermediary.merkleRoot.map(VectorJSON.hex))
                let context = try BIP445TweakContext(thresholdPublicKey: BIP445.liftX(internalKey))
                    .applyingTweak(tweak, xOnly: true)
                return try compare("tweak", tweak, test.intermediary.tweak)
                    + compare("tweaked key", context.xOnlyPublicKey, test.intermediary.tweakedPubkey)
            }
        }
    }

    // MARK: sig_agg_vectors.json

    struct SignatureAggregationFile: Codable {
        struct Case: Codable {
            let tcId: Int
            let ids: [Int]
            let pubshareIndices: [Int]?
            let aggnonce: String
            let tweakIndices: [Int]
            let isXonly: [Bool]
            let psigs: [String]
            let msg: String
            let expected: String?
            let error: ExpectedError?
        }
        struct Group: Codable {
            let tgId: String
            let t: Int
            let n: Int
            let threshPk: String
            let pubshares: [String]
            let tweaks: [String]
            let validTests: [Case]
            let errorTests: [Case]
        }
        let testGroups: [Group]
    }

    /// Valid cases must reproduce the signature, which must also verify under the tweaked x-only key with
    /// libsecp256k1's BIP 340 verifier.
    static func checkSignatureAggregation(_ data: Data, _ family: String) throws -> [VectorOutcome] {
        try decode(SignatureAggregationFile.self, data).testGroups.flatMap { group in
            func session(_ test: SignatureAggregationFile.Case) throws -> BIP445SessionContext {
                try BIP445SessionContext(
                    participantCount: group.n, threshold: group.t, ids: test.ids,
                    publicShares: pick(group.pubshares, test.pubshareIndices),
                    thresholdPublicKey: VectorJSON.hex(group.threshPk), aggregateNonce: VectorJSON.hex(test.aggnonce),
                    tweaks: pick(group.tweaks, test.tweakIndices) ?? [], isXOnly: test.isXonly,
                    message: VectorJSON.hex(test.msg))
            }
            return group.validTests.map { test in
                valid(family, "tc \(test.tcId) (\(group.tgId))") {
                    let context = try session(test)
                    let signature = try BIP445.partialSigAgg(hex(test.psigs), session: context)
                    let key = try BIP445TweakContext(thresholdPublicKey: context.thresholdPublicKey)
                        .applyingTweaks(context.tweaks, isXOnly: context.isXOnly).xOnlyPublicKey
                    let verifies = BIP445.verifyBIP340(signature: signature, message: context.message,
                                                       xOnlyPublicKey: key)
                    return try compare("signature", signature, test.expected ?? "")
                        + (verifies ? [] : ["the signature does not verify under BIP 340"])
                }
            } + group.errorTests.map { test in
                failing(family, "tc \(test.tcId) (\(group.tgId))", test.error) {
                    _ = try BIP445.partialSigAgg(hex(test.psigs), session: session(test))
                }
            }
        }
    }
}
