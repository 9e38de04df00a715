import Foundation
import UniformResources

/// The one rule for text that another party wrote and a person will read (a request's summary, a group label, a
/// device label, a message shown as text), and the one escaper for everything a program prints that it did not
/// write itself.
///
/// A terminal obeys what it is sent: ESC/CSI/OSC sequences can clear the screen and draw a fake request, a CR
/// overwrites a line, `ESC[8m` hides the real one, and bidi overrides (U+202A–U+202E, U+2066–U+2069) or zero-width
/// characters make two different texts look alike. So text from another party is refused at decoding when it
/// holds any scalar of the Unicode categories Cc (controls, CR and ESC among them), Cf (format: the bidi controls,
/// zero-width joiners, soft hyphen), Zl or Zp (line and paragraph separators), and what is printed goes through
/// `escaped` anyway.
public enum DisplayText {
    /// Why `scalar` may not appear in text a person reads, or nil when it may.
    public static func refusal(_ scalar: Unicode.Scalar) -> String? {
        switch scalar.properties.generalCategory {
        case .control: return "a control character"
        case .format: return "a format character (bidi control or invisible)"
        case .lineSeparator, .paragraphSeparator: return "a line or paragraph separator"
        case .surrogate, .unassigned, .privateUse: return "an unassigned or private-use code point"
        default: return nil
        }
    }

    /// The first scalar of `text` that a person must not be shown, with its offset in scalars, or nil.
    public static func firstRefused(in text: String) -> (scalar: Unicode.Scalar, offset: Int, reason: String)? {
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            if let reason = refusal(scalar) { return (scalar, offset, reason) }
        }
        return nil
    }

    /// Throws `unsafeText` naming `message` and `field` when `text` holds a scalar a person must not be shown.
    public static func check(_ text: String, message: String, field: String) throws {
        guard let found = firstRefused(in: text) else { return }
        throw CeremonyError.unsafeText(
            message: message, field: field, codePoint: found.scalar.value, offset: found.offset, reason: found.reason)
    }

    /// `text` with every scalar that `refusal` names replaced by a visible `\u{XXXX}`, so no terminal control, line
    /// break or bidi override survives. Printing programs pass every line they did not write themselves through it.
    public static func escaped(_ text: String) -> String {
        guard firstRefused(in: text) != nil else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if refusal(scalar) == nil {
                out.append(scalar)
            } else {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            }
        }
        return String(out)
    }

    /// A message as the lines a person reads, when it is valid UTF-8 whose every scalar `refusal` accepts apart from
    /// line feeds (which only split it into lines); nil when it must be shown as hex instead. The device and the
    /// signing sheet use this one rule.
    public static func readableLines(_ message: [UInt8]) -> [String]? {
        guard !message.isEmpty, let text = String(validating: message, as: UTF8.self) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return lines.allSatisfy({ firstRefused(in: $0) == nil }) ? lines : nil
    }

    /// The SHA-256 digest of a signed message as the words a person compares between the device and the signing
    /// sheet: its first 16 bytes (128 bits) as 16 Bytewords in groups of four (fewer for a shorter digest).
    public static func digestWords(_ digest: [UInt8]) -> String {
        ceremonyWords(digest, count: min(16, digest.count / 4 * 4))
    }

    /// The fingerprint people read aloud and compare for a group key (or a certificate's encoding), on the device
    /// and on every sheet: the first 8 bytes of its SHA-256 as Bytewords (two BCR-2020-012 identifiers of 4 words).
    public static func fingerprint(_ bytes: [UInt8]) -> String { ceremonyWords(SHA256.hash(bytes), count: 8) }

    /// A Unix time as ISO 8601 UTC, e.g. `2026-11-25T09:00:00Z`, as the device and the sheets show every time.
    /// Times past year 9999 are shown as its last second.
    public static func utc(_ seconds: UInt64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(min(seconds, 253_402_300_799))))
    }
}
