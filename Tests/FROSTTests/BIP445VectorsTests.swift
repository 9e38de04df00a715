import Foundation
import Testing
@testable import VectorSuites

/// The BIP 445 vector files (and the BIP 341 key-path tweaks) pass case by case, and the checkers are strict: a copy
/// of each file with chosen cases altered fails in exactly those cases.
struct BIP445VectorsTests {
    static let families = VectorRegistry.bip445Families

    static func url(_ path: String) -> URL {
        packageRoot().appendingPathComponent("Vectors").appendingPathComponent(path)
    }

    @Test(arguments: families.map(\.name))
    func familyPassesEveryCase(name: String) throws {
        let family = try #require(Self.families.first { $0.name == name })
        let outcomes = try family.run(Self.url(family.relativePaths[0]))
        #expect(!outcomes.isEmpty, "\(name) checked no case")
        for outcome in outcomes where !outcome.passed {
            Issue.record("\(outcome.family) \(outcome.caseName): \(outcome.failure ?? "")")
        }
    }

    @Test func everyBIP445FileIsClaimedByAFamily() throws {
        let folder = Self.url("frost/bip445").path
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }
        #expect(files.count == 6)
        for file in files {
            #expect(VectorRegistry.family(for: "Vectors/frost/bip445/" + file) != nil, "no family checks \(file)")
        }
    }

    /// Alters one value of a case so that the case must fail: the expected output (its last hex digit), the
    /// expected error (its message, or the blamed signer), or for cases without either an input that turns a
    /// valid case into an invalid one.
    static func mutate(_ test: inout [String: Any]) {
        func flipLastDigit(_ text: String) -> String { String(text.dropLast()) + (text.hasSuffix("0") ? "1" : "0") }
        if var error = test["error"] as? [String: Any] {
            if error["type"] as? String == "InvalidContributionError" {
                error["signer_index"] = ((error["signer_index"] as? Int) ?? -1) + 1
            } else {
                error["message"] = ((error["message"] as? String) ?? "") + " (altered)"
            }
            test["error"] = error
        } else if let expected = test["expected"] as? String {
            test["expected"] = flipLastDigit(expected)
        } else if var expected = test["expected"] as? [String], !expected.isEmpty {
            expected[expected.count - 1] = flipLastDigit(expected[expected.count - 1])
            test["expected"] = expected
        } else if test["psig"] != nil {
            test["signer_index"] = 99  // a verify-fail case: verifying a signer that does not exist throws
        } else {
            test["t"] = 0  // a valid Threshold Info case
        }
    }

    /// Mutates every case whose tc_id (or position, for the BIP 341 file) is ≡ 1 mod 3; returns their case names'
    /// prefixes ("tc 4 " or "scriptPubKey 1").
    static func mutateCases(_ object: Any, mutated: inout Set<String>) -> Any {
        if var dictionary = object as? [String: Any] {
            if let id = dictionary["tc_id"] as? Int {
                if id % 3 == 1 {
                    mutate(&dictionary)
                    mutated.insert("tc \(id)")
                }
                return dictionary
            }
            if var cases = dictionary["scriptPubKey"] as? [[String: Any]] {
                for index in cases.indices where index % 3 == 1 {
                    var intermediary = cases[index]["intermediary"] as? [String: Any] ?? [:]
                    let key = intermediary["tweakedPubkey"] as? String ?? ""
                    intermediary["tweakedPubkey"] = String(key.dropLast()) + (key.hasSuffix("0") ? "1" : "0")
                    cases[index]["intermediary"] = intermediary
                    mutated.insert("scriptPubKey \(index)")
                }
                dictionary["scriptPubKey"] = cases
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
            .appendingPathComponent("bip445-mutated-\(UUID().uuidString)").appendingPathComponent(path)
        try FileManager.default.createDirectory(at: folder.deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        try JSONSerialization.data(withJSONObject: altered).write(to: folder)
        let outcomes = try family.run(folder)
        // A case name is "tc 12 (2of3)", "tc 12" or "scriptPubKey 3": its first two words.
        let failed = Set(outcomes.filter { !$0.passed }.map { $0.caseName.split(separator: " ").prefix(2)
            .joined(separator: " ") })
        let unexpected = failed.subtracting(mutated).sorted(), missed = mutated.subtracting(failed).sorted()
        #expect(failed == mutated, "failed though not mutated: \(unexpected); mutated yet passed: \(missed)")
    }
}
