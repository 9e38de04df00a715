import FROST
import Foundation
import SSKR
import UniformResources

extension VectorRegistry {
    /// The families of the SSKR layer: shares, texts and recoveries of Blockchain Commons' C reference.
    static var sskrFamilies: [VectorFamily] {
        [
            VectorFamily(name: "sskr/reference", relativePaths: ["sskr/sskr.json"]) { url in
                let file = try VectorJSON.decode(SSKRVectorFile.self, from: url)
                return file.cases.map(checkSSKRCase) + file.negativeCases.map(checkSSKRNegativeCase)
            }
        ]
    }

    /// The name of the C reference's error code for each refusal, as the vector file writes it.
    static func referenceName(of error: SSKRError) -> String {
        switch error {
        case .notEnoughSerializedBytes: return "SSKR_ERROR_NOT_ENOUGH_SERIALIZED_BYTES"
        case .secretTooShort: return "SSKR_ERROR_SECRET_TOO_SHORT"
        case .secretTooLong: return "SSKR_ERROR_SECRET_TOO_LONG"
        case .secretLengthNotEven: return "SSKR_ERROR_SECRET_LENGTH_NOT_EVEN"
        case .invalidGroupThreshold: return "SSKR_ERROR_INVALID_GROUP_THRESHOLD"
        case .invalidMemberThreshold: return "SSKR_ERROR_INVALID_MEMBER_THRESHOLD"
        case .invalidSingletonMember: return "SSKR_ERROR_INVALID_SINGLETON_MEMBER"
        case .tooManyShares: return "SHAMIR_ERROR_TOO_MANY_SHARES"
        case .invalidReservedBits: return "SSKR_ERROR_INVALID_RESERVED_BITS"
        case .invalidShareSet: return "SSKR_ERROR_INVALID_SHARD_SET"
        case .emptyShareSet: return "SSKR_ERROR_EMPTY_SHARD_SET"
        case .duplicateMemberIndex: return "SSKR_ERROR_DUPLICATE_MEMBER_INDEX"
        case .notEnoughMemberShares: return "SSKR_ERROR_NOT_ENOUGH_MEMBER_SHARDS"
        case .notEnoughGroups: return "SSKR_ERROR_NOT_ENOUGH_GROUPS"
        case .checksumFailure: return "SHAMIR_ERROR_CHECKSUM_FAILURE"
        case .unreadableText(let why): return why
        case .unexpectedTag(let tag): return "unexpected tag \(tag)"
        case .tagRequired: return "tag required"
        case .notAByteString: return "not a byte string"
        }
    }

    /// The reference error a refusal must match. A length mismatch, which the C API cannot express, is the
    /// share-set error of bc-sskr-rust.
    static func expectedErrorName(_ name: String) -> String {
        name.hasPrefix("CALLER_LENGTH_MISMATCH") ? "SSKR_ERROR_INVALID_SHARD_SET" : name
    }

    /// Replays the case's random stream into a split of its secret and compares every share and every text form,
    /// decodes every text back, then runs every recovery set.
    static func checkSSKRCase(_ vector: SSKRVectorFile.Case) -> VectorOutcome {
        let outcome = { (failure: String?) in
            VectorOutcome(family: "sskr/reference", caseName: vector.name, failure: failure)
        }
        do {
            if let failure = try vector.random.streamFailure() { return outcome(failure) }
            let spec = try SSKRSpec(
                groupThreshold: vector.groupThreshold,
                groups: vector.groups.map { SSKRSpec.Group(threshold: $0[0], count: $0[1]) })
            var random = RecordedSSKRRandom(calls: try vector.random.calls.map { try VectorJSON.hex($0.hex) })
            let generated = try SSKR.generate(
                secret: SecretBytes(try VectorJSON.hex(vector.secretHex)), spec: spec, random: &random
            ).flatMap { $0 }
            if let failure = random.failure { return outcome(failure) }
            guard generated.count == vector.shares.count else {
                return outcome("\(generated.count) shares, expected \(vector.shares.count)")
            }
            for (share, expected) in zip(generated, vector.shares) {
                if let failure = try checkShare(share, expected, identifierHex: vector.identifierHex) {
                    return outcome("share \(expected.index): \(failure)")
                }
            }
            for set in vector.recoverSets {
                let result = Result { () throws(SSKRError) in try SSKR.combine(set.indices.map { generated[$0] }) }
                let expected = set.bcSskrRustDiffers ?? SSKRVectorFile.Result(
                    ok: set.ok, error: set.error, secretHex: set.secretHex)
                if let failure = compare(result, expected) { return outcome("recovery \(set.indices): \(failure)") }
            }
            return outcome(nil)
        } catch {
            return outcome("\(error)")
        }
    }

    /// One share against the reference: bytes, identifier, position, `ur:sskr`, both Bytewords styles and the
    /// legacy forms, and every text read back (the legacy ones only when legacy forms are accepted).
    static func checkShare(
        _ share: SSKRShare, _ expected: SSKRVectorFile.Share, identifierHex: String
    ) throws -> String? {
        if VectorJSON.hexString(share.bytes) != expected.shareHex {
            return "bytes \(VectorJSON.hexString(share.bytes)), expected \(expected.shareHex)"
        }
        if VectorJSON.hexString(share.bytes.prefix(2).map { $0 }) != identifierHex { return "identifier" }
        if share.groupIndex != expected.group || share.memberIndex != expected.member {
            return "group \(share.groupIndex) member \(share.memberIndex), expected \(expected.group)/\(expected.member)"
        }
        var texts = [("ur", share.ur, expected.ur), ("standard Bytewords", share.bytewords(.standard),
                     expected.bytewordsStandard), ("minimal Bytewords", share.bytewords(.minimal), expected.bytewordsMinimal)]
        if let legacy = expected.legacyV1 {
            texts.append(("legacy ur", share.legacyUR, legacy.ur))
            texts.append(("legacy Bytewords", share.legacyBytewords, legacy.bytewordsStandard))
        }
        for (what, got, want) in texts {
            if got != want { return "\(what) \(got), expected \(want)" }
            let legacy = what.hasPrefix("legacy")
            if try SSKRShare(text: want.uppercased(), acceptingLegacy: legacy).bytes != share.bytes {
                return "\(what) does not read back"
            }
            if legacy, (try? SSKRShare(text: want)) != nil { return "\(what) read without accepting legacy forms" }
        }
        return nil
    }

    /// Each refusal the reference (or, where it misbehaves, the specification) requires.
    static func checkSSKRNegativeCase(_ vector: SSKRVectorFile.NegativeCase) -> VectorOutcome {
        let outcome = { (failure: String?) in
            VectorOutcome(family: "sskr/reference", caseName: vector.name, failure: failure)
        }
        do {
            switch vector.kind {
            case "combine":
                let hexes = try vector.sharesHex.unwrap("shares_hex")
                let result = Result { () throws(SSKRError) in
                    try SSKR.combine(try hexes.map { hex throws(SSKRError) in
                        try SSKRShare(bytes: (try? VectorJSON.hex(hex)) ?? [])
                    })
                }
                let expected = try vector.bcSskrRustDiffers ?? vector.referenceResult.unwrap("reference_result")
                return outcome(compare(result, expected))
            case "generate":
                let reference = try vector.referenceResult.unwrap("reference_result")
                let result = Result { () throws(SSKRError) -> [[SSKRShare]] in
                    let spec = try SSKRSpec(
                        groupThreshold: vector.groupThreshold ?? 0,
                        groups: (vector.groups ?? []).map { SSKRSpec.Group(threshold: $0[0], count: $0[1]) })
                    var random = SystemSSKRRandom()
                    let secret = SecretBytes((try? VectorJSON.hex(vector.secretHex ?? "")) ?? [])
                    return try SSKR.generate(secret: secret, spec: spec, random: &random)
                }
                switch result {
                case .success where reference.ok:
                    // The C reference accepts these and writes shares of uninitialised memory; refuse them.
                    return outcome("split accepted; the reference's shares here are garbage and it must be refused")
                case .success: return outcome("split accepted, expected \(reference.error ?? "an error")")
                case .failure where reference.ok: return outcome(nil)
                case .failure(let error):
                    let want = expectedErrorName(reference.error ?? "")
                    return outcome(referenceName(of: error) == want ? nil : "\(referenceName(of: error)), expected \(want)")
                }
            case "decode":
                let expected = try vector.strictDecoderResult.unwrap("strict_decoder_result")
                let text = try vector.text.unwrap("text")
                let result = Result { () throws(SSKRError) in try SSKRShare(text: text) }
                switch result {
                case .success: return outcome("read, expected \(expected.error ?? "a refusal")")
                case .failure(let error):
                    let got = referenceName(of: error)
                    return outcome(got == expected.error ? nil : "\(got), expected \(expected.error ?? "")")
                }
            default:
                return outcome("unknown kind \(vector.kind)")
            }
        } catch {
            return outcome("\(error)")
        }
    }

    /// A recovery against the expected result: the same secret, or the same refusal.
    static func compare(_ result: Result<SecretBytes, SSKRError>, _ expected: SSKRVectorFile.Result) -> String? {
        switch result {
        case .success(let secret):
            let got = VectorJSON.hexString(secret.exposeSecretBytes())
            guard expected.ok else { return "recovered \(got), expected \(expected.error ?? "an error")" }
            return got == expected.secretHex ? nil : "recovered \(got), expected \(expected.secretHex ?? "")"
        case .failure(let error):
            guard !expected.ok else { return "\(referenceName(of: error)), expected \(expected.secretHex ?? "")" }
            let want = expectedErrorName(expected.error ?? "")
            return referenceName(of: error) == want ? nil : "\(referenceName(of: error)), expected \(want)"
        }
    }
}

/// Replays the reference's random calls and notes the first call whose size differs from what it drew.
struct RecordedSSKRRandom: SSKRRandomSource {
    let calls: [[UInt8]]
    var next = 0
    var mismatch: String?

    init(calls: [[UInt8]]) { self.calls = calls }

    mutating func randomBytes(count: Int) -> [UInt8] {
        defer { next += 1 }
        guard next < calls.count else {
            mismatch = mismatch ?? "random call \(next + 1) (\(count) bytes) beyond the \(calls.count) the reference made"
            return [UInt8](repeating: 0, count: count)
        }
        if calls[next].count != count {
            mismatch = mismatch ?? "random call \(next + 1) asks \(count) bytes; the reference drew \(calls[next].count)"
        }
        return Array((calls[next] + [UInt8](repeating: 0, count: count)).prefix(count))
    }

    /// Why the replay differs from the reference's calls, or nil when every call matched and all were used.
    var failure: String? {
        mismatch ?? (next == calls.count ? nil : "\(next) random calls; the reference made \(calls.count)")
    }
}

/// `sskr/sskr.json` (schema `sskr-test-vectors/1`): splits with their random streams, shares and texts, recovery
/// sets, and refusals.
struct SSKRVectorFile: Decodable {
    struct Call: Decodable {
        let n: Int
        let hex: String
    }

    struct Random: Decodable {
        let how: String
        let seed: Seed?
        let firstCounter: UInt64?
        let bytesHex: String?
        let calls: [Call]

        /// Checks the recorded calls against the generator the file names where it is deterministic everywhere
        /// (seedtool's HKDF stream, the fixed 00 11 22 … stream, a fixed byte stream); the C library's rand()
        /// streams are platform-specific and replayed as recorded.
        func streamFailure() throws -> String? {
            for (index, call) in calls.enumerated() {
                let bytes = try VectorJSON.hex(call.hex)
                if bytes.count != call.n { return "random call \(index + 1) has \(bytes.count) bytes, not \(call.n)" }
                let expected: [UInt8]?
                switch how {
                case "fake17": expected = (0..<call.n).map { UInt8(truncatingIfNeeded: 17 * $0) }
                case "seedtool-hkdf":
                    let key = SHA256.hash(Array((seed?.text ?? "").utf8))
                    let counter = (firstCounter ?? 1) + UInt64(index)
                    let salt = (0..<8).map { UInt8(truncatingIfNeeded: counter >> (8 * $0)) }
                    expected = HKDFSHA256.derive(salt: salt, key: key, count: call.n)
                default: expected = nil
                }
                if let expected, expected != bytes { return "random call \(index + 1) is not the \(how) stream" }
            }
            if how == "bytes", let bytesHex, try calls.flatMap({ try VectorJSON.hex($0.hex) }) != VectorJSON.hex(bytesHex) {
                return "the random calls are not the recorded byte stream"
            }
            return nil
        }
    }

    /// A seed the file writes as text (seedtool's) or as a number (the C library's srand()).
    struct Seed: Decodable {
        let text: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) { text = String(number) } else {
                text = try container.decode(String.self)
            }
        }
    }

    struct Legacy: Decodable {
        let ur: String
        let bytewordsStandard: String
    }

    struct Share: Decodable {
        let index: Int
        let group: Int
        let member: Int
        let shareHex: String
        let ur: String
        let bytewordsStandard: String
        let bytewordsMinimal: String
        let legacyV1: Legacy?
    }

    struct Result: Decodable {
        let ok: Bool
        let error: String?
        let secretHex: String?
    }

    struct RecoverSet: Decodable {
        let indices: [Int]
        let ok: Bool
        let secretHex: String?
        let error: String?
        /// Where bc-sskr-rust recovers and the C reference fails (an incomplete extra group): the specification's
        /// intent, which this package follows.
        let bcSskrRustDiffers: Result?
    }

    struct Case: Decodable {
        let name: String
        let secretHex: String
        let groupThreshold: Int
        let groups: [[Int]]
        let random: Random
        let identifierHex: String
        let shares: [Share]
        let recoverSets: [RecoverSet]
    }

    struct NegativeCase: Decodable {
        let name: String
        let kind: String
        let sharesHex: [String]?
        let secretHex: String?
        let groupThreshold: Int?
        let groups: [[Int]]?
        let text: String?
        let referenceResult: Result?
        let strictDecoderResult: Result?
        let bcSskrRustDiffers: Result?
    }

    let cases: [Case]
    let negativeCases: [NegativeCase]
}

/// HKDF-SHA-256 (RFC 5869) over the package's SHA-256, only to regenerate seedtool's deterministic random stream.
enum HKDFSHA256 {
    static func hmac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var block = key.count > 64 ? SHA256.hash(key) : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        let inner = SHA256.hash(block.map { $0 ^ 0x36 } + message)
        return SHA256.hash(block.map { $0 ^ 0x5c } + inner)
    }

    static func derive(salt: [UInt8], key: [UInt8], count: Int) -> [UInt8] {
        let pseudorandomKey = hmac(key: salt, message: key)
        var output: [UInt8] = []
        var previous: [UInt8] = []
        var counter: UInt8 = 1
        while output.count < count {
            previous = hmac(key: pseudorandomKey, message: previous + [counter])
            output += previous
            counter &+= 1
        }
        return Array(output.prefix(count))
    }
}

extension Optional {
    /// The value, or `VectorJSON.Missing` naming the field.
    func unwrap(_ what: String) throws -> Wrapped {
        guard let value = self else { throw VectorJSON.Missing(what: what) }
        return value
    }
}
