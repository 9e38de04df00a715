import FROST
import Foundation

extension VectorRegistry {
    /// ChillDKG 0.3.0 (BlockstreamResearch/bip-frost-dkg): host keys, the parameters hash, every participant and
    /// coordinator step, investigation and recovery.
    static var chillDKGFamilies: [VectorFamily] {
        [
            ChillDKGVectors.family("hostpubkey_gen") { try ChillDKGVectors.checkHostPubkeyGen($0, $1) },
            ChillDKGVectors.family("params_hash") { try ChillDKGVectors.checkParamsHash($0, $1) },
            ChillDKGVectors.family("participant_step1") { try ChillDKGVectors.checkParticipantStep1($0, $1) },
            ChillDKGVectors.family("participant_step2") { try ChillDKGVectors.checkParticipantStep2($0, $1) },
            ChillDKGVectors.family("participant_finalize") { try ChillDKGVectors.checkParticipantFinalize($0, $1) },
            ChillDKGVectors.family("participant_investigate") {
                try ChillDKGVectors.checkParticipantInvestigate($0, $1)
            },
            ChillDKGVectors.family("coordinator_step1") { try ChillDKGVectors.checkCoordinatorStep1($0, $1) },
            ChillDKGVectors.family("coordinator_finalize") { try ChillDKGVectors.checkCoordinatorFinalize($0, $1) },
            ChillDKGVectors.family("coordinator_investigate") {
                try ChillDKGVectors.checkCoordinatorInvestigate($0, $1)
            },
            ChillDKGVectors.family("recover") { try ChillDKGVectors.checkRecover($0, $1) },
        ]
    }
}

/// The ChillDKG reference's vector files, decoded with `Codable` and checked value by value: a valid case must
/// reproduce every output byte; an error case must fail with the reference's exception type, its message when the
/// vector gives one, and the blamed participant(s).
enum ChillDKGVectors {
    typealias Check = @Sendable (Data, String) throws -> [VectorOutcome]

    /// The family for `frost/chilldkg/<step>_vectors.json`, named `frost/chilldkg/<step>` with dashes.
    static func family(_ step: String, _ check: @escaping Check) -> VectorFamily {
        let familyName = "frost/chilldkg/" + step.replacingOccurrences(of: "_", with: "-")
        return VectorFamily(name: familyName, relativePaths: ["frost/chilldkg/\(step)_vectors.json"]) { url in
            try check(Data(contentsOf: url), familyName)
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        try JSONDecoder().decode(type, from: data)
    }

    // MARK: File shapes

    struct Params: Codable {
        let hostpubkeys: [String]
        let t: Int

        func sessionParams() throws -> ChillDKG.SessionParams {
            ChillDKG.SessionParams(hostPublicKeys: try BIP445Vectors.hex(hostpubkeys), threshold: t)
        }
    }

    struct ExpectedError: Codable, Equatable, CustomStringConvertible {
        let type: String
        let message: String?
        let participantId: Int?
        let participantId1: Int?
        let participantId2: Int?

        var description: String {
            let blame = [participantId, participantId1, participantId2].compactMap { $0 }.map(String.init)
            return "\(type)(\(([message].compactMap { $0 } + blame).joined(separator: ", ")))"
        }

        /// Whether `actual` is this error: the type, the blame, and the message when the vector names one.
        func matches(_ actual: ExpectedError) -> Bool {
            type == actual.type && participantId == actual.participantId && participantId1 == actual.participantId1
                && participantId2 == actual.participantId2 && (message == nil || message == actual.message)
        }
    }

    struct DKGOutput: Codable {
        let secshare: String?
        let threshPk: String
        let pubshares: [String]
    }

    struct FlatFile<Valid: Codable, Failing: Codable>: Codable {
        let validTestCases: [Valid]
        let errorTestCases: [Failing]
    }

    struct GroupedFile<Group: Codable>: Codable {
        let testGroups: [Group]
    }

    /// The reference's exception for one of our errors.
    static func referenceError(_ error: Error) -> ExpectedError {
        guard let error = error as? ChillDKGError else {
            return ExpectedError(type: "ValueError", message: "\(error)", participantId: nil, participantId1: nil,
                                 participantId2: nil)
        }
        var message: String?
        var pair: (Int, Int)?
        switch error {
        case .hostSecretKeyNotInSession: message = "Host secret key does not match any host public key"
        case .hostSecretKeyNotInRecoveryData:
            message = "Host secret key does not match any host public key in the recovery data"
        case .hostSecretKeyChanged: message = "Host secret key does not match the one used in participant_step1"
        case let .faultyParticipant(_, reason), let .faultyParticipantOrCoordinator(_, reason),
             let .faultyCoordinator(reason), let .invalidRecoveryData(reason):
            message = reason
        case .unknownFaultyParticipantOrCoordinator:
            message = "Received invalid secshare; consider using participant_investigate() to determine a faulty party"
        case let .duplicateHostPublicKey(first, second): pair = (first, second)
        default: break
        }
        return ExpectedError(type: error.referenceName, message: message, participantId: error.blamedParticipant,
                             participantId1: pair?.0, participantId2: pair?.1)
    }

    static func valid(_ family: String, _ id: Int, _ body: () throws -> [String]) -> VectorOutcome {
        BIP445Vectors.valid(family, "tc \(id)") {
            do {
                return try body()
            } catch let error as ChillDKGError {
                return ["threw \(referenceError(error))"]
            }
        }
    }

    static func failing(_ family: String, _ id: Int, _ expected: ExpectedError, _ body: () throws -> Void)
        -> VectorOutcome {
        do {
            try body()
            return VectorOutcome(family: family, caseName: "tc \(id)", failure: "succeeded; expected \(expected)")
        } catch {
            let actual = referenceError(error)
            return VectorOutcome(family: family, caseName: "tc \(id)",
                                 failure: expected.matches(actual) ? nil : "threw \(actual); expected \(expected)")
        }
    }

    static func secret(_ hex: String) throws -> SecretBytes {
        var bytes = try VectorJSON.hex(hex)
        defer { wipe(&bytes) }
        return SecretBytes(bytes)
    }

    static func compare(_ what: String, _ actual: [UInt8], _ expected: String) throws -> [String] {
        try BIP445Vectors.compare(what, actual, expected)
    }

    static func compareOutput(_ output: ChillDKG.Output, _ expected: DKGOutput) throws -> [String] {
        var differences: [String] = []
        var share = output.secretShare?.serializeSecret() ?? []
        defer { wipe(&share) }
        switch (output.secretShare != nil, expected.secshare) {
        case let (true, expected?): differences += try compare("secshare", share, expected)
        case (false, nil): break
        default: differences.append("secshare presence differs")
        }
        differences += try compare("thresh_pk", output.thresholdPublicKey, expected.threshPk)
        if output.publicShares.count != expected.pubshares.count {
            differences.append("\(output.publicShares.count) pubshares, expected \(expected.pubshares.count)")
        } else {
            for (i, (actual, want)) in zip(output.publicShares, expected.pubshares).enumerated() {
                differences += try compare("pubshare \(i)", actual, want)
            }
        }
        return differences
    }

    static func picked(_ pool: [String], _ indices: [Int]) throws -> [[UInt8]] {
        try indices.map { try BIP445Vectors.entry(pool, $0) }
    }

    // MARK: hostpubkey_gen, params_hash

    struct HostValid: Codable { let tcId: Int; let hostseckey: String; let expectedHostpubkey: String }
    struct HostError: Codable { let tcId: Int; let hostseckey: String; let expectedError: ExpectedError }

    static func checkHostPubkeyGen(_ data: Data, _ family: String) throws -> [VectorOutcome] {
        let file = try decode(FlatFile<HostValid, HostError>.self, data)
        return file.validTestCases.map { test in
            valid(family, test.tcId) {
                try compare("hostpubkey", ChillDKG.hostPublicKey(hostSecretKey: secret(test.hostseckey)),
                            test.expectedHostpubkey)
            }
        } + file.errorTestCases.map { test in
            failing(family, test.tcId, test.expectedError) {
                _ = try ChillDKG.hostPublicKey(hostSecretKey: secret(test.hostseckey))
            }
        }
    }

    struct ParamsValid: Codable { let tcId: Int; let params: Params; let expectedParamsHash: String }
    struct ParamsError: Codable { let tcId: Int; let params: Params; let expectedError: ExpectedError }

    static func checkParamsHash(_ data: Data, _ family: String) throws -> [VectorOutcome] {
        let file = try decode(FlatFile<ParamsValid, ParamsError>.self, data)
        return file.validTestCases.map { test in
            valid(family, test.tcId) {
                try compare("params_hash", test.params.sessionParams().hash(), test.expectedParamsHash)
            }
        } + file.errorTestCases.map { test in
            failing(family, test.tcId, test.expectedError) { _ = try test.params.sessionParams().hash() }
        }
    }

    // MARK: Participant

    struct Step1Case: Codable {
        let tcId: Int
        let hostseckey: String
        let params: Params
        let random: String
        let expectedPmsg1: String?
        let expectedError: ExpectedError?
    }

    struct Step1Group: Codable {
        let validTestCases: [Step1Case]
        let errorTestCases: [Step1Case]
    }

    static func step1(_ hostseckey: String, _ params: Params, _ random: String) throws
        -> (ChillDKG.ParticipantState1, [UInt8]) {
        try ChillDKG.participantStep1(hostSecretKey: secret(hostseckey), params: params.sessionParams(),
                                      random: secret(random))
    }

    static func checkParticipantStep1(_ data: Data, _ family: String) throws -> [VectorOutcome] {
        try decode(GroupedFile<Step1Group>.self, data).testGroups.flatMap { group in
            try group.validTestCases.map { test in
                let expected = try require(test.expectedPmsg1, "expectedPmsg1")
                return valid(family, test.tcId) {
                    try compare("pmsg1", step1(test.hostseckey, test.params, test.random).1, expected)
                }
            } + group.errorTestCases.map { test in
                failing(family, test.tcId, try require(test.expectedError, "expectedError")) {
                    _ = try step1(test.hostseckey, test.params, test.random)
                }
            }
        }
    }

    static func require<T>(_ value: T?, _ what: String) throws -> T {
        guard let value else { throw VectorJSON.Missing(what: what) }
        return value
    }

    /// The shared inputs of a participant group, and the state after a step 1 that reproduces `pmsg1`.
    struct ParticipantSetup: Codable {
        let params: Params
        let hostseckey: String
        let random: String
        let auxRand: String
        let pmsg1: String

        func state1() throws -> ChillDKG.ParticipantState1 {
            let (state, message) = try step1(hostseckey, params, random)
            guard message == (try VectorJSON.hex(pmsg1)) else {
                throw VectorJSON.Missing(what: "a pmsg1 that participant_step1 reproduces")
            }
            return state
        }
    }

    struct Step2Case: Codable {
        let tcId: Int
        let cmsg1: String
        let auxRand: String?
        let hostseckey: String?
        let expectedPmsg2: String?
        let expectedError: ExpectedError?
    }

    struct Step2Group: Codable {
        let params: Params
        let hostseckey: String
        let random: String
        let auxRand: String
        let pmsg1: String
        let validTestCases: [Step2Case]
        let errorTestCases: [Step2Case]

        var setup: ParticipantSetup {
            ParticipantSetup(params: params, hostseckey: hostseckey, random: random, auxRand: auxRand, pmsg1: pmsg1)
        }
    }

    static func checkParticipantStep2(_ data: Data, _ family: String) throws -> [VectorOutcome] {
        try decode(GroupedFile<Step2Group>.self, data).testGroups.flatMap { group in
            let setup = group.setup
            func run(_ test: Step2Case) throws -> [UInt8] {
                try ChillDKG.participantStep2(hostSecretKey: secret(test.hostseckey ?? setup.hostseckey),
                                              state: setup.state1(), coordinatorMessage1: VectorJSON.hex(test.cmsg1),
                                              auxRand: VectorJSON.hex(test.auxRand ?? setup.auxRand)).1
            }
            return try group.validTestCases.map { test in
                let expected = try require(test.expectedPmsg2, "expectedPmsg2")
                return valid(family, test.tcId) { try compare("pmsg2", run(test), expected) }
            } + group.errorTestCases.map { test in
                failing(family, test.tcId, try require(test.expectedError, "expectedError")) { _ = try run(test) }
            }
        }
    }

    struct FinalizeOutput: Codable {
        let dkgOutput: DKGOutput
        let recoveryData: String
    }

    struct FinalizeCase: Codable {
        let tcId: Int
        let cmsg2: String
        let expectedOutput: FinalizeOutput?
        let expectedError: ExpectedError?
    }

    struct FinalizeGroup: Codable {
        let params: Params
        let hostseckey: String
        let random: String
        let auxRand: String
        let pmsg1: String
        let cmsg1: String
        let pmsg2: String
        let validTestCases: [FinalizeCase]
        let errorTestCases: [FinalizeCase]
    }

    static func checkParticipantFinalize(_ data: Data, _ family: String) throws -> [VectorOutcome] {
        try decode(GroupedFile<FinalizeGroup>.self, data).testGroups.flatMap { group in
            let setup = ParticipantSetup(params: group.params, hostseckey: group.hostseckey, random: group.random,
                                         auxRand: group.auxRand, pmsg1: group.pmsg1)
            func state2() throws -> ChillDKG.ParticipantState2 {
                let (state, message) = try ChillDKG.participantStep2(
                    hostSecretKey: secret(group.hostseckey), state: setup.state1(),
                    coordinatorMessage1: VectorJSON.hex(group.cmsg1), auxRand: VectorJSON.hex(group.auxRand))
                guard message == (try VectorJSON.hex(group.pmsg2)) else {
                    throw VectorJSON.Missing(what: "a pmsg2 that participant_step2 reproduces")
                }
                return state
            }
            return try group.validTestCases.map { test in
                let expected = try require(test.expectedOutput, "expectedOutput")
                return valid(family, test.tcId) {
                    let (output, recovery) = try ChillDKG.participantFinalize(
                        state: state2(), coordinatorMessage2: VectorJSON.hex(test.cmsg2))
                    return try compareOutput(output, expected.dkgOutput)
                        + compare("recovery data", recovery, expected.recoveryData)
                }
            } + group.errorTestCases.map { test in
                failing(family, test.tcId, try require(test.expectedError, "expectedError")) {
                    _ = try ChillDKG.participantFinalize(state: state2(),
                                                         coordinatorMessage2: VectorJSON.hex(test.cmsg2))
                }
            }
        }
    }

    struct InvestigateCase: Codable {
        let tcId: Int
        let cmsg1Index: Int
        let cinvMsg: String
        let expectedError: ExpectedError
    }

    struct InvestigateGroup: Codable {
        let params: Params
        let hostseckey: String
        let random: String
        let auxRand: String
        let pmsg1: String
        let cmsg1Pool: [String]
        let errorTestCases: [InvestigateCase]
    }

    static func checkParticipantInvestigate(_ data: Data, _ family: String) throws -> [VectorOutcome] {
        try decode(GroupedFile<InvestigateGroup>.self, data).testGroups.flatMap { group in
            let setup = ParticipantSetup(params: group.params, hostseckey: group.hostseckey, random: group.random,
                                         auxRand: group.auxRand, pmsg1: group.pmsg1)
            return group.errorTestCases.map { test in
                failing(family, test.tcId, test.expectedError) {
                    let cmsg1 = try BIP445Vectors.entry(group.cmsg1Pool, test.cmsg1Index)
                    do {
                        _ = try ChillDKG.participantStep2(hostSecretKey: secret(group.hostseckey),
                                                          state: setup.state1(), coordinatorMessage1: cmsg1,
                                                          auxRand: VectorJSON.hex(group.auxRand))
                    } catch let ChillDKGError.unknownFaultyParticipantOrCoordinator(data) {
                        try ChillDKG.participantInvestigate(data: data,
                                                            investigationMessage: VectorJSON.hex(test.cinvMsg))
                    }
                    throw VectorJSON.Missing(what: "a cmsg1 that makes participant_step2 ask for an investigation")
                }
            }
        }
    }

    // MARK: Coordinator

    struct CoordinatorStep1Case: Codable {
        let tcId: Int
        let params: Params
        let pmsg1Indices: [Int]
        let expectedCmsg1: String?
        let expectedError: ExpectedError?
    }

    struct CoordinatorStep1Group: Codable {
        let pmsg1Pool: [String]
        let validTestCases: [CoordinatorStep1Case]
        let errorTestCases: [CoordinatorStep1Case]
    }

    static func checkCoordinatorStep1(_ data: Data, _ family: String) throws -> [VectorOutcome] {
        try decode(GroupedFile<CoordinatorStep1Group>.self, data).testGroups.flatMap { group in
            func run(_ test: CoordinatorStep1Case) throws -> [UInt8] {
                try ChillDKG.coordinatorStep1(participantMessages1: picked(group.pmsg1Pool, test.pmsg1Indices),
                                              params: test.params.sessionParams()).1
            }
            return try group.validTestCases.map { test in
                let expected = try require(test.expectedCmsg1, "expectedCmsg1")
                return valid(family, test.tcId) { try compare("cmsg1", run(test), expected) }
            } + group.errorTestCases.map { test in
                failing(family, test.tcId, try require(test.expectedError, "expectedError")) { _ = try run(test) }
            }
        }
    }

    struct CoordinatorFinalizeOutput: Codable {
        let cmsg2: String
        let dkgOutput: DKGOutput
        let recoveryData: String
    }

    struct CoordinatorFinalizeCase: Codable {
        let tcId: Int
        let pmsg2Indices: [Int]
        let expectedOutput: CoordinatorFinalizeOutput?
        let expectedError: ExpectedError?
    }

    struct CoordinatorFinalizeGroup: Codable {
        let params: Params
        let pmsgs1: [String]
        let cmsg1: String
        let pmsg2Pool: [String]
        let validTestCases: [CoordinatorFinalizeCase]
        let errorTestCases: [CoordinatorFinalizeCase]
    }

    static func checkCoordinatorFinalize(_ data: Data, _ family: String) throws -> [VectorOutcome] {
        try decode(GroupedFile<CoordinatorFinalizeGroup>.self, data).testGroups.flatMap { group in
            func run(_ test: CoordinatorFinalizeCase) throws
                -> (message: [UInt8], output: ChillDKG.Output, recoveryData: [UInt8]) {
                let (state, cmsg1) = try ChillDKG.coordinatorStep1(
                    participantMessages1: BIP445Vectors.hex(group.pmsgs1), params: group.params.sessionParams())
                guard cmsg1 == (try VectorJSON.hex(group.cmsg1)) else {
                    throw VectorJSON.Missing(what: "a cmsg1 that coordinator_step1 reproduces")
                }
                return try ChillDKG.coordinatorFinalize(
                    state: state, participantMessages2: picked(group.pmsg2Pool, test.pmsg2Indices))
            }
            return try group.validTestCases.map { test in
                let expected = try require(test.expectedOutput, "expectedOutput")
                return valid(family, test.tcId) {
                    let result = try run(test)
                    return try compare("cmsg2", result.message, expected.cmsg2)
                        + compareOutput(result.output, expected.dkgOutput)
                        + compare("recovery data", result.recoveryData, expected.recoveryData)
                }
            } + group.errorTestCases.map { test in
                failing(family, test.tcId, try require(test.expectedError, "expectedError")) { _ = try run(test) }
            }
        }
    }

    struct CoordinatorInvestigateCase: Codable {
        let tcId: Int
        let expectedCinvMsgs: [String]
    }

    struct CoordinatorInvestigateGroup: Codable {
        let params: Params
        let pmsgs1: [String]
        let validTestCases: [CoordinatorInvestigateCase]
    }

    static func checkCoordinatorInvestigate(_ data: Data, _ family: String) throws -> [VectorOutcome] {
        try decode(GroupedFile<CoordinatorInvestigateGroup>.self, data).testGroups.flatMap { group in
            group.validTestCases.map { test in
                valid(family, test.tcId) {
                    let messages = try ChillDKG.coordinatorInvestigate(
                        participantMessages1: BIP445Vectors.hex(group.pmsgs1), params: group.params.sessionParams())
                    guard messages.count == test.expectedCinvMsgs.count else {
                        return ["\(messages.count) investigation messages, expected \(test.expectedCinvMsgs.count)"]
                    }
                    return try zip(messages, test.expectedCinvMsgs).enumerated().flatMap { i, pair in
                        try compare("cinv_msg \(i)", pair.0, pair.1)
                    }
                }
            }
        }
    }

    // MARK: Recovery

    struct RecoverOutput: Codable {
        let dkgOutput: DKGOutput
        let params: Params
    }

    struct RecoverValid: Codable {
        let tcId: Int
        let hostseckey: String?
        let recoveryData: String
        let expectedOutput: RecoverOutput
    }

    struct RecoverError: Codable {
        let tcId: Int
        let hostseckey: String?
        let recoveryData: String
        let expectedError: ExpectedError
    }

    static func recover(_ hostseckey: String?, _ recoveryData: String) throws
        -> (ChillDKG.Output, ChillDKG.SessionParams) {
        let data = try VectorJSON.hex(recoveryData)
        guard let hostseckey else { return try ChillDKG.coordinatorRecover(recoveryData: data) }
        return try ChillDKG.participantRecover(hostSecretKey: secret(hostseckey), recoveryData: data)
    }

    static func checkRecover(_ data: Data, _ family: String) throws -> [VectorOutcome] {
        let file = try decode(FlatFile<RecoverValid, RecoverError>.self, data)
        return file.validTestCases.map { test in
            valid(family, test.tcId) {
                let (output, params) = try recover(test.hostseckey, test.recoveryData)
                var differences = try compareOutput(output, test.expectedOutput.dkgOutput)
                let expected = try test.expectedOutput.params.sessionParams()
                if params != expected { differences.append("session parameters differ") }
                return differences
            }
        } + file.errorTestCases.map { test in
            failing(family, test.tcId, test.expectedError) { _ = try recover(test.hostseckey, test.recoveryData) }
        }
    }
}
