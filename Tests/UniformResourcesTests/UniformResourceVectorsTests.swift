import Foundation
import Testing
import VectorSuites

/// Runs every UR vector family (Sources/VectorSuites/UniformResourceVectors.swift) on its file.
struct UniformResourceVectorsTests {
    static let families = VectorRegistry.families.filter { $0.name.hasPrefix("ur/") }

    @Test func everyURVectorFileHasAFamily() throws {
        let enumerator = FileManager.default.enumerator(atPath: vectorsDirectory.appendingPathComponent("ur").path)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".json") { files.append("ur/" + path) }
        }
        #expect(files.count == 21)
        for file in files {
            #expect(VectorRegistry.family(for: file) != nil, "no family checks \(file)")
        }
    }

    @Test(arguments: families.map(\.name))
    func family(_ name: String) throws {
        let family = try #require(Self.families.first { $0.name == name })
        let url = vectorsDirectory.appendingPathComponent(family.relativePaths[0])
        let outcomes = try family.run(url)
        #expect(!outcomes.isEmpty)
        for outcome in outcomes where !outcome.passed {
            Issue.record("\(outcome.family) \(outcome.caseName): \(outcome.failure ?? "")")
        }
    }
}

/// The checkers compare value by value: a copy of a vector file with one expected value changed fails in exactly
/// the case that holds it.
struct UniformResourceVectorMutationTests {
    /// Writes `root` as `relativePath` under a fresh folder and runs the family that claims it.
    func failingCases(_ root: [String: Any], _ relativePath: String) throws -> [String] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ur-vector-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let copy = scratch.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(
            at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: root).write(to: copy)
        let family = try #require(VectorRegistry.family(for: copy.path))
        return try family.run(copy).filter { !$0.passed }.map(\.caseName)
    }

    @Test func aChangedCRCFailsItsRecordOnly() throws {
        let original = vectorsDirectory.appendingPathComponent("ur/crc32.json")
        var root = try #require(try VectorJSON.load(original) as? [String: Any])
        var records = try #require(root["records"] as? [[String: Any]])
        let value = try #require(records[1]["crc32_int"] as? Int)
        records[1]["crc32_int"] = value ^ 1
        root["records"] = records
        #expect(try failingCases(root, "ur/crc32.json") == ["record 1"])
    }

    @Test func aChangedFountainPartFailsItsCaseOnly() throws {
        let original = vectorsDirectory.appendingPathComponent("ur/bc-ur-reference/fountain.json")
        var root = try #require(try VectorJSON.load(original) as? [String: Any])
        var cases = try #require(root["cases"] as? [[String: Any]])
        var parts = try #require(cases[2]["parts"] as? [[String: Any]])
        let cbor = try #require(parts[1]["cbor"] as? String)
        parts[1]["cbor"] = String(cbor.dropLast()) + (cbor.hasSuffix("0") ? "1" : "0")
        cases[2]["parts"] = parts
        root["cases"] = cases
        let seed = try #require(cases[2]["message_seed"] as? String)
        #expect(try failingCases(root, "ur/bc-ur-reference/fountain.json") == ["case 2 (\(seed))"])
    }
}
