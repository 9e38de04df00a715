import DeterministicCBOR
import FROST
import Foundation
import Testing

@testable import Ceremony

/// Every way Swift turns a value into text: `print`/interpolation, `debugPrint`/`String(reflecting:)`, and `dump`,
/// which walks stored properties through `Mirror` whatever `description` says.
private func renderings(_ value: Any) -> [String] {
    var dumped = ""
    dump(value, to: &dumped)
    return [String(describing: value), String(reflecting: value), dumped]
}

/// Whether `text` shows `secret`: as lowercase or uppercase hex, or as a run of its first eight bytes written as
/// decimal numbers (how `[UInt8]` prints, in one line or one number per line under `dump`).
private func shows(_ text: String, _ secret: [UInt8]) -> Bool {
    let hex = secret.map { String(format: "%02x", $0) }.joined()
    if text.lowercased().contains(hex) { return true }
    let numbers = text.split { !$0.isNumber }.compactMap { Int($0) }
    let run = secret.prefix(8).map(Int.init)
    guard run.count == 8, numbers.count >= run.count else { return false }
    return (0...(numbers.count - run.count)).contains { Array(numbers[$0..<($0 + run.count)]) == run }
}

/// Bytes no description could show by accident (distinct, not all small).
private let secretPattern: [UInt8] = (0..<32).map { UInt8(($0 * 37 + 101) % 251) }

private func expectRedacted(_ value: Any, hiding secret: [UInt8], _ name: String) {
    for (index, text) in renderings(value).enumerated() {
        #expect(!shows(text, secret), "\(name): rendering \(index) shows the secret: \(text)")
    }
}

@Test func everySecretTypeOfFROSTPrintsRedacted() throws {
    typealias C = Ed25519Sha512
    var scalarBytes = secretPattern
    scalarBytes[31] &= 0x0f  // below the group order, so it is a canonical scalar
    let secret = try SecretScalar<C>(deserializingSecret: scalarBytes)
    #expect(secret.serializeSecret() == scalarBytes)
    // The detector finds the bytes when they are shown: a plain array, and a public `Scalar` (which prints hex).
    #expect(renderings(secretPattern).allSatisfy { shows($0, secretPattern) })
    #expect(renderings(try Scalar<C>(deserializing: scalarBytes)).allSatisfy { shows($0, scalarBytes) })
    expectRedacted(SecretBytes(secretPattern), hiding: secretPattern, "SecretBytes")
    expectRedacted(secret, hiding: scalarBytes, "SecretScalar")
    expectRedacted(try SigningKey<C>(deserializingSecret: scalarBytes), hiding: scalarBytes, "SigningKey")
    let share = try SigningShare<C>(deserializingSecret: scalarBytes)
    expectRedacted(share, hiding: scalarBytes, "SigningShare")
    expectRedacted(RepairShare<C>.Delta(secret), hiding: scalarBytes, "RepairShare.Delta")
    expectRedacted(RepairShare<C>.Sigma(secret), hiding: scalarBytes, "RepairShare.Sigma")
    let polynomial = try SecretPolynomial<C>(coefficients: [secret, secret])
    expectRedacted(polynomial, hiding: scalarBytes, "SecretPolynomial")
    let nonces = try SigningNonces<C>(
        hidingRandomness: secretPattern, bindingRandomness: secretPattern, signingShare: share)
    let (hiding, binding) = nonces.serializeSecret()
    expectRedacted(nonces, hiding: hiding, "SigningNonces (hiding)")
    expectRedacted(nonces, hiding: binding, "SigningNonces (binding)")
    let round1 = try DKG<C>.part1(
        identifier: try Identifier<C>(1), maxSigners: 3, minSigners: 2, secret: try SigningKey(secret),
        coefficients: [secret], proofNonce: secret)
    expectRedacted(round1.secretPackage, hiding: scalarBytes, "DKG.Round1SecretPackage")
}

@Test func everySecretTypeOfTheCeremonyPrintsRedacted() throws {
    let seed = secretPattern
    let host = try HostKey(seed: SecretBytes(seed), label: "Alice")
    expectRedacted(host, hiding: seed, "HostKey")
    expectRedacted(host.signingSecretKey, hiding: host.signingSecretKey.exposeSecretBytes(), "HostKey signing key")
    let agreement = host.agreementSecretKey.exposeSecretBytes()
    expectRedacted(host, hiding: agreement, "HostKey agreement key")
    let vault = try StateVault.create(passphrase: Array("correct horse".utf8), parameters: .testOnly)
    expectRedacted(vault, hiding: vault.key.exposeSecretBytes(), "StateVault")
    expectRedacted(DeviceBackup(seed: SecretBytes(seed), label: "Alice", groups: []), hiding: seed, "DeviceBackup")
    let nonces = NonceRecord.pending(nonces: SecretBytes(seed + seed), commitment: [1, 2], requestHash: [3])
    expectRedacted(nonces, hiding: seed, "NonceRecord.pending")
}

@Test func theSigningKeyMaterialOfAGroupPrintsRedacted() throws {
    var dkg = try DKGHarness(suite: .ristretto255, threshold: 2, count: 3)
    let records = try dkg.run()
    let material = try records[0].keyMaterial(host: dkg.hosts[records[0].index - 1], as: Ristretto255Sha512.self)
    let share = material.keyPackage.signingShare.secret.serializeSecret()
    expectRedacted(material.keyPackage, hiding: share, "KeyPackage")
    expectRedacted(material.keyPackage.signingShare, hiding: share, "SigningShare from the DKG")
    // The record itself is public recovery data: it must not carry the share either.
    expectRedacted(records[0], hiding: share, "GroupRecord")
}

/// A valid nonce record plaintext as `NonceStore` writes it, holding `nonces`.
private func pendingRecord(session: [UInt8], nonces: [UInt8]) -> CBOR {
    .map(
        CBORMap([
            (0, .unsigned(CeremonyProtocol.version)), (1, .bytes(session)), (2, 0), (3, .bytes(nonces)),
            (4, .bytes([UInt8](repeating: 4, count: 64))), (5, .bytes([UInt8](repeating: 5, count: 32))),
        ]))
}

@Test func errorsFromDamagedNonceRecordsNeverQuoteTheNonces() throws {
    let session = [UInt8](repeating: 9, count: 32)
    let nonces = secretPattern + secretPattern.reversed()
    let record = pendingRecord(session: session, nonces: nonces)
    guard case .pending(let decoded, _, _) = try NonceStore.decode(record.encoded, session: session, file: "n") else {
        Issue.record("the honest record does not decode as pending")
        return
    }
    #expect(decoded.exposeSecretBytes() == nonces)
    var refused = 0
    for (description, mutated) in mutations(of: record) + [("another session", record)] {
        let expected = description == "another session" ? [UInt8](repeating: 8, count: 32) : session
        do {
            _ = try NonceStore.decode(mutated.encoded, session: expected, file: "n")
        } catch {
            refused += 1
            for part in [Array(nonces[0..<32]), Array(nonces[32..<64])] {
                #expect(!shows("\(error)", part), "\(description): \(error)")
            }
        }
    }
    #expect(refused > 10)
}

@Test func errorsFromADamagedDeviceStateNeverQuoteTheHostSeed() throws {
    let path = temporaryDirectory()
    let passphrase = Array("pw".utf8)
    let device = try DeviceDirectory.create(
        at: path, label: "Alice", passphrase: passphrase, parameters: .testOnly, seed: SecretBytes(secretPattern))
    let file = DeviceDirectory.statePath(path)
    guard let plaintext = try device.vault.read(file) else {
        Issue.record("no state")
        return
    }
    let state = try CBOR.decode(plaintext)
    var refused = 0
    for (description, mutated) in mutations(of: state) {
        try device.vault.write(mutated.encoded, to: file, file: "device-state")
        do {
            _ = try DeviceDirectory.open(at: path, passphrase: passphrase, hook: .none)
        } catch {
            refused += 1
            #expect(!shows("\(error)", secretPattern), "\(description): \(error)")
        }
    }
    #expect(refused > 5)
}
