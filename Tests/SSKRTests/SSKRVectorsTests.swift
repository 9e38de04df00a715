import Foundation
import Testing
import VectorSuites

struct SSKRVectorsTests {
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
    static let path = "sskr/sskr.json"

    @Test func everyShareTextRecoveryAndRefusalMatchesTheReference() throws {
        let family = try #require(VectorRegistry.family(for: Self.path))
        let outcomes = try family.run(Self.packageRoot.appendingPathComponent("Vectors/" + Self.path))
        #expect(outcomes.count == 31 + 41)
        for failure in outcomes.filter({ !$0.passed }) { Issue.record("\(failure.caseName): \(failure.failure ?? "")") }
    }

    /// Alters every third case: the last digit of a split's last share, a refusal's expected error, or the secret where
    /// this package follows bc-sskr-rust.
    @Test func aMutatedCopyFailsInExactlyTheMutatedCases() throws {
        let url = Self.packageRoot.appendingPathComponent("Vectors/" + Self.path)
        var file = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var mutated: Set<String> = []
        func flip(_ text: String) -> String { String(text.dropLast()) + (text.hasSuffix("0") ? "1" : "0") }
        var cases = try #require(file["cases"] as? [[String: Any]])
        for index in cases.indices where index % 3 == 1 {
            var shares = try #require(cases[index]["shares"] as? [[String: Any]])
            shares[shares.count - 1]["share_hex"] = flip(try #require(shares[shares.count - 1]["share_hex"] as? String))
            cases[index]["shares"] = shares
            mutated.insert(try #require(cases[index]["name"] as? String))
        }
        var negatives = try #require(file["negative_cases"] as? [[String: Any]])
        for index in negatives.indices where index % 3 == 1 {
            if var result = negatives[index]["bc_sskr_rust_differs"] as? [String: Any],
                let secret = result["secret_hex"] as? String {
                result["secret_hex"] = flip(secret)
                negatives[index]["bc_sskr_rust_differs"] = result
            } else if var result = negatives[index]["reference_result"] as? [String: Any], result["ok"] as? Bool == false {
                result["error"] = "SSKR_ERROR_EMPTY_SHARD_SET_ALTERED"
                negatives[index]["reference_result"] = result
            } else if var result = negatives[index]["strict_decoder_result"] as? [String: Any] {
                result["error"] = "altered"
                negatives[index]["strict_decoder_result"] = result
            } else {
                continue
            }
            mutated.insert(try #require(negatives[index]["name"] as? String))
        }
        file["cases"] = cases
        file["negative_cases"] = negatives
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sskr-mutated-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent(Self.path)
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: file).write(to: copy)
        let family = try #require(VectorRegistry.family(for: copy.path))
        let failed = Set(try family.run(copy).filter { !$0.passed }.map(\.caseName))
        #expect(mutated.count > 20)
        #expect(failed == mutated, "unexpected: \(failed.subtracting(mutated).sorted()); missed: \(mutated.subtracting(failed).sorted())")
    }
}
