import DeterministicCBOR
import FROST
import Testing
import UniformResources

@testable import Ceremony

/// Texts that would act on a terminal or fool a reader, each with the scalar the rule must name.
let hostileTexts: [(name: String, text: String, codePoint: UInt32)] = [
    ("clear screen and redraw (CSI)", "ok\u{1B}[2J\u{1B}[HSign: pay 1 coin", 0x1B),
    ("hidden text (ESC[8m)", "pay 1 coin\u{1B}[8m to mallory", 0x1B),
    ("scroll region (CSI r)", "\u{1B}[1;3rpay", 0x1B),
    ("window title (OSC)", "\u{1B}]0;owned\u{07}pay", 0x1B),
    ("C1 CSI", "pay\u{9B}2J", 0x9B),
    ("carriage return", "pay 1000 coins\rpay 1 coin    ", 0x0D),
    ("line feed", "first\nsecond", 0x0A),
    ("backspace", "pay 9\u{08}1 coin", 0x08),
    ("right-to-left override", "pay 1 coin to \u{202E}yrellam", 0x202E),
    ("left-to-right isolate", "pay \u{2066}1\u{2069} coin", 0x2066),
    ("first strong isolate", "pay \u{2068}x", 0x2068),
    ("pop directional isolate", "pay \u{2069}x", 0x2069),
    ("zero-width space", "pay\u{200B}1 coin", 0x200B),
    ("zero-width joiner", "alice\u{200D}", 0x200D),
    ("soft hyphen", "pay\u{00AD}ment", 0x00AD),
    ("line separator", "a\u{2028}b", 0x2028),
    ("paragraph separator", "a\u{2029}b", 0x2029),
    ("byte order mark", "\u{FEFF}pay", 0xFEFF),
    ("private use", "pay \u{E000}", 0xE000),
]

@Test(arguments: hostileTexts.map(\.name))
func theTextRuleRefusesEachControlNamingFieldAndCodePoint(name: String) throws {
    let case_ = try #require(hostileTexts.first { $0.name == name })
    #expect(throws: CeremonyError.self) { try DisplayText.check(case_.text, message: "m", field: "summary") }
    do {
        try DisplayText.check(case_.text, message: "heliograph-sign-request", field: "summary")
    } catch CeremonyError.unsafeText(let message, let field, let codePoint, _, _) {
        #expect(message == "heliograph-sign-request")
        #expect(field == "summary")
        #expect(codePoint == case_.codePoint)
    }
    // Escaped, nothing of it acts on a terminal.
    let escaped = DisplayText.escaped(case_.text)
    #expect(DisplayText.firstRefused(in: escaped) == nil)
    #expect(escaped.contains("\\u{\(String(case_.codePoint, radix: 16, uppercase: true))}"))
}

@Test func theTextRuleAcceptsOrdinaryTextInAnyScript() throws {
    for text in ["Pay 0.1 BTC to Bob (invoice #42)", "Überweisung an Zoë", "付款给鲍勃", "دفع إلى بوب", "🔑 vault", ""] {
        try DisplayText.check(text, message: "m", field: "f")
        #expect(DisplayText.escaped(text) == text)
    }
}

/// A sign request's CBOR with `summary` as its summary, built without the checks of `SignRequest.init`.
private func rawRequest(summary: String, message: [UInt8] = Array("pay".utf8)) -> CBOR {
    .map(
        CBORMap([
            (0, 1), (1, .bytes([UInt8](repeating: 1, count: 32))), (2, 1), (3, .bytes([UInt8](repeating: 2, count: 32))),
            (4, .bytes(message)), (5, .text(summary)), (6, .array([1, 2])), (7, .unsigned(DKGHarness.now + 60)),
        ]))
}

@Test(arguments: hostileTexts.map(\.name))
func aRequestWithAControlInItsSummaryIsRefusedWhenDecoded(name: String) throws {
    let case_ = try #require(hostileTexts.first { $0.name == name })
    let encoded = rawRequest(summary: case_.text).encoded
    do {
        _ = try SignRequest(encoded: encoded)
        Issue.record("\(name): decoded")
    } catch CeremonyError.unsafeText(let message, let field, let codePoint, _, _) {
        #expect(message == SignRequest.urType && field == "summary" && codePoint == case_.codePoint)
    }
    // Through the UR a device scans, too.
    let ur = try UR(type: SignRequest.urType, cbor: encoded)
    #expect(throws: CeremonyError.self) { _ = try AnyCeremonyMessage(ur: ur) }
    // And the coordinator cannot make one.
    #expect(throws: CeremonyError.self) {
        _ = try SignRequest(
            session: [UInt8](repeating: 1, count: 32), suite: .ed25519, groupKey: [UInt8](repeating: 2, count: 32),
            message: [1], summary: case_.text, signers: [1, 2], expiry: 1)
    }
}

@Test func labelsAndGroupLabelsFollowTheSameRule() throws {
    let host = try HostKey(seed: fixedSeed(3), label: "alice")
    #expect(throws: CeremonyError.self) { _ = try HostKey(seed: fixedSeed(3), label: "alice\u{202E}") }
    // A device label with a bidi override inside a scanned identity.
    var map = host.identity.cbor.mapValue!
    map[1] = .text("ali\u{202E}ce")
    do {
        _ = try Identity(cbor: .map(map))
        Issue.record("decoded")
    } catch CeremonyError.unsafeText(_, let field, let codePoint, _, _) {
        #expect(field == "label" && codePoint == 0x202E)
    }
    // A group label with an escape inside a scanned invite.
    let other = try HostKey(seed: fixedSeed(4), label: "bob")
    let invite = try DKGInvite(
        session: [UInt8](repeating: 5, count: 32), suite: .ed25519, threshold: 2,
        roster: [host.identity, other.identity], groupLabel: "vault", expiry: DKGHarness.now)
    var inviteMap = invite.cbor.mapValue!
    inviteMap[5] = .text("vault\u{1B}[2J")
    do {
        _ = try DKGInvite(cbor: .map(inviteMap))
        Issue.record("decoded")
    } catch CeremonyError.unsafeText(_, let field, let codePoint, _, _) {
        #expect(field == "group label" && codePoint == 0x1B)
    }
    #expect(throws: CeremonyError.self) {
        _ = try DKGInvite(
            session: [UInt8](repeating: 5, count: 32), suite: .ed25519, threshold: 2,
            roster: [host.identity, other.identity], groupLabel: "vault\u{2066}", expiry: DKGHarness.now)
    }
}

@Test func theSignerSeesWhatIsSignedFirstAndTheSummaryLastAsTheCoordinatorsWords() throws {
    let request = try SignRequest(
        session: [UInt8](repeating: 1, count: 32), suite: .ed25519, groupKey: [UInt8](repeating: 2, count: 32),
        message: Array("pay 1 coin\nto bob".utf8), summary: "rent", signers: [1, 3], expiry: 1_800_000_000)
    let lines = request.displayLines
    #expect(lines[0] == "What is signed: 17 bytes, SHA-256 digest \(DisplayText.digestWords(SHA256.hash(request.message)))")
    #expect(lines[1] == "Message (text, 2 lines):")
    #expect(lines[2] == "  | pay 1 coin" && lines[3] == "  | to bob")
    #expect(lines.contains("Expires: 2027-01-15T08:00:00Z"))
    #expect(lines.last == "The coordinator's summary (its words, not checked by this device): rent")
    #expect(DisplayText.digestWords(request.messageDigest).split(separator: " ").count == 16)
    // A message that is not readable text is shown as hex, whatever it holds.
    for message in [[0xFF, 0xFE], Array("pay\u{1B}[2J".utf8), Array("pay\u{202E}1".utf8), Array("a\rb".utf8)] {
        let binary = try SignRequest(
            session: request.session, suite: .ed25519, groupKey: request.groupKey, message: message, summary: "x",
            signers: [1, 2], expiry: 1)
        #expect(binary.displayLines[1] == "Message (hex): \(Base16.encode(message))")
        for line in binary.displayLines { #expect(DisplayText.firstRefused(in: line) == nil, "\(line)") }
    }
}

@Test func timesAreISO8601UTC() {
    #expect(DisplayText.utc(0) == "1970-01-01T00:00:00Z")
    #expect(DisplayText.utc(1_800_000_000) == "2027-01-15T08:00:00Z")
    #expect(DisplayText.utc(UInt64.max) == "9999-12-31T23:59:59Z")
}
