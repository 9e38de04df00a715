import Foundation
import Testing

@testable import Ceremony

@Test func vaultRoundTripsAndReopensWithThePassphrase() throws {
    let directory = temporaryDirectory()
    let path = directory + "/state.hgvault"
    let vault = try StateVault.create(passphrase: Array("correct horse".utf8), parameters: .testOnly)
    try vault.write(Array("secret state".utf8), to: path, file: "state")
    let reopened = try StateVault.open(file: path, passphrase: Array("correct horse".utf8))
    #expect(try reopened.read(path) == Array("secret state".utf8))
    #expect(try reopened.read(directory + "/missing") == nil)
}

@Test func wrongPassphraseIsTypedAndOverwritesNothing() throws {
    let directory = temporaryDirectory()
    let path = directory + "/state.hgvault"
    let vault = try StateVault.create(passphrase: Array("right".utf8), parameters: .testOnly)
    try vault.write([1, 2, 3], to: path, file: "state")
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(throws: CeremonyError.wrongPassphrase(file: path)) {
        try StateVault.open(file: path, passphrase: Array("wrong".utf8))
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
}

@Test func everyCorruptionAndTruncationIsDetected() throws {
    let directory = temporaryDirectory()
    let path = directory + "/state.hgvault"
    let vault = try StateVault.create(passphrase: Array("pw".utf8), parameters: .testOnly)
    try vault.write(Array(repeating: 7, count: 40), to: path, file: "state")
    let good = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    // Flip one bit in every byte position; then truncate at every length.
    for index in good.indices {
        var bad = good
        bad[index] ^= 0x10
        try Data(bad).write(to: URL(fileURLWithPath: path))
        #expect(throws: CeremonyError.self, "bit flip at byte \(index)") { _ = try vault.read(path) }
    }
    for length in 0..<good.count {
        try Data(good.prefix(length)).write(to: URL(fileURLWithPath: path))
        #expect(throws: CeremonyError.self, "truncated to \(length)") { _ = try vault.read(path) }
    }
}

@Test func hostileKDFParametersAreRefusedBeforeDerivation() throws {
    let directory = temporaryDirectory()
    let path = directory + "/state.hgvault"
    let vault = try StateVault.create(passphrase: Array("pw".utf8), parameters: .testOnly)
    try vault.write([1], to: path, file: "state")
    var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    bytes.replaceSubrange(16..<24, with: bigEndian(1 << 40))  // a memlimit of a terabyte
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    #expect(throws: CeremonyError.self) { try StateVault.open(file: path, passphrase: Array("pw".utf8)) }
    #expect(throws: CeremonyError.self) { try KDFParameters(opslimit: 0, memlimit: 8192) }
}

@Test func aWriteInterruptedAtEachPointLeavesOldOrNewContents() throws {
    let directory = temporaryDirectory()
    let path = directory + "/state.hgvault"
    let base = try StateVault.create(passphrase: Array("pw".utf8), parameters: .testOnly)
    try base.write([1], to: path, file: "state")
    for point in 1...2 {
        let crashing = StateVault(
            key: base.key, salt: base.salt, parameters: base.parameters, hook: .simulatingCrash(atWritePoint: point))
        #expect(throws: SimulatedCrash.self) { try crashing.write([2], to: path, file: "state") }
        let contents = try base.read(path)
        #expect(contents == (point == 1 ? [1] : [2]), "crash at write point \(point)")
        try base.write([1], to: path, file: "state")
    }
}

@Test func anEmptyPassphraseWorksAndDiffersFromAnyOther() throws {
    let directory = temporaryDirectory()
    let path = directory + "/state.hgvault"
    let vault = try StateVault.create(passphrase: [], parameters: .testOnly)
    try vault.write([4], to: path, file: "state")
    #expect(try StateVault.open(file: path, passphrase: []).read(path) == [4])
    #expect(throws: CeremonyError.wrongPassphrase(file: path)) { try StateVault.open(file: path, passphrase: [0]) }
}
