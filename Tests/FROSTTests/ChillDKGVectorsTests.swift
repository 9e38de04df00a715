import Foundation
import Testing
@testable import VectorSuites

/// The ChillDKG 0.3.0 vector files pass case by case, value by value, and the checkers are strict: a copy of each
/// file with chosen cases altered fails in exactly those cases.
struct ChillDKGVectorsTests {
    static let families = VectorRegistry.chillDKGFamilies

    static func url(_ path: String) -> URL {
        packageRoot().appendingPathComponent("Vectors").appendingPathComponent(path)
    }

    /// The number of cases each file holds (its `totalTests`).
    static let caseCounts = [
        "hostpubkey-gen": 4, "params-hash": 6, "participant-step1": 52, "participant-step2": 74,
        "participant-finalize": 16, "participant-investigate": 16, "coordinator-step1": 44,
        "coordinator-finalize": 20, "coordinator-investigate": 4, "recover": 13,
    ]

    @Test(arguments: families.map(\.name))
    func familyPassesEveryCase(name: String) throws {
        let family = try #require(Self.families.first { $0.name == name })
        let outcomes = try family.run(Self.url(family.relativePaths[0]))
        let step = String(name.dropFirst("frost/chilldkg/".count))
        #expect(outcomes.count == Self.caseCounts[step], "\(name) checked \(outcomes.count) cases")
        for outcome in outcomes where !outcome.passed {
            Issue.record("\(outcome.family) \(outcome.caseName): \(outcome.failure ?? "")")
        }
    }

    @Test func everyChillDKGFileIsClaimedByAFamily() throws {
        let folder = Self.url("frost/chilldkg").path
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }
        #expect(files.count == 10)
        for file in files {
            #expect(VectorRegistry.family(for: "Vectors/frost/chilldkg/" + file) != nil, "no family checks \(file)")
        }
    }

    /// Alters one value of a case so that it must fail: the blamed participant of an error, else its message; for
    /// a valid case the last hex digit of its expected output (for a DKG output, of the recovery data).
    static func mutate(_ test: inout [String: Any]) {
        func flipLastDigit(_ text: String) -> String { String(text.dropLast()) + (text.hasSuffix("0") ? "1" : "0") }
        if var error = test["expectedError"] as? [String: Any] {
            if let blamed = error["participantId"] as? Int {
                error["participantId"] = blamed + 1
            } else if let second = error["participantId2"] as? Int {
                error["participantId2"] = second + 1
            } else {
                error["message"] = ((error["message"] as? String) ?? "") + " (altered)"
            }
            test["expectedError"] = error
            return
        }
        for key in ["expectedHostpubkey", "expectedParamsHash", "expectedPmsg1", "expectedPmsg2", "expectedCmsg1"] {
            if let expected = test[key] as? String { test[key] = flipLastDigit(expected) }
        }
        if var messages = test["expectedCinvMsgs"] as? [String], let last = messages.last {
            messages[messages.count - 1] = flipLastDigit(last)
            test["expectedCinvMsgs"] = messages
        }
        if var output = test["expectedOutput"] as? [String: Any], let recovery = output["recoveryData"] as? String {
            output["recoveryData"] = flipLastDigit(recovery)
            test["expectedOutput"] = output
        } else if var output = test["expectedOutput"] as? [String: Any],
                  var dkgOutput = output["dkgOutput"] as? [String: Any], let key = dkgOutput["threshPk"] as? String {
            dkgOutput["threshPk"] = flipLastDigit(key)
            output["dkgOutput"] = dkgOutput
            test["expectedOutput"] = output
        }
    }

    /// Mutates every case whose tcId is ≡ 1 mod 3; returns their case names ("tc 4").
    static func mutateCases(_ object: Any, mutated: inout Set<String>) -> Any {
        if var dictionary = object as? [String: Any] {
            if let id = dictionary["tcId"] as? Int {
                if id % 3 == 1 {
                    mutate(&dictionary)
                    mutated.insert("tc \(id)")
                }
                return dictionary
            }
            for (key, value) in dictionary { dictionary[key] = mutateCases(value, mutated: &mutated) }
            return dictionary
        }
        if let array = object as? [Any] { return array.map { mutateCases($0, mutated: &mutated) } }
        return object
    }

    @Test(arguments: families.map(\.name))
    func mutatedCopyFailsInExactlyTheMutatedCases(name: String) throws {
        let family = try #require(Self.families.first { $0.name == name })
        let path = family.relativePaths[0]
        let original = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.url(path)))
        var mutated: Set<String> = []
        let altered = Self.mutateCases(original, mutated: &mutated)
        #expect(!mutated.isEmpty)
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("chilldkg-mutated-\(UUID().uuidString)").appendingPathComponent(path)
        try FileManager.default.createDirectory(at: folder.deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        try JSONSerialization.data(withJSONObject: altered).write(to: folder)
        let outcomes = try family.run(folder)
        let failed = Set(outcomes.filter { !$0.passed }.map(\.caseName))
        let unexpected = failed.subtracting(mutated).sorted(), missed = mutated.subtracting(failed).sorted()
        #expect(failed == mutated, "failed though not mutated: \(unexpected); mutated yet passed: \(missed)")
    }
}
