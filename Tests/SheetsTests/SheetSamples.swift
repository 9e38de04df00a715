import Foundation
import Optical
import UniformResources

@testable import Sheets

/// Sample sheets filled with real multipart URs, and the tools to print them and read them back.
enum SheetSamples {
    /// A `ur:bytes` UR of `count` deterministic bytes.
    static func urMessage(bytes count: Int, seed: UInt8 = 1) throws -> UR {
        let payload = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed) &* 17) }
        let header: [UInt8] =
            count < 24
            ? [0x40 | UInt8(count)]
            : count < 256
                ? [0x58, UInt8(count)]
                : [0x59, UInt8(count >> 8), UInt8(count & 0xff)]
        return try UR(type: "bytes", cbor: header + payload)
    }

    /// The parts of `urMessage(bytes:seed:)`, cut into fragments of at most `fragment` bytes.
    static func urParts(bytes count: Int, fragment: Int = 90, seed: UInt8 = 1) throws -> [String] {
        var encoder = try UREncoder(urMessage(bytes: count, seed: seed), maxFragmentLength: fragment)
        return (0..<encoder.seqLen).map { _ in encoder.nextPart() }
    }

    static func digest(_ text: String) -> [UInt8] { SHA256.hash(Array(text.utf8)) }

    static func invitation() throws -> InvitationSheet {
        let names = ["Alice (laptop A)", "Bob (laptop B)", "Carol (offline phone)"]
        return InvitationSheet(
            sessionID: "7f3a-91c2-5e0d-44b8", suite: "FROST-ED25519-SHA512-v1", threshold: 2, participantCount: 3,
            roster: names.enumerated().map { index, name in
                InvitationSheet.Member(
                    name: name, fingerprint: Bytewords.encode(Array(digest(name).prefix(8)), style: .standard))
            },
            parametersHash: digest("parameters"),
            parametersBytewords: Bytewords.encode(Array(digest("parameters").prefix(16)), style: .standard),
            invitationParts: try urParts(bytes: 600))
    }

    static func result() throws -> ResultSheet {
        let key = digest("group key")
        return ResultSheet(
            sessionID: "7f3a-91c2-5e0d-44b8", suite: "FROST-ED25519-SHA512-v1", threshold: 2, participantCount: 3,
            groupPublicKey: key, groupKeyFingerprint: Bytewords.encode(Array(key.prefix(8)), style: .standard),
            verifyingShares: ["Alice", "Bob", "Carol"].map {
                ResultSheet.VerifyingShare(participant: $0, share: SheetText.hex(digest("share " + $0)))
            },
            certificateFingerprint: Bytewords.encode(Array(digest("certificate").prefix(8)), style: .standard),
            devices: try ["Alice", "Bob", "Carol"].enumerated().map { index, name in
                ResultSheet.DeviceRecovery(device: name, parts: try urParts(bytes: 300, seed: UInt8(index + 2)))
            })
    }

    static func signing() throws -> SigningSheet {
        SigningSheet(
            sessionID: "sign-2026-11-25-01",
            summary: "Release v1.4.2 of the Heliograph firmware image (heliograph-1.4.2.bin, 1 482 336 bytes), "
                + "as approved at the 24 November release review.",
            messageDigest: digest("firmware"), groupKeyFingerprint: "able acid also apex aqua arch atom aunt",
            signers: ["Alice", "Carol"], signature: digest("R") + digest("z"),
            signatureParts: try urParts(bytes: 200, fragment: 60, seed: 9))
    }

    /// Every QR payload of a document as a scanner reports it: URs uppercase (they are encoded alphanumeric).
    static func expectedScans(_ pages: [SheetPage]) -> [String] {
        pages.flatMap(\.qrCodes).map { $0.payload.lowercased().hasPrefix("ur:") ? $0.payload.uppercased() : $0.payload }
    }

    /// Renders the PDF's pages to 150 dpi gray PNGs with poppler's `pdftoppm`, returning their paths in order.
    static func rasterize(_ pdf: String, into folder: String, resolution: Int = 150) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftoppm")
        process.arguments = ["-r", "\(resolution)", "-gray", "-png", pdf, folder + "/page"]
        try process.run()
        process.waitUntilExit()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasPrefix("page") && $0.hasSuffix(".png") }.sorted()
        return names.map { folder + "/" + $0 }
    }

    /// Runs a tool and returns what it printed.
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }

    /// A fresh folder for one test's files.
    static func folder(_ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "heliograph-sheets-\(name)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
