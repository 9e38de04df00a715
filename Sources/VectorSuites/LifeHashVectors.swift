import Foundation
import Sheets

extension VectorRegistry {
    /// The families of this layer's vector files: LifeHash images from the C++ reference.
    static var lifeHashFamilies: [VectorFamily] {
        [
            VectorFamily(name: "lifehash/reference", relativePaths: ["lifehash/lifehash-reference.json"]) { url in
                try VectorJSON.decode(LifeHashVectorFile.self, from: url).cases.map(checkLifeHashCase)
            }
        ]
    }

    /// Draws one case's input in its version and compares size and every pixel with the reference.
    static func checkLifeHashCase(_ vector: LifeHashVectorFile.Case) throws -> VectorOutcome {
        let (versionName, input, width, height) = (vector.version, vector.inputUtf8, vector.width, vector.height)
        let caseName = "\(versionName) of \(String(reflecting: input))"
        let outcome = { (failure: String?) in
            VectorOutcome(family: "lifehash/reference", caseName: caseName, failure: failure)
        }
        guard let version = LifeHash.Version(rawValue: versionName) else {
            return outcome("unknown version \(versionName)")
        }
        let expected = try VectorJSON.hex(vector.rgbHex)
        let image = LifeHash.image(utf8: input, version: version)
        if image.width != width || image.height != height {
            return outcome("size \(image.width)×\(image.height), expected \(width)×\(height)")
        }
        if let index = zip(image.rgb, expected).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            let pixel = index / 3
            let got = VectorJSON.hexString(Array(image.rgb[pixel * 3..<pixel * 3 + 3]))
            let want = VectorJSON.hexString(Array(expected[pixel * 3..<pixel * 3 + 3]))
            return outcome("pixel (\(pixel % width), \(pixel / width)) is \(got), expected \(want)")
        }
        if image.rgb.count != expected.count {
            return outcome("\(image.rgb.count) bytes, expected \(expected.count)")
        }
        return outcome(nil)
    }
}

/// `lifehash/lifehash-reference.json`: images of the C++ reference, one per version and input.
struct LifeHashVectorFile: Decodable {
    /// One image: the input text, the version, and the expected size and RGB pixels.
    struct Case: Decodable {
        let version: String
        let inputUtf8: String
        let width: Int
        let height: Int
        let rgbHex: String
    }

    let cases: [Case]
}
