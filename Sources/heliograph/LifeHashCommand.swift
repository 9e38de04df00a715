import ArgumentParser
import Sheets

extension LifeHash.Version: ExpressibleByArgument {}

/// `heliograph lifehash`: draws the LifeHash of a text (or of a digest) as a PNG file or as RGB hex.
struct LifeHashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lifehash",
        abstract: "Draw the LifeHash (Blockchain Commons' visual hash) of the SHA-256 digest of a text.",
        discussion: """
            Writes a PNG (default lifehash.png), or with --hex prints the RGB pixels (row-major, no alpha) as hex.
            Versions: version1, version2 (default), detailed, fiducial, grayscale_fiducial.
            """
    )

    @Option(help: "The LifeHash version.")
    var version: LifeHash.Version = .version2

    @Flag(help: "Print the RGB pixels as hex on stdout instead of writing a PNG.")
    var hex = false

    @Flag(help: "Treat TEXT as the 64 hex digits of a SHA-256 digest to draw directly, instead of hashing it.")
    var digest = false

    @Option(help: "The PNG file to write.")
    var out = "lifehash.png"

    @Option(help: "Pixels per LifeHash cell (1-64).")
    var moduleSize = 1

    @Argument(help: "The text whose UTF-8 bytes are hashed (or a digest in hex with --digest).")
    var text: String

    func run() throws {
        let image: RGBImage
        if digest {
            guard let bytes = Self.digestBytes(text) else {
                throw ValidationError("With --digest, TEXT must be 64 hex digits (a 32-byte SHA-256 digest).")
            }
            image = try LifeHash.image(digest: bytes, version: version)
        } else {
            image = LifeHash.image(utf8: text, version: version)
        }
        let scaled = try image.scaled(moduleSize: moduleSize)
        if hex {
            print(scaled.rgb.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined())
        } else {
            try scaled.writePNG(to: out)
            print("Wrote \(out) (\(scaled.width)×\(scaled.height), \(version.rawValue)).")
        }
    }

    static func digestBytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: 64, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else {
                return nil
            }
            bytes.append(byte)
        }
        return bytes
    }
}
