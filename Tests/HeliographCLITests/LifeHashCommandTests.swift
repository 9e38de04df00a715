import Foundation
import Testing

@Suite struct LifeHashCommandTests {
    /// Every reference image, printed as hex by the command, equals the vector's pixels.
    @Test func hexOutputMatchesEveryVector() throws {
        let url = cliPackageRoot.appendingPathComponent("Vectors/lifehash/lifehash-reference.json")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let cases = try #require(root["cases"] as? [[String: Any]])
        #expect(cases.count == 30)
        for vector in cases {
            let version = try #require(vector["version"] as? String)
            let input = try #require(vector["input_utf8"] as? String)
            let result = try runCLI(["lifehash", "--version", version, "--hex", "--", input])
            #expect(result.status == 0)
            #expect(
                result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == vector["rgb_hex"] as? String,
                "\(version) of \(String(reflecting: input))")
        }
    }

    @Test func writesAScaledPNG() throws {
        let folder = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try runCLI(["lifehash", "--module-size", "4", "Hello"], in: folder)
        #expect(result.status == 0)
        let png = [UInt8](try Data(contentsOf: folder.appendingPathComponent("lifehash.png")))
        #expect(png.starts(with: [0x89, 0x50, 0x4e, 0x47]))
        // IHDR: width and height, big-endian, at bytes 16..<24: 32 cells of 4 pixels.
        #expect(Array(png[16..<24]) == [0, 0, 0, 128, 0, 0, 0, 128])
    }

    @Test func digestInputAndBadArguments() throws {
        let digest = "185f8db32271fe25f561a6fc938b2e264306ec304eda518007d1764826381969"  // SHA-256("Hello")
        let fromDigest = try runCLI(["lifehash", "--digest", "--hex", digest])
        let fromText = try runCLI(["lifehash", "--hex", "Hello"])
        #expect(fromDigest.status == 0 && fromDigest.stdout == fromText.stdout)
        #expect(try runCLI(["lifehash", "--digest", "--hex", "abcd"]).status != 0)
        #expect(try runCLI(["lifehash", "--module-size", "0", "--hex", "x"]).status != 0)
        #expect(try runCLI(["lifehash", "--version", "version9", "--hex", "x"]).status != 0)
    }
}
