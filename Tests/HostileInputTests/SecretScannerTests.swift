import DeterministicCBOR
import Foundation
import Testing
import UniformResources

/// A secret with every byte value class (so hex, base64 and Bytewords forms all differ from the raw bytes).
let seed = (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
let scanner = SecretScanner(secrets: [SecretScanner.Secret(name: "host seed", bytes: seed)])

func scratchDirectory(_ name: String = #function) throws -> String {
    let path = NSTemporaryDirectory() + "heliograph-scan-" + name.filter { $0.isLetter } + "-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path + "/nested/deeper", withIntermediateDirectories: true)
    return path
}

/// The secret embedded in surrounding text, in each form the scanner claims to find.
let plantedForms: [(String, String)] = [
    ("hex", "seed: " + seed.map { String(format: "%02x", $0) }.joined() + "\n"),
    ("HEX", "SEED=" + seed.map { String(format: "%02X", $0) }.joined()),
    ("base64+0", "x " + Data(seed).base64EncodedString() + " y"),
    ("base64+1", Data([7] + seed + [9]).base64EncodedString()),
    ("base64+2", Data([7, 8] + seed).base64EncodedString()),
    ("bytewords", "words: " + seed.map(Bytewords.word).joined(separator: " ")),
    ("bytewords-uri", seed.map(Bytewords.word).joined(separator: "-")),
    ("BYTEWORDS-MINIMAL", "UR:BYTES/" + seed.map { byte -> String in
        let word = Bytewords.word(byte)
        return String(word.prefix(1) + word.suffix(1))
    }.joined().uppercased()),
]

@Test(arguments: plantedForms)
func findsTheSecretInEachForm(form: String, text: String) {
    let findings = scanner.scan(text: text, location: "stdout")
    #expect(findings.contains(SecretScanner.Finding(secret: "host seed", form: form, location: "stdout")),
            "findings: \(findings)")
}

@Test func findsASecretCarriedInsideAURInQRCase() throws {
    let ur = try UR(type: "bytes", cbor: CBOR.bytes(seed).encoded)
    #expect(!scanner.scan(text: ur.qrString, location: "frame").isEmpty)
    #expect(!scanner.scan(text: ur.string, location: "frame").isEmpty)
}

@Test func findsHalfASecret() {
    let half = Array(seed[8..<24])
    let findings = scanner.scan(text: "leak " + half.map { String(format: "%02x", $0) }.joined(), location: "log")
    #expect(findings == [SecretScanner.Finding(secret: "host seed", form: "hex", location: "log")])
}

@Test func findsRawBytesInNestedFilesAndNamesButNotInExcludedFiles() throws {
    let directory = try scratchDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let leaked = directory + "/nested/deeper/frame.bin"
    let state = directory + "/nested/device.hgvault"
    let hexName = directory + "/nested/" + seed.map { String(format: "%02x", $0) }.joined() + ".txt"
    #expect(FileManager.default.createFile(atPath: leaked, contents: Data([1, 2] + seed + [3])))
    #expect(FileManager.default.createFile(atPath: state, contents: Data(seed)))
    #expect(FileManager.default.createFile(atPath: hexName, contents: Data("clean".utf8)))
    let findings = try scanner.scan(directory: directory, excluding: [state])
    #expect(findings.contains(SecretScanner.Finding(secret: "host seed", form: "raw", location: leaked)))
    #expect(findings.contains { $0.form == "hex" && $0.location.hasPrefix("the name of") })
    #expect(!findings.contains { $0.location == state })
}

@Test func cleanOutputHasNoFindings() throws {
    let directory = try scratchDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let other = (0..<64).map { UInt8(truncatingIfNeeded: $0 &* 91 &+ 3) }
    #expect(FileManager.default.createFile(atPath: directory + "/out.txt",
                                           contents: Data(Data(other).base64EncodedString().utf8)))
    #expect(try scanner.scan(directory: directory).isEmpty)
    #expect(scanner.scan(text: "The passphrase is wrong.", location: "stderr").isEmpty)
}

@Test func shortSecretsAreSearchedWhole() {
    let passphrase = SecretScanner(secrets: [SecretScanner.Secret(name: "passphrase", bytes: Array("hunter2".utf8))])
    #expect(passphrase.scan(text: "error: hunter2 is wrong", location: "stderr").map(\.form) == ["raw"])
    #expect(passphrase.scan(text: "error: hunter is wrong", location: "stderr").isEmpty)
}
