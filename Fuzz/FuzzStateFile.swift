import CSodium
import DeterministicCBOR
import Foundation
import FROST

@testable import Ceremony

/// libFuzzer entry for a device's encrypted state (StateVault files: header, key check, XChaCha20-Poly1305) and
/// the decoders of what they hold (device state, DKG sessions, group records, nonce records). Byte 0 picks a mode:
/// - even: the rest is a whole state file, read by a vault of a fixed passphrase and salt, and opened with
///   `StateVault.open` when its header asks for cheap Argon2id parameters;
/// - odd: the rest is a plaintext, sealed by that vault into a device directory's `device.hgvault` and into a
///   nonce file, then opened with `DeviceDirectory.open` and `NonceStore.record`.
/// Every failure must be a `CeremonyError`; a file read back decrypts to exactly what was written.
///
/// `HELIOGRAPH_FUZZ_WRITE_SEEDS=DIR` writes seeds (a real device state after a 2-of-3 DKG, as a file and as a
/// plaintext) to DIR and exits.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStateFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let mode = input.first else { return 0 }
    let body = Array(input.dropFirst())
    let directory = scratch.directory
    let file = directory + "/device.hgvault"
    if mode & 1 == 0 {
        FileManager.default.createFile(atPath: file, contents: Data(body))
        if let plaintext = typed({ try scratch.vault.read(file) }) {
            precondition(plaintext != nil, "a file that exists read as missing")
        }
        if let header = typed({ try StateVault.Header(body, file: file) }) {
            precondition(KDFParameters.opslimitRange.contains(header.parameters.opslimit)
                && KDFParameters.memlimitRange.contains(header.parameters.memlimit), "unbounded KDF parameters")
            // Argon2id with what a hostile header asks costs up to 16 passes over 1 GiB: only cheap ones here.
            if header.parameters.memlimit <= 1 << 16, header.parameters.opslimit <= 2 {
                _ = typed({ try StateVault.open(file: file, passphrase: passphrase) })
            }
        }
    } else {
        guard typed({ try scratch.vault.write(body, to: file, file: "fuzz") }) != nil else {
            preconditionFailure("could not write the state file")
        }
        precondition(typed({ try scratch.vault.read(file) }) == body, "the state file read back differently")
        _ = typed({ try DeviceDirectory.open(at: directory, passphrase: passphrase, hook: .none) })
        let session = [UInt8](repeating: 0x77, count: 32)
        let store = directory + "/nonces"
        if let nonces = typed({ try NonceStore(directory: store, vault: scratch.vault) }) {
            _ = typed({ try scratch.vault.write(body, to: nonces.path(session), file: "fuzz") })
            _ = typed({ try nonces.record(session: session) })
        }
    }
    try? FileManager.default.removeItem(atPath: file)
    return 0
}

let passphrase = Array("fuzz passphrase".utf8)

/// A directory in memory (tmpfs, so the vault's fsyncs cost nothing) and a vault of a fixed salt, so a seed file
/// written by one run opens in the next.
struct Scratch {
    let directory: String
    let vault: StateVault

    init() {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        directory = base + "/heliograph-fuzz-state-\(getpid())"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let salt = [UInt8](repeating: 0x5a, count: 16)
        let parameters = KDFParameters.testOnly
        var key = [UInt8](repeating: 0, count: 32)
        let result = passphrase.withUnsafeBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { chars in
                crypto_pwhash(&key, 32, chars, UInt64(p.count), salt, parameters.opslimit, Int(parameters.memlimit),
                              crypto_pwhash_ALG_ARGON2ID13)
            }
        }
        precondition(result == 0, "Argon2id failed")
        atexit {
            let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
            try? FileManager.default.removeItem(atPath: base + "/heliograph-fuzz-state-\(getpid())")
        }
        vault = StateVault(key: SecretBytes(key), salt: salt, parameters: parameters, hook: .none)
    }
}

let scratch = Scratch()

/// The value, nil for a typed `CeremonyError`; any other error is a bug.
func typed<R>(_ body: () throws -> R) -> R? {
    do {
        return try body()
    } catch is CeremonyError {
        return nil
    } catch {
        preconditionFailure("untyped error \(error)")
    }
}

@_cdecl("LLVMFuzzerInitialize")
public func fuzzStateFileInitialize(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    guard let seeds = ProcessInfo.processInfo.environment["HELIOGRAPH_FUZZ_WRITE_SEEDS"] else { return 0 }
    do {
        try FileManager.default.createDirectory(atPath: seeds, withIntermediateDirectories: true)
        // A device that took part in an honest 2-of-3 DKG: its state holds a finished session and a group.
        let now: UInt64 = 1_800_000_000
        let hosts = try (1...3).map {
            try HostKey(seed: SecretBytes([UInt8](repeating: $0, count: 32)), label: "d\($0)")
        }
        let invite = try DKGInvite(session: [UInt8](repeating: 0x5e, count: 32), suite: .ristretto255, threshold: 2,
                                   roster: hosts.map(\.identity), groupLabel: "seed", expiry: now + 60)
        var coordinator = DKGCoordinator(invite: invite)
        var devices: [DKGDevice] = []
        var outputs: [CoordinatorOutput] = []
        for (offset, host) in hosts.enumerated() {
            let step = try DKGDevice.accept(invite: invite, host: host, now: now,
                                            randomness: [UInt8](repeating: UInt8(offset + 1), count: 32))
            devices.append(step.device)
            for envelope in step.outgoing {
                let next = try coordinator.handle(envelope)
                coordinator = next.coordinator
                outputs += next.outgoing
            }
        }
        guard case .bundle(let bundle)? = outputs.last else { preconditionFailure("no bundle") }
        var transitions: [DKGDevice.Transition] = []
        for index in devices.indices {
            let step = try devices[index].handle(.bundle(bundle), host: hosts[index])
            devices[index] = step.device
            for envelope in step.outgoing {
                let next = try coordinator.handle(envelope)
                coordinator = next.coordinator
                outputs += next.outgoing
            }
        }
        guard case .certificate(let certificate)? = outputs.last else { preconditionFailure("no certificate") }
        transitions.append(try devices[0].handle(.certificate(certificate), host: hosts[0]))

        let path = scratch.directory + "/seed-device"
        var directory = try DeviceDirectory.create(at: path, label: "d1", passphrase: passphrase,
                                                   parameters: .testOnly,
                                                   seed: SecretBytes([UInt8](repeating: 1, count: 32)))
        for transition in transitions { try directory.record(transition) }
        let stored = try StateVault.open(file: path + "/device.hgvault", passphrase: passphrase)
        guard let plaintext = try stored.read(path + "/device.hgvault") else { preconditionFailure("no state") }
        try scratch.vault.write(plaintext, to: scratch.directory + "/sealed", file: "seed")
        let sealed = try Data(contentsOf: URL(fileURLWithPath: scratch.directory + "/sealed"))
        FileManager.default.createFile(atPath: seeds + "/seed-file", contents: Data([0]) + sealed)
        FileManager.default.createFile(atPath: seeds + "/seed-plaintext", contents: Data([1] + plaintext))
        try? FileManager.default.removeItem(atPath: path)
        print("wrote 2 seeds to \(seeds)")
        fflush(stdout)
    } catch {
        FileHandle.standardError.write(Data("seed generation failed: \(error)\n".utf8))
        exit(1)
    }
    exit(0)
}
