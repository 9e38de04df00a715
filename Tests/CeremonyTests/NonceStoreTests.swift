import FROST
import Testing

@testable import Ceremony

private func makeStore(_ name: String = #function) throws -> NonceStore {
    let vault = try StateVault.create(passphrase: Array("pw".utf8), parameters: .testOnly)
    return try NonceStore(directory: temporaryDirectory(name) + "/nonces", vault: vault)
}

@Test func noncesAreConsumedOnce() throws {
    let store = try makeStore()
    let session = [UInt8](repeating: 9, count: 32)
    let hash = [UInt8](repeating: 1, count: 32)
    try store.savePending(
        session: session, nonces: SecretBytes(randomCount: 64), commitment: [UInt8](repeating: 2, count: 64),
        requestHash: hash)
    let first = try store.consume(session: session, packageHash: hash)
    #expect(first.nonces.count == 64)
    #expect(throws: CeremonyError.nonceAlreadyConsumed(session: shortHex(session))) {
        _ = try store.consume(session: session, packageHash: hash)
    }
    // A consumed session can never get fresh nonces again.
    #expect(throws: CeremonyError.self) {
        try store.savePending(
            session: session, nonces: SecretBytes(randomCount: 64), commitment: [1],
            requestHash: hash)
    }
    try store.recordShare(session: session, packageHash: hash, share: [UInt8](repeating: 5, count: 32))
    guard case .consumed(_, _, let share) = try store.record(session: session) else {
        Issue.record("not consumed")
        return
    }
    #expect(share == [UInt8](repeating: 5, count: 32))
}

@Test func missingNoncesAreTyped() throws {
    let store = try makeStore()
    let session = [UInt8](repeating: 4, count: 32)
    #expect(throws: CeremonyError.noPendingNonce(session: shortHex(session))) {
        _ = try store.consume(session: session, packageHash: session)
    }
}
