import Foundation
import UniformResources

/// The package's `Vectors/` folder, found by walking up from this file.
let vectorsDirectory: URL = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        let candidate = url.appendingPathComponent("Vectors")
        if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("ur").path) { return candidate }
    }
    return URL(fileURLWithPath: "Vectors")
}()

/// `make_message(len, seed)` of the bc-ur tests.
func makeMessage(_ length: Int, seed: String = "Wolf") -> [UInt8] {
    var rng = Xoshiro256StarStar(string: seed)
    return rng.nextData(count: length)
}

func hex(_ text: String) -> [UInt8] {
    Base16.decode(text) ?? []
}
