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

/// A file under Vectors/bitcoin/.
func vectorURL(_ relative: String) -> URL { packageRoot().appendingPathComponent("Vectors/bitcoin/" + relative) }

struct BitcoinVectorsTests {
    static let families = VectorRegistry.bitcoinFamilies

    /// Each family passes every case of its file, and checks at least the cases it is known to hold.
    @Test(arguments: [
        ("bitcoin/bip32/public-derivation", 6), ("bitcoin/bip341/script-pubkey", 7),
        ("bitcoin/bip341/key-path-sighash", 8), ("bitcoin/descriptors", 55), ("bitcoin/psbt", 108), ("bitcoin/ur", 5), ("bitcoin/embit", 10),
    ])
    func familyPassesEveryCase(name: String, cases: Int) throws {
        let family = try #require(Self.families.first { $0.name == name })
        for path in family.relativePaths {
            let outcomes = try family.run(packageRoot().appendingPathComponent("Vectors/" + path))
            #expect(outcomes.count == cases, "\(name) checked \(outcomes.count) cases")
            for outcome in outcomes where !outcome.passed {
                Issue.record("\(outcome.caseName): \(outcome.failure ?? "")")
            }
        }
    }

    /// Every Bitcoin vector file has a family, and the BIP 341 file has both the BIP 445 tweak family and the
    /// wallet's.
    @Test func everyFileIsChecked() {
        for file in ["bip32/public-derivation.json", "descriptors/descriptor_test_vectors.json",
                     "psbt/psbt_test_vectors.json", "ur/bcr_ur_examples.json", "embit/embit-psbt.json"] {
            #expect(VectorRegistry.families(for: "Vectors/bitcoin/" + file).count == 1, "\(file)")
        }
        #expect(VectorRegistry.families(for: "Vectors/bitcoin/bip341/wallet-test-vectors.json").count == 3)
    }

    /// A changed expected value fails its case.
    @Test func aChangedChildFails() throws {
        let original = try String(contentsOf: vectorURL("bip32/public-derivation.json"), encoding: .utf8)
        let changed = original.replacingOccurrences(of: "\"index\": 1,", with: "\"index\": 3,")
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("bip32-\(UUID().uuidString).json")
        try changed.write(to: copy, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: copy) }
        let family = try #require(Self.families.first { $0.name == "bitcoin/bip32/public-derivation" })
        #expect(try family.run(copy).contains { !$0.passed })
    }
}
