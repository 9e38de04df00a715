import FROST
import Foundation
import Optical
import UniformResources

@testable import Ceremony

/// Looks for secrets in what the CLI leaves behind: stdout, stderr, every file outside the encrypted state
/// (`device.hgvault`, `nonces/`), every path name, and the text of every QR frame the run wrote (decoded with
/// the scanner, since a QR code hides its text from a byte search). Each secret is searched raw, as hex in either
/// case, as base64 at all three alignments, and as Bytewords (standard, URI and minimal, either case); halves of
/// it too, so a partial leak counts.
struct OutputLeakScan {
    struct Secret {
        let name: String
        let bytes: [UInt8]
    }

    let secrets: [Secret]

    /// The host seed and every signing share of each device state under `directory` (opened with the
    /// passphrase), plus the passphrase itself.
    static func secrets(in directory: String, devices: [String], passphrase: String) throws -> [Secret] {
        var found = [Secret(name: "passphrase", bytes: Array(passphrase.utf8))]
        for name in devices {
            let device = try DeviceDirectory.open(at: directory + "/" + name, passphrase: Array(passphrase.utf8))
            found.append(Secret(name: "\(name) host seed", bytes: device.host.exposeSeed()))
            for record in device.groups.values {
                let share: [UInt8]
                switch record.invite.suite {
                case .ed25519:
                    share = try record.keyMaterial(host: device.host, as: Ed25519Sha512.self).keyPackage
                        .signingShare.serializeSecret()
                case .ristretto255:
                    share = try record.keyMaterial(host: device.host, as: Ristretto255Sha512.self).keyPackage
                        .signingShare.serializeSecret()
                case .secp256k1:
                    share = try record.keyMaterial(host: device.host, as: Secp256k1Sha256.self).keyPackage
                        .signingShare.serializeSecret()
                }
                found.append(Secret(name: "\(name) signing share", bytes: share))
            }
        }
        return found
    }

    /// Every form a secret could be written in, with a name for the finding.
    static func forms(_ bytes: [UInt8]) -> [(String, [UInt8])] {
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let words = bytes.map { Bytewords.word($0) }
        let minimal = words.map { String($0.prefix(1) + $0.suffix(1)) }.joined()
        var forms: [(String, [UInt8])] = [
            ("raw", bytes), ("hex", Array(hex.utf8)), ("HEX", Array(hex.uppercased().utf8)),
            ("bytewords", Array(words.joined(separator: " ").utf8)),
            ("bytewords-uri", Array(words.joined(separator: "-").utf8)),
            ("bytewords-minimal", Array(minimal.utf8)), ("BYTEWORDS-MINIMAL", Array(minimal.uppercased().utf8)),
        ]
        // base64 of the secret starting at each alignment: drop the characters that depend on neighbouring bytes.
        for offset in 0..<3 where bytes.count > offset + 6 {
            let encoded = Data(bytes.dropFirst(offset)).base64EncodedString()
            let stable = encoded.prefix(((bytes.count - offset) / 3) * 4)
            forms.append(("base64+\(offset)", Array(stable.utf8)))
            let url = stable.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            forms.append(("base64url+\(offset)", Array(url.utf8)))
        }
        return forms
    }

    /// Findings in one buffer, each as "secret (form) in location".
    func findings(in haystack: [UInt8], location: String) -> [String] {
        let data = Data(haystack)
        var found: [String] = []
        for secret in secrets {
            let halves = secret.bytes.count >= 16
                ? [secret.bytes, Array(secret.bytes.prefix(secret.bytes.count / 2)),
                   Array(secret.bytes.suffix(secret.bytes.count / 2))]
                : [secret.bytes]
            for piece in halves {
                for (form, needle) in Self.forms(piece) where data.range(of: Data(needle)) != nil {
                    found.append("\(secret.name) (\(form)) in \(location)")
                }
            }
        }
        return found
    }

    /// Findings in every file and path under `directory` except the encrypted state, and in the text of every
    /// rendered QR frame (`frame-*.png`); `framesRead` counts the frames whose text was read.
    func findings(underDirectory directory: String, framesRead: inout Int) throws -> [String] {
        var found: [String] = []
        let manager = FileManager.default
        for relative in try manager.subpathsOfDirectory(atPath: directory) {
            let path = directory + "/" + relative
            found += findings(in: Array(relative.utf8), location: "path \(relative)")
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            if relative.hasSuffix("device.hgvault") || relative.contains("/nonces/") { continue }
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            found += findings(in: bytes, location: relative)
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix("frame-"), name.hasSuffix(".png") {
                let texts = QRScanner.plain.read(try ImageDecoder.decode(bytes)).texts
                if !texts.isEmpty { framesRead += 1 }
                for text in texts { found += findings(in: Array(text.utf8), location: "QR text of \(relative)") }
            }
        }
        return found
    }
}
