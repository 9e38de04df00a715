import Foundation
import UniformResources

/// Searches outputs for secrets (host seeds, shares, nonces, passphrases) in the forms they could leak in: raw
/// bytes, hex (either case), base64 and base64url at every alignment, and Bytewords (BCR-2020-012) in the
/// standard, URI and minimal styles (either case, since QR codes carry URs uppercase). A leak of part of a secret
/// counts: every `window`-byte slice of a longer secret is searched too.
///
/// For the CLI demo: run it into a scratch directory, collect every secret it used, then
/// `SecretScanner(secrets: [...]).scan(directory: outputDirectory, excluding: encryptedStateFiles)` plus
/// `scan(text: stdout + stderr, location: "output")`, and expect no findings.
struct SecretScanner: Sendable {
    /// A secret and the name a finding reports it by.
    struct Secret: Sendable {
        let name: String
        let bytes: [UInt8]
    }

    /// Where a secret (or a window of it) was found, and in which form.
    struct Finding: Sendable, Equatable, CustomStringConvertible {
        let secret: String
        let form: String
        let location: String

        var description: String { "\(secret) found as \(form) in \(location)" }
    }

    /// One searchable form of a secret.
    struct Needle: Sendable {
        let secret: String
        let form: String
        let bytes: [UInt8]
    }

    let needles: [Needle]

    /// Prepares the needles. `window` is the shortest slice searched (secrets shorter than it are searched whole);
    /// shorter windows find more partial leaks and more false positives.
    init(secrets: [Secret], window: Int = 16) {
        var needles: [Needle] = []
        for secret in secrets where !secret.bytes.isEmpty {
            let size = min(max(window, 1), secret.bytes.count)
            var slices = [secret.bytes]
            if size < secret.bytes.count {
                slices += (0...(secret.bytes.count - size)).map { Array(secret.bytes[$0..<($0 + size)]) }
            }
            for slice in slices {
                for (form, bytes) in SecretScanner.forms(of: slice) {
                    needles.append(Needle(secret: secret.name, form: form, bytes: bytes))
                }
            }
        }
        self.needles = needles
    }

    /// Every form `bytes` could appear in.
    static func forms(of bytes: [UInt8]) -> [(String, [UInt8])] {
        let hexDigits = Array("0123456789abcdef".utf8)
        let lowerHex = bytes.flatMap { [hexDigits[Int($0 >> 4)], hexDigits[Int($0 & 15)]] }
        let words = bytes.map { Array(Bytewords.word($0).utf8) }
        let minimal = words.flatMap { [$0[0], $0[3]] }
        var forms: [(String, [UInt8])] = [
            ("raw", bytes),
            ("hex", lowerHex),
            ("HEX", uppercased(lowerHex)),
            ("bytewords", Array(words.joined(separator: [0x20]))),
            ("BYTEWORDS", uppercased(Array(words.joined(separator: [0x20])))),
            ("bytewords-uri", Array(words.joined(separator: [0x2d]))),
            ("BYTEWORDS-URI", uppercased(Array(words.joined(separator: [0x2d])))),
            ("bytewords-minimal", minimal),
            ("BYTEWORDS-MINIMAL", uppercased(minimal)),
        ]
        for shift in 0..<3 {
            let text = Array(Data([UInt8](repeating: 0, count: shift) + bytes).base64EncodedString().utf8)
            // Only the characters made of the secret's bits alone: not those shared with neighbouring bytes.
            let start = (shift * 8 + 5) / 6
            let end = (shift + bytes.count) * 8 / 6
            guard end > start else { continue }
            let pure = Array(text[start..<end])
            forms.append(("base64+\(shift)", pure))
            forms.append(("base64url+\(shift)", pure.map { $0 == 0x2b ? 0x2d : $0 == 0x2f ? 0x5f : $0 }))
        }
        return forms
    }

    static func uppercased(_ ascii: [UInt8]) -> [UInt8] { ascii.map { (0x61...0x7a).contains($0) ? $0 - 0x20 : $0 } }

    /// Findings in one buffer (an output stream, an error message, a file's contents).
    func scan(bytes: [UInt8], location: String) -> [Finding] {
        var findings: [Finding] = []
        for needle in needles where !needle.bytes.isEmpty && bytes.firstRange(of: needle.bytes) != nil {
            let finding = Finding(secret: needle.secret, form: needle.form, location: location)
            if !findings.contains(finding) { findings.append(finding) }
        }
        return findings
    }

    /// Findings in a string (UTF-8).
    func scan(text: String, location: String) -> [Finding] { scan(bytes: Array(text.utf8), location: location) }

    /// Findings in every regular file under `directory` (recursively, following no links) and in every path
    /// name, except the files whose paths are in `excluding` (the encrypted state, which is meant to hold them).
    func scan(directory: String, excluding: Set<String> = []) throws -> [Finding] {
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        guard let walker = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey], options: [])
        else { return [] }
        let excluded = Set(excluding.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        var findings: [Finding] = []
        for case let url as URL in walker {
            let path = url.standardizedFileURL.path
            findings += scan(text: String(path.dropFirst(root.path.count)), location: "the name of \(path)")
            let values = try url.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey])
            guard values.isRegularFile == true, values.isSymbolicLink != true, !excluded.contains(path) else {
                continue
            }
            findings += scan(bytes: [UInt8](try Data(contentsOf: url)), location: path)
        }
        return findings
    }
}
