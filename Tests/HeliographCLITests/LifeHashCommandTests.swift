import Foundation
import Testing

/// Runs the built `heliograph` binary, which SwiftPM puts beside the test bundle.
func runHeliograph(_ arguments: [String], in folder: String? = nil) throws -> (status: Int32, output: String) {
    let testBinary = URL(fileURLWithPath: CommandLine.arguments[0])
    var directory = testBinary.deletingLastPathComponent()
    // On Linux the tests run from `.build/debug/<Package>PackageTests.xctest`; the tool sits beside it.
    while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("heliograph").path),
        directory.path != "/"
    {
        directory = directory.deletingLastPathComponent()
    }
    let process = Process()
    let pipe = Pipe()
    process.executableURL = directory.appendingPathComponent("heliograph")
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

let cliPackageRoot: URL = {
    var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        url = url.deletingLastPathComponent()
    }
    return url
}()

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
            let result = try runHeliograph(["lifehash", "--version", version, "--hex", "--", input])
            #expect(result.status == 0)
            #expect(
                result.output.trimmingCharacters(in: .whitespacesAndNewlines) == vector["rgb_hex"] as? String,
                "\(version) of \(String(reflecting: input))")
        }
    }

    @Test func writesAScaledPNG() throws {
        let folder = NSTemporaryDirectory() + "heliograph-lifehash-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try runHeliograph(["lifehash", "--module-size", "4", "Hello"], in: folder)
        #expect(result.status == 0)
        let png = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/lifehash.png")))
        #expect(png.starts(with: [0x89, 0x50, 0x4e, 0x47]))
        // IHDR: width and height, big-endian, at bytes 16..<24: 32 cells of 4 pixels.
        #expect(Array(png[16..<24]) == [0, 0, 0, 128, 0, 0, 0, 128])
    }

    @Test func digestInputAndBadArguments() throws {
        let digest = "185f8db32271fe25f561a6fc938b2e264306ec304eda518007d1764826381969"  // SHA-256("Hello")
        let fromDigest = try runHeliograph(["lifehash", "--digest", "--hex", digest])
        let fromText = try runHeliograph(["lifehash", "--hex", "Hello"])
        #expect(fromDigest.status == 0 && fromDigest.output == fromText.output)
        #expect(try runHeliograph(["lifehash", "--digest", "--hex", "abcd"]).status != 0)
        #expect(try runHeliograph(["lifehash", "--module-size", "0", "--hex", "x"]).status != 0)
        #expect(try runHeliograph(["lifehash", "--version", "version9", "--hex", "x"]).status != 0)
    }
}
