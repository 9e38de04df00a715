import Ceremony
import Foundation
import Optical
import Testing
import UniformResources

@Suite struct CoordinatorCommandTests {
    static let environment = ["HELIOGRAPH_PASSPHRASE": "coordinator test passphrase"]

    /// Identities reach the coordinator by every input route: UR text (`--ur-file`), a GIF decoded as a video,
    /// raw gray frames on stdin, and a PNG file; a repeated identity is not added twice, a non-identity is refused.
    @Test func addIdentityFromEveryInput() throws {
        let root = try scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: root) }
        var urs: [String] = []
        for (index, format) in ["ur", "gif", "png", "png"].enumerated() {
            let out = root + "/identity-\(index)." + (format == "png" ? "d" : format)
            let result = try runCLI(
                ["identity", "new", "--state", root + "/device-\(index)", "--label", "Device \(index)", "--kdf",
                    "minimal", "--insecure-demo-kdf", "--out-format", format, "--out", out],
                environment: Self.environment)
            #expect(result.status == 0, "\(result.stderr)")
            let export = try runCLI(["identity", "export", "--state", root + "/device-\(index)"],
                environment: Self.environment)
            urs.append(export.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let coordinator = root + "/coordinator"
        let fromText = try runCLI(
            ["coordinator", "add-identity", "--state", coordinator, "--ur-file", root + "/identity-0.ur"])
        #expect(fromText.status == 0, "\(fromText.stderr)")
        #expect(fromText.stdout.contains("Roster (1)"))
        let fromVideo = try runCLI(
            ["coordinator", "add-identity", "--state", coordinator, "--video", root + "/identity-1.gif"])
        #expect(fromVideo.status == 0, "\(fromVideo.stderr)")
        #expect(fromVideo.stdout.contains("Roster (2)"))
        let fromImages = try runCLI(
            ["coordinator", "add-identity", "--state", coordinator, root + "/identity-2.d",
                root + "/identity-2.d/frame-0001.png"])
        #expect(fromImages.status == 0, "\(fromImages.stderr)")
        #expect(fromImages.stdout.contains("Roster (3)"), "the same identity twice is added once")
        let frame = try ImageDecoder.load(path: root + "/identity-3.d/frame-0001.png")
        let fromRaw = try runCLI(
            ["coordinator", "add-identity", "--state", coordinator, "--raw-frames", "\(frame.width)x\(frame.height)"],
            input: Data(frame.pixels + frame.pixels))
        #expect(fromRaw.status == 0, "\(fromRaw.stderr)")
        #expect(fromRaw.stdout.contains("Roster (4)"))
        let status = try runCLI(["coordinator", "status", "--state", coordinator])
        for index in 0..<4 { #expect(status.stdout.contains("Device \(index)")) }
        for text in urs {
            // The roster names each member by its long fingerprint, never by the four-word one alone.
            let identity = try Identity(ur: try UR(parsing: text))
            #expect(status.stdout.contains("\(identity.label) [\(identity.longFingerprint)]"), "\(status.stdout)")
            #expect(!status.stdout.contains("[\(identity.fingerprint)]"))
        }
        let wrongType = try runCLI(
            ["coordinator", "add-identity", "--state", coordinator, "--ur-file", "-"],
            input: Data(try UR(type: "bytes", cbor: [0x42, 0x01, 0x02]).string.utf8))
        #expect(wrongType.status != 0)
        #expect(wrongType.stderr.contains("heliograph-identity"), "\(wrongType.stderr)")
        let nothing = try runCLI(["coordinator", "add-identity", "--state", coordinator])
        #expect(nothing.status != 0, "an input is required")
        #expect(urs.count == 4)
    }
}
