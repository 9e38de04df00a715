import Testing
import UniformResources

@testable import Optical

@Suite struct FrameProfileTests {
    static let types = ["bytes", "crypto-psbt", "frost-sign", "x"]

    /// The widest part a profile can ever produce (every integer at its uint32 maximum) fits its version, and one
    /// byte more of fragment does not: the fragment length is the largest safe one.
    @Test(arguments: FrameDensity.allCases, QRErrorCorrection.allCases)
    func maxFragmentIsTightForTheWorstCasePart(density: FrameDensity, ecc: QRErrorCorrection) throws {
        for type in Self.types {
            let profile = try FrameProfile(type: type, density: density, ecc: ecc)
            func worst(_ fragmentLength: Int) -> String {
                let part = FountainPart(seqNum: .max, seqLen: Int(UInt32.max), messageLen: Int(UInt32.max),
                    checksum: .max, fragment: [UInt8](repeating: 0xFF, count: fragmentLength))
                return URPart.multipart(type: type, part: part).string
            }
            let longest = worst(profile.maxFragmentLength)
            #expect(longest.count == FrameProfile.worstCasePartLength(typeLength: type.count,
                fragmentLength: profile.maxFragmentLength))
            #expect(try profile.encode(part: longest).version == density.version)
            #expect(throws: OpticalError.self, "\(type) \(density) \(ecc.rawValue)") {
                try profile.encode(part: worst(profile.maxFragmentLength + 1))
            }
        }
    }

    /// Property: every frame of random messages, pure and mixed parts alike, has the profile's version.
    @Test(arguments: FrameDensity.allCases)
    func everyFrameHasTheSameVersion(density: FrameDensity) throws {
        var generator = SeededGenerator(seed: 0x4845_4C49 ^ UInt64(density.version))
        for round in 0..<12 {
            let ecc = QRErrorCorrection.allCases[round % 4]
            let type = Self.types[round % Self.types.count]
            let profile = try FrameProfile(type: type, density: density, ecc: ecc)
            let length = Int.random(in: 1...6_000, using: &generator)
            let parts = try RenderTestSupport.parts(length: length, count: 24, profile: profile,
                seed: generator.next())
            let versions = Set(try parts.map { try profile.encode(part: $0).version })
            #expect(versions == [density.version], "length \(length), \(type), \(ecc.rawValue)")
        }
    }

    @Test func framesScanBackToTheirParts() throws {
        let profile = try FrameProfile(type: "bytes", density: .medium, ecc: .medium)
        let parts = try RenderTestSupport.parts(length: 900, count: 3, profile: profile, seed: 7)
        for part in parts {
            let image = try profile.encode(part: part).image(style: QRRenderStyle(moduleSize: 3))
            #expect(QRScanner.plain.read(image).texts == [part.uppercased()])
        }
    }

    @Test func densitiesGrowAndHighCarriesMore() throws {
        let sizes = try FrameDensity.allCases.map { try FrameProfile(type: "bytes", density: $0).maxFragmentLength }
        #expect(sizes == sizes.sorted() && Set(sizes).count == sizes.count)
        let robust = try FrameProfile(type: "bytes", density: .high, ecc: .high)
        #expect(robust.maxFragmentLength < sizes[2])
    }

    @Test func rejectsBadTypesAndImpossibleVersions() {
        #expect(throws: OpticalError.invalidURType("Bytes")) { try FrameProfile(type: "Bytes", density: .low) }
        #expect(throws: OpticalError.invalidURType("")) { try FrameProfile(type: "", density: .low) }
        #expect(throws: OpticalError.invalidVersion(0)) { try FrameProfile(type: "bytes", version: 0) }
        #expect(throws: OpticalError.typeTooLongForProfile(type: "bytes", version: 2, ecc: .high)) {
            try FrameProfile(type: "bytes", version: 2, ecc: .high)
        }
    }
}
