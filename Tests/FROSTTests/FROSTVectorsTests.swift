import Foundation
import Testing
@testable import VectorSuites

/// The package root, found by walking up from this file to Package.swift.
func packageRoot() -> URL {
    var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        url = url.deletingLastPathComponent()
    }
    return url
}

struct FROSTVectorsTests {
    static let families = VectorRegistry.frostSigningFamilies

    @Test(arguments: families.map(\.name))
    func familyPassesEveryCase(name: String) throws {
        let family = try #require(Self.families.first { $0.name == name })
        for path in family.relativePaths {
            let outcomes = try family.run(packageRoot().appendingPathComponent("Vectors").appendingPathComponent(path))
            #expect(!outcomes.isEmpty, "\(name) checked no case")
            for outcome in outcomes where !outcome.passed {
                Issue.record("\(outcome.family) \(outcome.caseName): \(outcome.failure ?? "")")
            }
        }
    }

    /// The Ed25519 vectors' group signatures are ordinary Ed25519 signatures: libsodium's verifier accepts them.
    @Test(arguments: ["frost/rfc9591/frost-ed25519-sha512.json", "frost/zf-frost/ed25519/vectors.json",
                      "frost/zf-frost/ed25519/vectors-big-identifier.json"])
    func ed25519VectorSignaturesVerifyWithLibsodium(path: String) throws {
        let url = packageRoot().appendingPathComponent("Vectors").appendingPathComponent(path)
        let root = try #require(try VectorJSON.load(url) as? [String: Any])
        let inputs = try #require(root["inputs"] as? [String: Any])
        let key = try #require((inputs["group_public_key"] ?? inputs["verifying_key_key"]) as? String)
        let message = try #require(inputs["message"] as? String)
        let signature = try #require((root["final_output"] as? [String: Any])?["sig"] as? String)
        #expect(try libsodiumVerifies(signature: VectorJSON.hex(signature), message: VectorJSON.hex(message),
                                      publicKey: VectorJSON.hex(key)))
        #expect(try !libsodiumVerifies(signature: VectorJSON.hex(signature), message: VectorJSON.hex(message) + [0],
                                       publicKey: VectorJSON.hex(key)))
    }

    @Test func everySigningFileIsClaimedByAFamily() {
        let files = [
            "frost/rfc9591/frost-ed25519-sha512.json", "frost/rfc9591/frost-ristretto255-sha512.json",
            "frost/zf-frost/ed25519/vectors.json", "frost/zf-frost/ristretto255/vectors.json",
            "frost/zf-frost/ed25519/vectors-big-identifier.json",
            "frost/zf-frost/ristretto255/vectors-big-identifier.json",
            "frost/zf-frost/ed25519/elements.json", "frost/zf-frost/ristretto255/elements.json",
        ]
        for file in files {
            #expect(VectorRegistry.family(for: "Vectors/" + file) != nil, "no family checks \(file)")
        }
    }
}
