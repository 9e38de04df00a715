import DeterministicCBOR
import Foundation
import FROST
import UniformResources

@testable import Ceremony

/// libFuzzer entry for every Ceremony decoder (Vectors/ceremony/REGISTRY.md messages, device envelopes and their
/// round payloads, backups, stored device and coordinator states, nonce records). Byte 0 picks the decoder, the
/// rest is its input. Every input either fails with a `CeremonyError` or decodes to a value whose encoding is
/// exactly the input (strict decoding: one encoding per value).
///
/// `HELIOGRAPH_FUZZ_WRITE_SEEDS=DIR` makes the binary run an honest 2-of-3 DKG and signing session in memory,
/// write every message it produced to DIR as seeds (selector byte + encoding) and exit.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCeremony(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let selector = input.first else { return 0 }
    let body = Array(input.dropFirst())
    switch Decoder(rawValue: selector % UInt8(Decoder.allCases.count)) ?? .identity {
    case .identity: roundTrip(Identity.self, body)
    case .invite: roundTrip(DKGInvite.self, body)
    case .bundle: roundTrip(DKGBundle.self, body)
    case .investigation: roundTrip(DKGInvestigation.self, body)
    case .certificate: roundTrip(DKGCertificate.self, body)
    case .groupRecord: roundTrip(GroupRecord.self, body)
    case .signRequest: roundTrip(SignRequest.self, body)
    case .signPackage: roundTrip(SignPackage.self, body)
    case .signResult: roundTrip(SignResult.self, body)
    case .envelope:
        guard let envelope = typed({ try DeviceEnvelope(encoded: body) }) else { return 0 }
        precondition(envelope.encoded == body, "device envelope re-encodes differently")
        _ = envelope.verifies(signingKey: fixture.invite.roster[0].signingKey)
        switch envelope.round {
        case .dkgContribution:
            if let contribution = typed({ try DKGContribution(payload: envelope.payload, invite: fixture.invite) }) {
                precondition(contribution.payload == envelope.payload, "contribution re-encodes differently")
            }
            // A secp256k1 contribution carries ChillDKG's participant message 1, which the coordinator parses too.
            if let message = typed({
                try ChillDKGKeyGeneration.participantMessage1(envelope.payload, invite: fixture.secpInvite)
            }) {
                _ = try? ChillDKGKeyGeneration.checkContribution(
                    .map(CBORMap([(4, .bytes(message))])), invite: fixture.secpInvite, sender: 1)
            }
        case .dkgTranscriptSignature:
            if let payload = typed({ try DKGTranscriptPayload(payload: envelope.payload) }) {
                precondition(payload.payload == envelope.payload, "transcript payload re-encodes differently")
            }
            if let signature = typed({ try ChillDKGKeyGeneration.certEqSignature(envelope.payload) }) {
                precondition(.map(CBORMap([(2, .bytes(signature))])) == envelope.payload, "CertEq payload differs")
            }
        case .dkgComplaint:
            if let payload = typed({ try DKGComplaintPayload(payload: envelope.payload) }) {
                precondition(payload.payload == envelope.payload, "complaint payload re-encodes differently")
            }
        case .signCommitment:
            if let payload = typed({ try SignCommitmentPayload(payload: envelope.payload) }) {
                precondition(payload.payload == envelope.payload, "commitment payload re-encodes differently")
                // The elements themselves are FROST's to refuse (FROSTError), as the signer does when it uses them.
                _ = try? payload.commitments(Ed25519Sha512.self, count: payload.pairs.count)
                _ = try? payload.commitments(Ristretto255Sha512.self, count: payload.pairs.count)
                _ = try? payload.commitments(Secp256k1Sha256.self, count: payload.pairs.count)
            }
        case .signShare:
            if let payload = typed({ try SignSharePayload(payload: envelope.payload) }) {
                precondition(payload.payload == envelope.payload, "share payload re-encodes differently")
            }
        case .nonceBatch:
            if let payload = typed({ try NonceBatchPayload(payload: envelope.payload) }) {
                precondition(payload.payload == envelope.payload, "nonce batch payload re-encodes differently")
            }
        case .refreshContribution:
            if let payload = typed({ try RefreshContribution(payload: envelope.payload, t: 2, n: 3) }) {
                precondition(payload.payload == envelope.payload, "refresh contribution re-encodes differently")
                _ = try? RefreshMath<Ed25519Sha512>.commitment(payload, roster: fixture.invite.roster, sender: 1)
                _ = try? RefreshMath<Secp256k1Sha256>.commitment(payload, roster: fixture.invite.roster, sender: 1)
            }
        case .refreshTranscriptSignature, .enrollTranscriptSignature:
            if let payload = typed({ try DKGTranscriptPayload(payload: envelope.payload) }) {
                precondition(payload.payload == envelope.payload, "transcript payload re-encodes differently")
            }
        case .enrollDeltas:
            if let payload = typed({ try EnrollmentDeltas(payload: envelope.payload, helpers: 2) }) {
                precondition(payload.payload == envelope.payload, "enrollment deltas re-encode differently")
            }
        case .enrollSigma:
            if let payload = typed({ try EnrollmentSigma(payload: envelope.payload) }) {
                precondition(payload.payload == envelope.payload, "enrollment sigma re-encodes differently")
            }
        }
    case .backup:
        if let backup = typed({ try DeviceBackup(cbor: try CeremonyProtocol.decode(body, message: "backup")) }) {
            precondition(backup.exposeCBOR().encoded == body, "backup re-encodes differently")
        }
    case .dkgDeviceState:
        if let device = typed({ try DKGDevice(cbor: try CeremonyProtocol.decode(body, message: "state")) }) {
            precondition(device.cbor.encoded == body, "DKG device state re-encodes differently")
        }
    case .dkgCoordinatorState:
        if let state = typed({ try DKGCoordinator(cbor: try CeremonyProtocol.decode(body, message: "state")) }) {
            _ = state.cbor.encoded
        }
    case .signCoordinatorState:
        if let state = typed({ try SigningCoordinator(cbor: try CeremonyProtocol.decode(body, message: "state")) }) {
            _ = state.cbor.encoded
        }
    case .nonceRecord:
        let session = body.count >= 32 ? Array(body.suffix(32)) : [UInt8](repeating: 0, count: 32)
        _ = typed({ try NonceStore.decode(body, session: session, file: "fuzz") })
    case .signOneRound: roundTrip(SignOneRound.self, body)
    case .refreshInvite: roundTrip(RefreshInvite.self, body)
    case .refreshBundle: roundTrip(RefreshBundle.self, body)
    case .refreshCertificate: roundTrip(RefreshCertificate.self, body)
    case .enrollInvite: roundTrip(EnrollmentInvite.self, body)
    case .enrollBundle: roundTrip(EnrollmentBundle.self, body)
    case .enrollCertificate: roundTrip(EnrollmentCertificate.self, body)
    case .refreshDeviceState:
        if let device = typed({ try RefreshDevice(cbor: try CeremonyProtocol.decode(body, message: "state"), t: 2, n: 3) }) {
            precondition(device.cbor.encoded == body, "refresh device state re-encodes differently")
        }
    case .enrollDeviceState:
        if let device = typed({ try EnrollmentDevice(cbor: try CeremonyProtocol.decode(body, message: "state")) }) {
            precondition(device.cbor.encoded == body, "enrollment device state re-encodes differently")
        }
    case .refreshCoordinatorState:
        if let state = typed({ try RefreshCoordinator(cbor: try CeremonyProtocol.decode(body, message: "state")) }) {
            _ = state.cbor.encoded
        }
    case .enrollCoordinatorState:
        if let state = typed({ try EnrollmentCoordinator(cbor: try CeremonyProtocol.decode(body, message: "state")) }) {
            _ = state.cbor.encoded
        }
    case .nonceBatchRecord:
        // The record, then the group key and batch id it is read under.
        guard body.count >= 64 else { return 0 }
        let key = Array(body.suffix(64))
        _ = typed({
            try NonceBatchStore.decode(
                Array(body.dropLast(64)), groupKey: Array(key.prefix(32)), batch: Array(key.suffix(32)), file: "fuzz")
        })
    case .anyUR:
        // What the CLI does with a scanned string: a UR (URError if not one), then a message by its UR type.
        guard let ur = try? UR(parsing: String(decoding: body, as: UTF8.self)) else { return 0 }
        if let message = typed({ try AnyCeremonyMessage(ur: ur) }) {
            precondition(message.urType == ur.type, "a message decoded under another UR type")
        }
    }
    return 0
}

enum Decoder: UInt8, CaseIterable {
    case identity, invite, bundle, investigation, certificate, groupRecord, signRequest, signPackage, signResult
    case envelope, backup, dkgDeviceState, dkgCoordinatorState, signCoordinatorState, nonceRecord, anyUR
    case signOneRound, nonceBatchRecord
    case refreshInvite, refreshBundle, refreshCertificate, enrollInvite, enrollBundle, enrollCertificate
    case refreshDeviceState, enrollDeviceState, refreshCoordinatorState, enrollCoordinatorState
}

func roundTrip<M: CeremonyMessage & Equatable>(_: M.Type, _ body: [UInt8]) {
    guard let message = typed({ try M(encoded: body) }) else { return }
    precondition(message.encoded == body, "\(M.urType) re-encodes differently")
    precondition(typed({ try M(ur: try message.ur) }) == message, "\(M.urType) does not survive its UR")
}

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

/// A fixed 2-of-3 roster, for the payload decoders that need an invite.
struct Fixture {
    let hosts: [HostKey]
    let invite: DKGInvite
    /// The same roster in a secp256k1 (ChillDKG) session.
    let secpInvite: DKGInvite

    init() {
        do {
            hosts = try (1...3).map {
                try HostKey(seed: SecretBytes([UInt8](repeating: $0, count: 32)), label: "device \($0)")
            }
            invite = try DKGInvite(
                session: [UInt8](repeating: 0x5e, count: 32), suite: .ed25519, threshold: 2,
                roster: hosts.map(\.identity), groupLabel: "fuzz group", expiry: 1_800_003_600)
            secpInvite = try DKGInvite(
                session: [UInt8](repeating: 0x5e, count: 32), suite: .secp256k1, threshold: 2,
                roster: hosts.map(\.identity), groupLabel: "fuzz group", expiry: 1_800_003_600)
        } catch {
            preconditionFailure("fixture: \(error)")
        }
    }
}

let fixture = Fixture()

@_cdecl("LLVMFuzzerInitialize")
public func fuzzCeremonyInitialize(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    guard let directory = ProcessInfo.processInfo.environment["HELIOGRAPH_FUZZ_WRITE_SEEDS"] else { return 0 }
    do {
        try writeSeeds(to: directory)
    } catch {
        FileHandle.standardError.write(Data("seed generation failed: \(error)\n".utf8))
        exit(1)
    }
    exit(0)
}

/// Runs an honest 2-of-3 DKG and signing session on both suites and writes every message as a seed.
func writeSeeds(to directory: String) throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    var count = 0
    func seed(_ decoder: Decoder, _ bytes: [UInt8]) {
        count += 1
        let path = directory + "/seed-\(decoder)-\(count)"
        _ = FileManager.default.createFile(atPath: path, contents: Data([decoder.rawValue] + bytes))
    }
    func seedUR(_ ur: UR) {
        count += 1
        let path = directory + "/seed-ur-\(ur.type)-\(count)"
        let bytes = [Decoder.anyUR.rawValue] + Array(ur.string.utf8)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    }
    let now: UInt64 = 1_800_000_000
    for suite in CeremonySuite.allCases {
        let invite = try DKGInvite(
            session: [UInt8](repeating: 0x5e, count: 32), suite: suite, threshold: 2,
            roster: fixture.hosts.map(\.identity), groupLabel: "fuzz group", expiry: now + 3600)
        seed(.invite, invite.encoded)
        seed(.identity, invite.roster[0].encoded)
        seedUR(try invite.ur)
        var coordinator = DKGCoordinator(invite: invite)
        var devices: [DKGDevice] = []
        var bundle: DKGBundle?
        for (offset, host) in fixture.hosts.enumerated() {
            let transition = try DKGDevice.accept(
                invite: invite, host: host, now: now, randomness: [UInt8](repeating: UInt8(offset + 1), count: 32))
            devices.append(transition.device)
            for envelope in transition.outgoing {
                seed(.envelope, envelope.encoded)
                let step = try coordinator.handle(envelope)
                coordinator = step.coordinator
                for case .bundle(let made) in step.outgoing { bundle = made }
            }
        }
        seed(.dkgDeviceState, devices[0].cbor.encoded)
        seed(.dkgCoordinatorState, coordinator.cbor.encoded)
        guard let bundle else { throw CeremonyError.malformedMessage(message: "seed", reason: "no bundle") }
        seed(.bundle, bundle.encoded)
        seedUR(try bundle.ur)
        var certificate: DKGCertificate?
        for index in devices.indices {
            let transition = try devices[index].handle(.bundle(bundle), host: fixture.hosts[index])
            devices[index] = transition.device
            for envelope in transition.outgoing {
                seed(.envelope, envelope.encoded)
                let step = try coordinator.handle(envelope)
                coordinator = step.coordinator
                for case .certificate(let made) in step.outgoing { certificate = made }
            }
        }
        guard let certificate else { throw CeremonyError.malformedMessage(message: "seed", reason: "no certificate") }
        seed(.certificate, certificate.encoded)
        var records: [GroupRecord] = []
        for index in devices.indices {
            let transition = try devices[index].handle(.certificate(certificate), host: fixture.hosts[index])
            devices[index] = transition.device
            for case .keyReady(let record) in transition.events { records.append(record) }
        }
        seed(.dkgDeviceState, devices[0].cbor.encoded)
        seed(.groupRecord, records[0].encoded)
        let backup = DeviceBackup(seed: SecretBytes([UInt8](repeating: 1, count: 32)), label: "device 1",
                                  groups: [records[0]])
        seed(.backup, backup.exposeCBOR().encoded)
        try writeLifecycleSeeds(records: records, now: now, seed: seed, seedUR: seedUR)

        let store = NSTemporaryDirectory() + "heliograph-fuzz-seeds-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: store) }
        let vault = try StateVault.create(passphrase: Array("pw".utf8), parameters: .testOnly)
        let signers = try fixture.hosts.enumerated().map { offset, host in
            SigningDevice(host: host, store: try NonceStore(directory: store + "/d\(offset)", vault: vault))
        }
        let request = try SignRequest(
            session: [UInt8](repeating: 0x77, count: 32), suite: suite, groupKey: records[0].groupKey,
            message: Array("fuzz".utf8), summary: "seed", signers: [1, 3], expiry: now + 600)
        seed(.signRequest, request.encoded)
        var signing = try SigningCoordinator(request: request, group: records[0])
        var package: SignPackage?
        for index in request.signers {
            let envelope = try signers[index - 1].commit(to: request, group: records[index - 1], now: now)
            seed(.envelope, envelope.encoded)
            let step = try signing.handle(envelope)
            signing = step.coordinator
            for case .package(let made) in step.outgoing { package = made }
        }
        guard let package else { throw CeremonyError.malformedMessage(message: "seed", reason: "no package") }
        seed(.signPackage, package.encoded)
        seedUR(try package.ur)
        for index in request.signers {
            let envelope = try signers[index - 1].sign(package, request: request, group: records[index - 1], now: now)
            seed(.envelope, envelope.encoded)
            let step = try signing.handle(envelope)
            signing = step.coordinator
            for case .result(let result) in step.outgoing { seed(.signResult, result.encoded) }
        }
        seed(.signCoordinatorState, signing.cbor.encoded)

        // Issue 16: batches of preprocessed commitments, a one-round package and a device's batch record.
        let keeper = try CoordinatorDirectory(path: store + "/coordinator")
        try keeper.keep(records[0])
        for index in request.signers {
            let batch = try signers[index - 1].issueBatch(group: records[index - 1], count: 2, now: now)
            seed(.envelope, batch.encoded)
            try keeper.keepBatch(batch, group: records[0])
        }
        let oneRound = try keeper.startOneRoundSigning(
            try SignRequest(
                session: [UInt8](repeating: 0x78, count: 32), suite: suite, groupKey: records[0].groupKey,
                message: Array("one round".utf8), summary: "seed", signers: [1, 3], expiry: now + 600),
            group: records[0])
        seed(.signOneRound, oneRound.encoded)
        seedUR(try oneRound.ur)
        let batches = signers[0].batches
        for batch in batches.batches(groupKey: records[0].groupKey) {
            if var plaintext = try vault.read(batches.path(groupKey: records[0].groupKey, batch: batch)) {
                seed(.nonceBatchRecord, plaintext + records[0].groupKey + batch)
                wipe(&plaintext)
            }
        }
    }
    print("wrote \(count) seeds to \(directory)")
    fflush(stdout)
}

/// Seeds of the key lifecycle (issue 15): an honest refresh of the group of `records`, then the enrollment of a new
/// device in member 3's place helped by members 1 and 2, every message, state and the group record at the end.
func writeLifecycleSeeds(
    records: [GroupRecord], now: UInt64, seed: (Decoder, [UInt8]) -> Void, seedUR: (UR) -> Void
) throws {
    let group = records[0]
    let invite = try RefreshInvite(session: [UInt8](repeating: 0x7e, count: 32), group: group, expiry: now + 3600)
    seed(.refreshInvite, invite.encoded)
    seedUR(try invite.ur)
    var coordinator = try RefreshCoordinator(invite: invite, group: group)
    var devices: [RefreshDevice] = []
    var outputs: [RefreshOutput] = []
    // Each device message seeded, then handed to the coordinator; what it shows is kept.
    func relay(_ envelopes: [DeviceEnvelope]) throws {
        for envelope in envelopes {
            seed(.envelope, envelope.encoded)
            let step = try coordinator.handle(envelope)
            coordinator = step.coordinator
            outputs += step.outgoing
        }
    }
    for (offset, host) in fixture.hosts.enumerated() {
        let transition = try RefreshDevice.accept(invite: invite, group: records[offset], host: host, now: now)
        devices.append(transition.device)
        try relay(transition.outgoing)
    }
    seed(.refreshDeviceState, devices[0].cbor.encoded)
    guard case .bundle(let bundle)? = outputs.last else {
        throw CeremonyError.malformedMessage(message: "seed", reason: "no refresh bundle")
    }
    seed(.refreshBundle, bundle.encoded)
    for index in devices.indices {
        let transition = try devices[index].handle(.bundle(bundle), group: records[index], host: fixture.hosts[index])
        devices[index] = transition.device
        try relay(transition.outgoing)
    }
    seed(.refreshDeviceState, devices[0].cbor.encoded)
    seed(.refreshCoordinatorState, coordinator.cbor.encoded)
    guard case .certificate(let certificate)? = outputs.last, let refreshed = coordinator.record else {
        throw CeremonyError.malformedMessage(message: "seed", reason: "no refresh certificate")
    }
    seed(.refreshCertificate, certificate.encoded)
    seed(.groupRecord, refreshed.encoded)

    let newcomer = try HostKey(seed: SecretBytes([UInt8](repeating: 9, count: 32)), label: "new device")
    let enroll = try EnrollmentInvite(
        session: [UInt8](repeating: 0x3e, count: 32), group: refreshed, member: 3, newcomer: newcomer.identity,
        helpers: [1, 2], expiry: now + 3600)
    seed(.enrollInvite, enroll.encoded)
    seedUR(try enroll.ur)
    var enrolling = try EnrollmentCoordinator(invite: enroll, group: refreshed)
    let parties = [(fixture.hosts[0], refreshed.forMember(1)), (fixture.hosts[1], refreshed.forMember(2)),
                   (newcomer, refreshed)]
    var members: [EnrollmentDevice] = []
    var shown: [EnrollmentOutput] = []
    func relayEnrollment(_ envelopes: [DeviceEnvelope]) throws {
        for envelope in envelopes {
            seed(.envelope, envelope.encoded)
            let step = try enrolling.handle(envelope)
            enrolling = step.coordinator
            shown += step.outgoing
        }
    }
    for (host, record) in parties {
        let transition = try EnrollmentDevice.accept(invite: enroll, group: record, host: host, now: now)
        members.append(transition.device)
        try relayEnrollment(transition.outgoing)
    }
    guard case .bundle(let deltas)? = shown.last else {
        throw CeremonyError.malformedMessage(message: "seed", reason: "no deltas")
    }
    seed(.enrollBundle, deltas.encoded)
    for index in 0..<2 {
        let transition = try members[index].handle(.bundle(deltas), group: parties[index].1, host: parties[index].0)
        members[index] = transition.device
        try relayEnrollment(transition.outgoing)
    }
    guard case .bundle(let full)? = shown.last else {
        throw CeremonyError.malformedMessage(message: "seed", reason: "no enrollment bundle")
    }
    seed(.enrollBundle, full.encoded)
    for index in members.indices {
        let transition = try members[index].handle(.bundle(full), group: parties[index].1, host: parties[index].0)
        members[index] = transition.device
        try relayEnrollment(transition.outgoing)
    }
    seed(.enrollDeviceState, members[2].cbor.encoded)
    seed(.enrollCoordinatorState, enrolling.cbor.encoded)
    guard case .certificate(let enrolled)? = shown.last, let record = enrolling.record else {
        throw CeremonyError.malformedMessage(message: "seed", reason: "no enrollment certificate")
    }
    seed(.enrollCertificate, enrolled.encoded)
    seed(.groupRecord, record.encoded)
}
