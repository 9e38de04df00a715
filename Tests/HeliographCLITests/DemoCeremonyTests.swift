import Ceremony
import CeremonyDemo
import Foundation
import Optical
import Testing
import UniformResources

/// The demo as a library: a test drives the whole ceremony in process (clean frames, so the seed alone fixes the
/// run) and checks what it reports against the files it left.
@Test func theDemoRunsInProcessAndItsSignatureVerifiesIndependently() throws {
    let directory = try scratchDirectory().path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let lines = LogLines()
    var demo = DemoCeremony(
        settings: DemoCeremony.Settings(
            directory: directory, threshold: 2, participants: 3, suite: .ristretto255, clean: true, seed: 3,
            density: .medium, dropRate: 0.1, passphrase: Array("demo test".utf8), kdf: .testOnly,
            log: { lines.append($0) }))
    let summary = try demo.run()
    #expect(summary.verified)
    #expect(summary.suite == "ristretto255" && summary.signers == [1, 2])
    let key = try #require(Base16.decode(summary.groupPublicKey))
    let signature = try #require(Base16.decode(summary.signature))
    #expect(CeremonySuite.ristretto255.verify(signature: signature, message: DemoCeremony.message, groupKey: key))
    #expect(!CeremonySuite.ristretto255.verify(signature: signature, message: Array("other".utf8), groupKey: key))
    #expect(summary.steps.map(\.name) == [
        "identities", "invite", "contributions", "bundle", "transcript-signatures", "certificate", "sign-request",
        "commitments", "package", "shares", "signature",
    ])
    // The coordinator's events went to the log, in the library's words.
    #expect(lines.all.contains { $0.hasPrefix("Added Device A [") && $0.hasSuffix("] to the roster.") })
    #expect(lines.all.contains { $0.hasPrefix("Received the signature share of Device B [") })
    for sheet in ["invitation.pdf", "result.pdf", "signing.pdf"] {
        #expect(FileManager.default.fileExists(atPath: directory + "/" + sheet))
    }
    #expect(summary.reportLines.contains("Signature:   \(summary.signature)"))
}

private final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
