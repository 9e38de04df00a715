import DeterministicCBOR
import FROST
import Foundation
import Testing
import UniformResources

@testable import Ceremony

private let passphrase = Array("signer safety".utf8)

/// A directory on tmpfs when there is one: the tests that write thousands of states measure the logic, not the
/// disk's fsync (the durability of each write is the crash tests' subject).
private func fastDirectory(_ name: String = #function) -> String {
    guard FileManager.default.isWritableFile(atPath: "/dev/shm") else { return temporaryDirectory(name) }
    let path = "/dev/shm/heliograph-" + name.filter { $0.isLetter } + "-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// True when the AddressSanitizer runtime is loaded (the second run of the test command).
let underAddressSanitizer = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") != nil

/// What a store's consume gave: the nonces, or the error.
private final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [String: Result<Int, CeremonyError>] = [:]
    func set(_ name: String, _ result: Result<Int, CeremonyError>) { lock.withLock { results[name] = result } }
    var successes: Int { lock.withLock { results.values.filter { if case .success = $0 { true } else { false } }.count } }
    func result(_ name: String) -> Result<Int, CeremonyError>? { lock.withLock { results[name] } }
}

private func consume(_ store: NonceStore, _ session: [UInt8], _ hash: [UInt8]) -> Result<Int, CeremonyError> {
    do {
        return .success(try store.consume(session: session, packageHash: hash).nonces.count)
    } catch let error as CeremonyError {
        return .failure(error)
    } catch {
        return .failure(.frost("\(error)"))
    }
}

/// "Use each nonce once" must hold between two stores over one directory, not just within one: at every write point
/// of store A's consume, store B (same files, another package) runs to completion. At most one gets the nonces.
@Test func aSecondStoreRunAtEveryWritePointOfTheFirstNeverGetsTheSameNonces() throws {
    let session = [UInt8](repeating: 0x51, count: 32)
    let first = [UInt8](repeating: 0xA1, count: 32)
    let second = [UInt8](repeating: 0xB2, count: 32)
    var points = 0
    for point in 0...3 {
        let directory = temporaryDirectory("interleave\(point)") + "/nonces"
        let base = try StateVault.create(passphrase: passphrase, parameters: .testOnly)
        let storeB = try NonceStore(directory: directory, vault: base)
        try storeB.savePending(
            session: session, nonces: SecretBytes(randomCount: 64), commitment: [UInt8](repeating: 3, count: 64),
            requestHash: [UInt8](repeating: 4, count: 32))
        let outcomes = Outcomes()
        let counter = WritePointCounter()
        let hook = WritePointHook { _ in
            if counter.next() == point { outcomes.set("B", consume(storeB, session, second)) }
        }
        let storeA = try NonceStore(
            directory: directory, vault: StateVault(key: base.key, salt: base.salt, parameters: base.parameters, hook: hook))
        outcomes.set("A", consume(storeA, session, first))
        points = max(points, counter.next() - 1)
        #expect(outcomes.successes == 1, "B run at write point \(point) of A: \(outcomes.successes) took the nonces")
        if point > 0 {
            #expect(outcomes.result("B") != nil, "write point \(point) was reached")
            // The nonces went to A's package, so only A's package may ever get a share.
            guard case .consumed(_, let packageHash, _)? = try storeB.record(session: session) else {
                Issue.record("not consumed")
                continue
            }
            #expect(packageHash == first)
        }
    }
    #expect(points == 3, "claim, then the tombstone's two write points")
}

/// The child process of the race below: opens the device in `HELIOGRAPH_RACE_DIR` and answers the package in
/// `package-<HELIOGRAPH_RACE_SIDE>.cbor`, writing `share-<side>` or `error-<side>` with the error's text.
private enum Racer {
    static let directoryVariable = "HELIOGRAPH_RACE_DIR"
    static let sideVariable = "HELIOGRAPH_RACE_SIDE"

    static func run(directory: String, side: String) throws {
        let outcome: String
        do {
            var device = try DeviceDirectory.open(at: directory + "/device", passphrase: passphrase, hook: .none)
            guard let bytes = try AtomicFile.read(directory + "/package-\(side).cbor", limit: 1 << 20) else {
                throw HarnessError.missing("package")
            }
            let response = try device.receive(.signPackage(try SignPackage(encoded: bytes)), now: DKGHarness.now)
            outcome = "share-" + Base16.encode(try SignSharePayload(payload: response.outgoing[0].payload).share)
        } catch let error as CeremonyError {
            if case .deviceInUse = error { outcome = "in-use" } else { outcome = "refused" }
        }
        try AtomicFile.write(Array(outcome.utf8), to: directory + "/outcome-\(side)", file: "test", hook: .none)
    }

    static func start(directory: String, side: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(
            fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        process.arguments = ["--testing-library", "swift-testing", "--filter", "twoSignerProcessesRacing"]
        var environment = ProcessInfo.processInfo.environment
        environment[directoryVariable] = directory
        environment[sideVariable] = side
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}

/// Two real `sign share` processes on one state directory, given two different valid packages for the same session
/// (the second signer's commitment differs: a malicious coordinator with a colluding signer), started together 100
/// times: never two shares from one nonce (three such shares would reveal the signing share).
@Test func twoSignerProcessesRacingOneHundredTimesReleaseAtMostOneShare() throws {
    let environment = ProcessInfo.processInfo.environment
    if let directory = environment[Racer.directoryVariable] {
        try Racer.run(directory: directory, side: environment[Racer.sideVariable] ?? "")
        return
    }
    var dkg = try DKGHarness(suite: .ed25519, threshold: 2, count: 3)
    let records = try dkg.run()
    let root = fastDirectory()
    let signing = try SigningHarness(dkg: dkg, records: records, directory: root + "/others")
    // Another nonce store for signer 2, so that it can give a second, different (and authentic) commitment.
    let twin = SigningDevice(
        host: dkg.hosts[1], store: try NonceStore(directory: root + "/twin", vault: signing.vault))
    _ = try DeviceDirectory.restore(
        DeviceBackup(seed: fixedSeed(1), label: "device 1", groups: [records[0]]), at: root + "/device",
        passphrase: passphrase, parameters: .testOnly)
    var outcomes: [String: Int] = [:]
    // Under AddressSanitizer (the second run of the test command) 10 races take the same paths at a tenth of the
    // cost; every race is a fresh pair of processes.
    let races = underAddressSanitizer ? 10 : 100
    for race in 0..<races {
        let request = try SignRequest(
            session: Sodium.random(32), suite: .ed25519, groupKey: records[0].groupKey, message: [UInt8(race)],
            summary: "race \(race)", signers: [1, 2], expiry: DKGHarness.now + 600)
        var packages: [SignPackage] = []
        do {
            var device = try DeviceDirectory.open(at: root + "/device", passphrase: passphrase, hook: .none)
            let mine = try device.receive(.signRequest(request), now: DKGHarness.now).outgoing[0]
            for other in [signing.signers[1], twin] {
                var coordinator = try SigningCoordinator(request: request, group: records[0])
                coordinator = try coordinator.handle(mine).coordinator
                let commitment = try other.commit(to: request, group: records[1], now: DKGHarness.now)
                guard case .package(let package)? = try coordinator.handle(commitment).outgoing.last else {
                    throw HarnessError.missing("package")
                }
                packages.append(package)
            }
        }
        #expect(packages[0].hash != packages[1].hash)
        for (side, package) in zip(["a", "b"], packages) {
            try AtomicFile.write(package.encoded, to: root + "/package-\(side).cbor", file: "test", hook: .none)
            try AtomicFile.remove(root + "/outcome-\(side)")
        }
        let racers = try ["a", "b"].map { try Racer.start(directory: root, side: $0) }
        for racer in racers { racer.waitUntilExit() }
        let results = try ["a", "b"].map {
            String(decoding: try AtomicFile.read(root + "/outcome-\($0)", limit: 4096) ?? [], as: UTF8.self)
        }
        #expect(results.filter { $0.hasPrefix("share-") }.count <= 1, "race \(race): \(results)")
        #expect(results.allSatisfy { !$0.isEmpty }, "race \(race): a racer died: \(results)")
        for result in results { outcomes[result.hasPrefix("share-") ? "share" : result, default: 0] += 1 }
    }
    // Each race gave exactly one share; the other racer found the device in use or the nonce taken.
    #expect(outcomes["share"] == races, "\(outcomes)")
    try? FileManager.default.removeItem(atPath: root)
}

@Test func aSecondProcessFindsTheDeviceInUse() throws {
    let root = temporaryDirectory()
    let device = try DeviceDirectory.create(
        at: root + "/device", label: "solo", passphrase: passphrase, parameters: .testOnly)
    // Within the process the lock is shared, so a second open works; another process is refused.
    _ = try DeviceDirectory.open(at: root + "/device", passphrase: passphrase, hook: .none)
    let racer = try Racer.start(directory: root, side: "x")
    racer.waitUntilExit()
    #expect(try AtomicFile.read(root + "/outcome-x", limit: 64) == Array("in-use".utf8))
    #expect(device.host.identity.label == "solo")
    #expect(
        CeremonyError.deviceInUse(path: "/d").description
            == "The device in /d is in use by another process; finish or stop that one first.")
}

/// A device used for a long time: 5,000 requests committed and shared over simulated weeks. Its state keeps only
/// what can still be used, the nonce directory likewise, and it opens and signs again.
@Test func fiveThousandRequestsLeaveABoundedStateThatStillOpensAndSigns() throws {
    var dkg = try DKGHarness(suite: .ed25519, threshold: 2, count: 3)
    let records = try dkg.run()
    let root = fastDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let signing = try SigningHarness(dkg: dkg, records: records, directory: root + "/others")
    var device = try DeviceDirectory.restore(
        DeviceBackup(seed: fixedSeed(1), label: "device 1", groups: [records[0]]), at: root + "/device",
        passphrase: passphrase, parameters: .testOnly)
    let groupKey = records[0].groupKey
    let start = DKGHarness.now
    var largest = 0
    func stateSize() throws -> Int { try AtomicFile.read(root + "/device/device.hgvault", limit: 1 << 24)?.count ?? 0 }
    func sign(_ number: Int, at now: UInt64, with device: inout DeviceDirectory) throws -> DeviceEnvelope {
        var session = [UInt8](repeating: 0, count: 32)
        withUnsafeBytes(of: UInt64(number).bigEndian) { session.replaceSubrange(0..<8, with: $0) }
        let request = try SignRequest(
            session: session, suite: .ed25519, groupKey: groupKey, message: Array("payment \(number)".utf8),
            summary: "payment \(number)", signers: [1, 2], expiry: now + 3600)
        var coordinator = try SigningCoordinator(request: request, group: records[0])
        coordinator = try coordinator.handle(try device.receive(.signRequest(request), now: now).outgoing[0])
            .coordinator
        let other = SigningDevice(host: signing.signers[1].host, store: signing.signers[1].store)
        guard
            case .package(let package)? = try coordinator.handle(
                try other.commit(to: request, group: records[1], now: now)
            ).outgoing.last
        else { throw HarnessError.missing("package") }
        return try device.receive(.signPackage(package), now: now).outgoing[0]
    }
    // Under AddressSanitizer (the second run of the test command) 200 requests take the same paths (pruning starts
    // after 60); 5,000 would add minutes there and check nothing more.
    let total = underAddressSanitizer ? 200 : 5000
    for number in 0..<total {
        // A request every minute, each valid for an hour.
        _ = try sign(number, at: start + UInt64(number) * 60, with: &device)
        if number % 500 == 0 { largest = max(largest, try stateSize()) }
    }
    let size = try stateSize()
    // About 61 requests are still unexpired (an hour of them); each finished one is some 180 bytes, and the group
    // record some 2 KB at 2-of-3. The documented bound for this use: under 64 KiB.
    #expect(size < 64 * 1024, "state file \(size) bytes")
    #expect(largest < 64 * 1024)
    #expect(device.signRequests.isEmpty)
    #expect((55...65).contains(device.finishedRequests.count), "\(device.finishedRequests.count) kept")
    // Nonce files are kept only for the requests the state keeps.
    let nonceFiles = AtomicFile.list(root + "/device/nonces")
    #expect(nonceFiles.count <= 2 * device.finishedRequests.count, "\(nonceFiles.count) nonce files")
    // The device opens its own state and signs again.
    device = try DeviceDirectory.open(at: root + "/device", passphrase: passphrase, hook: .none)
    let share = try sign(5000, at: start + 5000 * 60, with: &device)
    #expect(share.sender == 1)
}

@Test func aRequestOverThePendingLimitIsRefusedBeforeAnythingIsWritten() throws {
    var dkg = try DKGHarness(suite: .ed25519, threshold: 2, count: 3)
    let records = try dkg.run()
    let root = fastDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    var device = try DeviceDirectory.restore(
        DeviceBackup(seed: fixedSeed(1), label: "device 1", groups: [records[0]]), at: root + "/device",
        passphrase: passphrase, parameters: .testOnly)
    func request(_ number: UInt8) throws -> SignRequest {
        try SignRequest(
            session: [UInt8](repeating: number, count: 32), suite: .ed25519, groupKey: records[0].groupKey,
            message: [number], summary: "n", signers: [1, 2], expiry: DKGHarness.now + 600)
    }
    for number in 0..<UInt8(DeviceDirectory.Limits.pendingRequests) {
        _ = try device.receive(.signRequest(try request(number)), now: DKGHarness.now)
    }
    let state = try AtomicFile.read(root + "/device/device.hgvault", limit: 1 << 24)
    let files = AtomicFile.list(root + "/device/nonces")
    #expect(throws: CeremonyError.deviceStateFull(what: "signing requests awaiting a share", limit: 64)) {
        _ = try device.receive(.signRequest(try request(200)), now: DKGHarness.now)
    }
    #expect(try AtomicFile.read(root + "/device/device.hgvault", limit: 1 << 24) == state, "state unchanged")
    #expect(AtomicFile.list(root + "/device/nonces") == files, "no nonce stored")
    // Once the pending ones expire, the device takes requests again, and it still opens.
    device = try DeviceDirectory.open(at: root + "/device", passphrase: passphrase, hook: .none)
    let later = try SignRequest(
        session: [UInt8](repeating: 201, count: 32), suite: .ed25519, groupKey: records[0].groupKey, message: [1],
        summary: "later", signers: [1, 2], expiry: DKGHarness.now + 1300)
    _ = try device.receive(.signRequest(later), now: DKGHarness.now + 700)
    // The 64 expired ones are gone, with their nonce files.
    #expect(device.signRequests.count == 1 && device.finishedRequests.isEmpty)
    #expect(AtomicFile.list(root + "/device/nonces").count == 1)
}

@Test func aRequestExpiringBeyondTheHorizonIsRefused() throws {
    var dkg = try DKGHarness(suite: .ed25519, threshold: 2, count: 3)
    let records = try dkg.run()
    let root = temporaryDirectory()
    var device = try DeviceDirectory.restore(
        DeviceBackup(seed: fixedSeed(1), label: "device 1", groups: [records[0]]), at: root + "/device",
        passphrase: passphrase, parameters: .testOnly)
    let far = try SignRequest(
        session: [UInt8](repeating: 7, count: 32), suite: .ed25519, groupKey: records[0].groupKey, message: [1],
        summary: "a year", signers: [1, 2], expiry: DKGHarness.now + 25 * 3600)
    #expect(
        throws: CeremonyError.expiryTooFar(expiry: far.expiry, now: DKGHarness.now, horizon: 24 * 3600)
    ) { _ = try device.receive(.signRequest(far), now: DKGHarness.now) }
    #expect(AtomicFile.list(root + "/device/nonces").isEmpty)
    #expect(
        CeremonyError.expiryTooFar(expiry: far.expiry, now: DKGHarness.now, horizon: 24 * 3600).description
            == "The request expires at 2027-01-16T09:00:00Z, more than 24 hours after now (2027-01-15T08:00:00Z); "
            + "ask for a shorter expiry, or raise the device's horizon.")
    // A person who raises the horizon accepts it.
    device.expiryHorizon = 48 * 3600
    #expect(try device.receive(.signRequest(far), now: DKGHarness.now).outgoing.count == 1)
}

@Test func nonceRecordsMustHaveTheirDocumentedLengths() throws {
    let directory = temporaryDirectory() + "/nonces"
    let vault = try StateVault.create(passphrase: passphrase, parameters: .testOnly)
    let store = try NonceStore(directory: directory, vault: vault)
    let session = [UInt8](repeating: 9, count: 32)
    let cases: [(name: String, nonces: Int, commitment: Int)] = [
        ("short nonces", 63, 64), ("long nonces", 65, 64), ("short commitment", 64, 2), ("long commitment", 64, 67),
    ]
    for (name, nonces, commitment) in cases {
        let map = CBORMap([
            (0, 1), (1, .bytes(session)), (2, 0), (3, .bytes([UInt8](repeating: 1, count: nonces))),
            (4, .bytes([UInt8](repeating: 2, count: commitment))), (5, .bytes([UInt8](repeating: 5, count: 32))),
        ])
        try vault.write(CBOR.map(map).encoded, to: store.path(session), file: "test")
        #expect(throws: CeremonyError.self, "\(name)") { _ = try store.record(session: session) }
    }
    var consumed = CBORMap([
        (0, 1), (1, .bytes(session)), (2, 1), (5, .bytes([UInt8](repeating: 5, count: 32))),
        (6, .bytes([UInt8](repeating: 6, count: 32))), (7, .bytes([UInt8](repeating: 7, count: 31))),
    ])
    try vault.write(CBOR.map(consumed).encoded, to: store.path(session), file: "test")
    #expect(throws: CeremonyError.self, "short share") { _ = try store.record(session: session) }
    consumed[7] = .bytes([UInt8](repeating: 7, count: 32))
    try vault.write(CBOR.map(consumed).encoded, to: store.path(session), file: "test")
    #expect(try store.record(session: session) != nil)
}

/// A failed key generation is kept (so its invite is never answered with fresh randomness) until its invite has
/// expired; the next invite the device takes after that drops it.
@Test func failedKeyGenerationsArePrunedOnceTheirInviteExpired() throws {
    let root = temporaryDirectory()
    var device = try DeviceDirectory.create(
        at: root + "/device", label: "pruned", passphrase: passphrase, parameters: .testOnly)
    let others = try (2...3).map { try HostKey(seed: fixedSeed(UInt8($0)), label: "other \($0)").identity }
    func invite(_ byte: UInt8, expiry: UInt64) throws -> DKGInvite {
        try DKGInvite(
            session: [UInt8](repeating: byte, count: 32), suite: .ed25519, threshold: 2,
            roster: [device.host.identity] + others, groupLabel: "g\(byte)", expiry: expiry)
    }
    let old = try invite(1, expiry: DKGHarness.now + 60)
    _ = try device.receive(.dkgInvite(old), now: DKGHarness.now)
    // The session fails (as a device that caught the coordinator would record it).
    let joined = try #require(device.dkgSession(old.session))
    var map = try #require(joined.cbor.mapValue)
    map[3] = 4
    map[4] = nil
    map[8] = 0
    map[9] = .text("the coordinator sent two bundles")
    let failed = try DKGDevice(cbor: .map(map))
    try device.record(DKGDevice.Transition(device: failed, outgoing: [], events: []))
    // Still kept while its invite could be shown again...
    _ = try device.receive(.dkgInvite(try invite(2, expiry: DKGHarness.now + 600)), now: DKGHarness.now + 30)
    #expect(device.dkgSession(old.session) != nil)
    // ...and gone once it expired, on disk too.
    _ = try device.receive(.dkgInvite(try invite(3, expiry: DKGHarness.now + 600)), now: DKGHarness.now + 61)
    #expect(device.dkgSession(old.session) == nil)
    let reopened = try DeviceDirectory.open(at: root + "/device", passphrase: passphrase, hook: .none)
    #expect(reopened.dkgSession(old.session) == nil && reopened.dkgSessions.count == 2)
}
