import Foundation
import Testing
import UniformResources

@testable import Sheets
@testable import VectorSuites

/// The package root, found by walking up from this file.
let packageRoot: URL = {
    var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        url = url.deletingLastPathComponent()
    }
    return url
}()

@Suite struct LifeHashTests {
    @Test func everyReferenceImageMatches() throws {
        let url = packageRoot.appendingPathComponent("Vectors/lifehash/lifehash-reference.json")
        let family = try #require(VectorRegistry.family(for: url.path))
        let outcomes = try family.run(url)
        #expect(outcomes.count == 30)
        for outcome in outcomes {
            #expect(outcome.failure == nil, "\(outcome.caseName): \(outcome.failure ?? "")")
        }
    }

    /// The reference's own unit test: the first ten pixels of version2 "Hello".
    @Test func referenceUnitTestPixels() {
        let image = LifeHash.image(utf8: "Hello")
        let expected: [UInt8] = [
            146, 126, 130, 178, 104, 92, 182, 101, 87, 202, 88, 64, 199, 89, 66, 197, 90, 69, 182, 101, 87, 180, 102,
            89, 159, 117, 114, 210, 82, 54,
        ]
        #expect(image.width == 32 && image.height == 32)
        #expect(Array(image.rgb.prefix(30)) == expected)
    }

    @Test func sha256OfHello() {
        #expect(
            VectorJSON.hexString(SHA256.hash(Array("Hello".utf8)))
                == "185f8db32271fe25f561a6fc938b2e264306ec304eda518007d1764826381969")
    }

    @Test func digestInputMatchesHashedData() throws {
        let data = Array("Heliograph".utf8)
        for version in LifeHash.Version.allCases {
            #expect(
                try LifeHash.image(digest: SHA256.hash(data), version: version)
                    == LifeHash.image(data: data, version: version))
        }
    }

    @Test(arguments: [0, 31, 33, 64])
    func digestOfWrongLengthIsRejected(count: Int) {
        #expect(throws: SheetError.invalidDigestLength(count)) {
            try LifeHash.image(digest: [UInt8](repeating: 7, count: count))
        }
    }

    /// The game itself: a blinker oscillates with period two, so its history stops after two generations.
    @Test func blinkerRepeatsAfterTwoGenerations() {
        var bits = [UInt8](repeating: 0, count: 32)
        // Row 5, columns 4...6 on a 16×16 board.
        for x in 4...6 {
            let index = 5 * 16 + x
            bits[index / 8] |= 0x80 >> UInt8(index % 8)
        }
        let history = LifeGrid(side: 16, bits: bits).history(maxGenerations: 150)
        #expect(history.count == 2)
        #expect(history[1][4 * 16 + 5] && history[1][5 * 16 + 5] && history[1][6 * 16 + 5])
        #expect(!history[1][5 * 16 + 4])
    }
}
