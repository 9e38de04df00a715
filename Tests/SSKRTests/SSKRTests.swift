import FROST
import Testing

@testable import SSKR

struct SSKRTests {
    static func split(_ secret: [UInt8], _ spec: SSKRSpec) throws -> [[SSKRShare]] {
        var random = SystemSSKRRandom()
        return try SSKR.generate(secret: SecretBytes(secret), spec: spec, random: &random)
    }

    static func spec(_ groupThreshold: Int, _ groups: [(Int, Int)]) throws -> SSKRSpec {
        try SSKRSpec(groupThreshold: groupThreshold, groups: groups.map { SSKRSpec.Group(threshold: $0.0, count: $0.1) })
    }

    @Test func randomLayoutsRecoverFromAnyQuorumInAnyOrder() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<40 {
            let groups = (0..<Int.random(in: 1...5, using: &generator)).map { _ -> (Int, Int) in
                let count = Int.random(in: 1...6, using: &generator)
                return (count == 1 ? 1 : Int.random(in: 2...count, using: &generator), count)
            }
            let layout = try Self.spec(Int.random(in: 1...groups.count, using: &generator), groups)
            var random = SystemSSKRRandom()
            let secret = random.randomBytes(count: 2 * Int.random(in: 8...16, using: &generator))
            let shares = try Self.split(secret, layout)
            let groupsUsed = shares.indices.shuffled(using: &generator).prefix(layout.groupThreshold)
            let chosen = groupsUsed.flatMap { group in
                shares[group].shuffled(using: &generator).prefix(layout.groups[group].threshold)
            }.shuffled(using: &generator)
            #expect(try SSKR.combine(chosen).exposeSecretBytes() == secret, "\(layout)")
            for share in shares.joined() {
                #expect(share.groupThreshold == layout.groupThreshold && share.groupCount == layout.groups.count)
                #expect(share.memberThreshold == layout.groups[share.groupIndex].threshold)
            }
        }
    }

    @Test func aShareOfAnotherBackupADuplicateAndTooFewAreNamed() throws {
        let layout = SSKRSpec.twoOfThree
        let secret = [UInt8](repeating: 0x42, count: 32)
        let first = try Self.split(secret, layout)[0], second = try Self.split(secret, layout)[0]
        #expect(throws: SSKRError.invalidShareSet(index: 1)) { try SSKR.combine([first[0], second[1]]) }
        #expect(throws: SSKRError.duplicateMemberIndex(group: 0, member: 2)) { try SSKR.combine([first[2], first[2]]) }
        #expect(throws: SSKRError.notEnoughMemberShares(group: 0, have: 1, need: 2)) { try SSKR.combine([first[1]]) }
        #expect(throws: SSKRError.emptyShareSet) { try SSKR.combine([]) }
        var forged = first[1].bytes
        forged[forged.count - 1] ^= 0x80
        #expect(throws: SSKRError.checksumFailure) { try SSKR.combine([first[0], SSKRShare(bytes: forged)]) }
    }

    /// bc-sskr fails when a group short of its threshold is present even though enough other groups are complete;
    /// the specification's intent (and bc-sskr-rust) is to recover from the complete ones.
    @Test func anIncompleteExtraGroupIsSkipped() throws {
        let layout = try Self.spec(2, [(2, 3), (3, 5), (2, 3)])
        let secret = Array(0..<16).map(UInt8.init)
        let shares = try Self.split(secret, layout)
        let chosen = [shares[1][0]] + Array(shares[0].prefix(2)) + Array(shares[2].suffix(2))
        #expect(try SSKR.combine(chosen).exposeSecretBytes() == secret)
        #expect(throws: SSKRError.notEnoughMemberShares(group: 1, have: 1, need: 3)) {
            try SSKR.combine([shares[1][0]] + Array(shares[0].prefix(2)) + [shares[2][0]])
        }
        #expect(throws: SSKRError.notEnoughGroups(have: 1, need: 2)) { try SSKR.combine(Array(shares[1])) }
    }

    @Test func layoutsAndSecretsOutsideTheFormatAreRefused() throws {
        #expect(throws: SSKRError.invalidGroupThreshold(threshold: 0, groups: 1)) { try Self.spec(0, [(2, 3)]) }
        #expect(throws: SSKRError.invalidGroupThreshold(threshold: 2, groups: 1)) { try Self.spec(2, [(2, 3)]) }
        #expect(throws: SSKRError.invalidMemberThreshold(group: 0, threshold: 0, count: 3)) { try Self.spec(1, [(0, 3)]) }
        #expect(throws: SSKRError.invalidMemberThreshold(group: 1, threshold: 4, count: 3)) {
            try Self.spec(1, [(2, 3), (4, 3)])
        }
        #expect(throws: SSKRError.invalidSingletonMember(group: 0, count: 3)) { try Self.spec(1, [(1, 3)]) }
        #expect(throws: SSKRError.tooManyShares(count: 17)) { try Self.spec(1, [(2, 17)]) }
        #expect(throws: SSKRError.tooManyShares(count: 17)) { try Self.spec(1, Array(repeating: (1, 1), count: 17)) }
        #expect(throws: SSKRError.secretTooShort(count: 14)) { try Self.split([UInt8](repeating: 1, count: 14), .twoOfThree) }
        #expect(throws: SSKRError.secretLengthNotEven(count: 17)) { try Self.split([UInt8](repeating: 1, count: 17), .twoOfThree) }
        #expect(throws: SSKRError.secretTooLong(count: 34)) { try Self.split([UInt8](repeating: 1, count: 34), .twoOfThree) }
    }

    @Test func hostileShareBytesGetTypedErrors() throws {
        let valid = try Self.split([UInt8](repeating: 9, count: 16), .twoOfThree)[0][0].bytes
        #expect(throws: SSKRError.notEnoughSerializedBytes(count: 20)) { try SSKRShare(bytes: Array(valid.prefix(20))) }
        #expect(throws: SSKRError.notEnoughSerializedBytes(count: 0)) { try SSKRShare(bytes: []) }
        #expect(throws: SSKRError.secretLengthNotEven(count: 17)) { try SSKRShare(bytes: valid + [0]) }
        #expect(throws: SSKRError.secretTooLong(count: 34)) { try SSKRShare(bytes: valid + [UInt8](repeating: 0, count: 18)) }
        var reserved = valid
        reserved[4] |= 0x10
        #expect(throws: SSKRError.invalidReservedBits) { try SSKRShare(bytes: reserved) }
        // A group index beyond the declared group count cannot come from a split.
        var outside = valid
        outside[3] = 0x31
        #expect(throws: SSKRError.invalidShareSet(index: 0)) { try SSKR.combine([SSKRShare(bytes: outside)]) }
        // 300 shares: refused by count before any grouping.
        let many = try Array(repeating: SSKRShare(bytes: valid), count: 300)
        #expect(throws: SSKRError.tooManyShares(count: 300)) { try SSKR.combine(many) }
    }

    @Test func aShareDescribesItsPlaceNeverItsValue() throws {
        let share = try Self.split([UInt8](repeating: 0xab, count: 16), .twoOfThree)[0][1]
        #expect(share.description.hasPrefix("SSKR "))
        #expect(share.description.contains("member 2"))
        #expect(!share.description.lowercased().contains("abab"))
    }
}
