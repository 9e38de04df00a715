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
