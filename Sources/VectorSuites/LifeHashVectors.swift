import Foundation
import Sheets

extension VectorRegistry {
    /// The families of this layer's vector files: LifeHash images from the C++ reference.
    static var lifeHashFamilies: [VectorFamily] {
        [
            VectorFamily(name: "lifehash/reference", relativePaths: ["lifehash/lifehash-reference.json"]) { url in
                guard let root = try VectorJSON.load(url) as? [String: Any],
                    let cases = root["cases"] as? [[String: Any]]
                else { throw VectorJSON.Missing(what: "cases") }
                return try cases.map(checkLifeHashCase)
            }
        ]
    }

    /// Draws one case's input in its version and compares size and every pixel with the reference.
    static func checkLifeHashCase(_ vector: [String: Any]) throws -> VectorOutcome {
        guard let versionName = vector["version"] as? String, let input = vector["input_utf8"] as? String,
            let width = vector["width"] as? Int, let height = vector["height"] as? Int,
            let rgbHex = vector["rgb_hex"] as? String
        else { throw VectorJSON.Missing(what: "version, input_utf8, width, height or rgb_hex") }
        let caseName = "\(versionName) of \(String(reflecting: input))"
        let outcome = { (failure: String?) in
            VectorOutcome(family: "lifehash/reference", caseName: caseName, failure: failure)
        }
        guard let version = LifeHash.Version(rawValue: versionName) else {
            return outcome("unknown version \(versionName)")
        }
        let expected = try VectorJSON.hex(rgbHex)
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
