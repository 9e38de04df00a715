import Ceremony
import DeterministicCBOR
import Foundation
import Testing

/// Ceremony messages (Vectors/ceremony/REGISTRY.md) with hostile sizes, depth and counts, each with the
/// `CeremonyError` it must produce: the size is checked before parsing (the invite's bound, 9,083 bytes at n = 64),
/// then strict dCBOR with depth 8 and the invite's item bound (591), then every field.
let invite = DKGInvite.urType
let inviteBounds = CeremonyProtocol.bounds(of: invite)
let ceremonyCases: [Hostile<CeremonyError>] = [
    Hostile("one byte over the invite's bound", [UInt8](repeating: 0, count: inviteBounds.maxBytes + 1),
            .messageTooLarge(message: invite, size: inviteBounds.maxBytes + 1, limit: inviteBounds.maxBytes)),
    Hostile("byte string declaring 2^63 bytes", [0x5b] + bigEndian(1 << 63, 8),
            .cbor(.lengthLimitExceeded(offset: 0, length: 1 << 63, limit: inviteBounds.maxBytes))),
    Hostile("arrays nested 9,000 deep", repeated([0x81], 9_000) + [0x00],
            .cbor(.depthLimitExceeded(offset: 8, limit: 8))),
    Hostile("one item over the invite's bound",
            [0x99] + bigEndian(UInt64(inviteBounds.maxItems + 1), 2)
                + [UInt8](repeating: 0, count: inviteBounds.maxItems + 1),
            .cbor(.itemLimitExceeded(offset: 3 + inviteBounds.maxItems - 1, limit: inviteBounds.maxItems))),
    Hostile("version 2^64 - 1", CBOR.map(CBORMap([(0, .unsigned(.max))])).encoded,
            .unsupportedVersion(message: invite, version: .max)),
    Hostile("unknown field 9", CBOR.map(CBORMap([(0, 1), (9, 0)])).encoded, .unknownField(message: invite, key: "9")),
    Hostile("negative key", CBOR.map(CBORMap([(0, 1), (-1, 0)])).encoded, .unknownField(message: invite, key: "-1")),
    Hostile("not a map", CBOR.array([1, 2]).encoded, .wrongType(message: invite, field: "body", expected: "a map")),
    Hostile("roster of 65 devices", CBOR.map(CBORMap([
        (0, 1), (1, .bytes([UInt8](repeating: 1, count: 32))), (2, 1), (3, 2),
        (4, .array([CBOR](repeating: 0, count: 65))),
    ])).encoded, .valueOutOfRange(message: invite, field: "roster", reason: "65 items, not 2...64")),
    Hostile("suite 2^64 - 1", CBOR.map(CBORMap([(0, 1), (2, .unsigned(.max))])).encoded,
            .valueOutOfRange(message: invite, field: "suite", reason: "unknown suite")),
]

@Test(arguments: ceremonyCases)
func inviteDecodingRefusesHostileInput(_ hostile: Hostile<CeremonyError>) {
    #expect(throws: hostile.error) { try DKGInvite(encoded: hostile.input) }
}

/// A device envelope whose sender is 2^64 - 1 (an index that would overflow `Int` arithmetic) is refused by range.
@Test func envelopeWithAHugeSenderIsRefused() {
    let envelope = CBOR.map(CBORMap([
        (0, 1), (1, 11), (2, .bytes([UInt8](repeating: 2, count: 32))), (3, .bytes([UInt8](repeating: 3, count: 32))),
        (4, .unsigned(.max)), (5, .map(CBORMap())), (6, .bytes([UInt8](repeating: 6, count: 64))),
    ])).encoded
    #expect(throws: CeremonyError.valueOutOfRange(
        message: "device message", field: "sender", reason: "18446744073709551615 is not in 1...64")) {
        try DeviceEnvelope(encoded: envelope)
    }
}

/// Encrypted state files (StateVault): a hostile header cannot make the device read an unbounded file or run
/// Argon2id with unbounded cost; damage and a wrong passphrase are told apart.
struct HostileStateFile: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    let reason: @Sendable (String) -> CeremonyError
    var testDescription: String { name }
}

func header(opslimit: UInt64, memlimit: UInt64) -> [UInt8] {
    Array("HGVAULT1".utf8) + bigEndian(opslimit, 8) + bigEndian(memlimit, 8)
        + [UInt8](repeating: 0, count: 16 + 16 + 24 + 16)
}

let stateFileCases: [HostileStateFile] = [
    HostileStateFile(name: "10 bytes", bytes: [UInt8](repeating: 0, count: 10)) {
        .corruptedState(file: $0, reason: "it is truncated (10 bytes)")
    },
    HostileStateFile(name: "wrong magic", bytes: [UInt8](repeating: 0, count: 96)) {
        .corruptedState(file: $0, reason: "it does not start with HGVAULT1")
    },
    HostileStateFile(name: "opslimit 2^64 - 1", bytes: header(opslimit: .max, memlimit: 8192)) {
        .unsafeKDFParameters(
            file: $0, reason: "opslimit 18446744073709551615, memlimit 8192 outside the accepted bounds")
    },
    HostileStateFile(name: "memlimit 4 GiB", bytes: header(opslimit: 1, memlimit: 1 << 32)) {
        .unsafeKDFParameters(file: $0, reason: "opslimit 1, memlimit 4294967296 outside the accepted bounds")
    },
    HostileStateFile(name: "memlimit 1 GiB + 1", bytes: header(opslimit: 1, memlimit: (1 << 30) + 1)) {
        .unsafeKDFParameters(file: $0, reason: "opslimit 1, memlimit 1073741825 outside the accepted bounds")
    },
    HostileStateFile(name: "opslimit 0", bytes: header(opslimit: 0, memlimit: 8192)) {
        .unsafeKDFParameters(file: $0, reason: "opslimit 0, memlimit 8192 outside the accepted bounds")
    },
]

func scratchFile(_ name: String) -> String {
    NSTemporaryDirectory() + "heliograph-hostile-" + name.filter { $0.isLetter || $0.isNumber } + "-"
        + UUID().uuidString
}

@Test(arguments: stateFileCases)
func stateFileHeadersAreRefused(_ hostile: HostileStateFile) throws {
    let path = scratchFile(hostile.name)
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(FileManager.default.createFile(atPath: path, contents: Data(hostile.bytes)))
    #expect(throws: hostile.reason(path)) { try StateVault.open(file: path, passphrase: Array("pw".utf8)) }
}

/// A file over 16 MiB is refused by its size (fstat) before a byte is read; the file is sparse, so costs no disk.
@Test func oversizedStateFileIsRefusedUnread() throws {
    let path = scratchFile("oversized")
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(FileManager.default.createFile(atPath: path, contents: nil))
    let handle = try #require(FileHandle(forWritingAtPath: path))
    try handle.truncate(atOffset: UInt64(StateVault.maxFileBytes + 1))
    try handle.close()
    let limit = StateVault.maxFileBytes
    #expect(throws: CeremonyError.stateTooLarge(file: path, size: limit + 1, limit: limit)) {
        try StateVault.open(file: path, passphrase: [])
    }
}

/// Damage to the ciphertext and a wrong passphrase are typed errors; an empty passphrase does not crash.
@Test func damagedStateAndWrongPassphraseAreToldApart() throws {
    let path = scratchFile("damaged")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let vault = try StateVault.create(passphrase: [], parameters: .testOnly)
    try vault.write(Array("state".utf8), to: path, file: "test")
    #expect(try StateVault.open(file: path, passphrase: []).read(path) == Array("state".utf8))
    #expect(throws: CeremonyError.wrongPassphrase(file: path)) { try StateVault.open(file: path, passphrase: [0]) }
    var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    bytes[bytes.count - 1] ^= 1
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    #expect(throws: CeremonyError.corruptedState(file: path, reason: "the authentication tag does not verify")) {
        try vault.read(path)
    }
}
