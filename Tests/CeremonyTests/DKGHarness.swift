import Bitcoin
import FROST

@testable import Ceremony

/// An in-memory DKG: n host keys, a coordinator, and helpers to pass messages around (the optical channel).
struct DKGHarness {
    let hosts: [HostKey]
    let invite: DKGInvite
    var devices: [DKGDevice] = []
    var coordinator: DKGCoordinator
    static let now: UInt64 = 1_800_000_000

    init(suite: CeremonySuite, threshold: Int, count: Int, seedBase: UInt8 = 1, network: BitcoinNetwork? = nil) throws {
        hosts = try (0..<count).map { try HostKey(seed: fixedSeed(seedBase &+ UInt8($0)), label: "device \($0 + 1)") }
        invite = try DKGInvite(
            session: [UInt8](repeating: 0x5e, count: 32), suite: suite, threshold: threshold,
            roster: hosts.map(\.identity), groupLabel: "test group", expiry: DKGHarness.now + 3600, network: network)
        coordinator = DKGCoordinator(invite: invite)
    }

    static func randomness(_ index: Int) -> [UInt8] { [UInt8](repeating: UInt8(index), count: 32) }

    /// Step 1 on every device; returns the contribution envelopes.
    mutating func contribute() throws -> [DeviceEnvelope] {
        var envelopes: [DeviceEnvelope] = []
        devices = []
        for (offset, host) in hosts.enumerated() {
            let transition = try DKGDevice.accept(
                invite: invite, host: host, now: DKGHarness.now, randomness: DKGHarness.randomness(offset + 1))
            devices.append(transition.device)
            envelopes += transition.outgoing
        }
        return envelopes
    }

    /// Feeds envelopes to the coordinator, returning what it outputs last.
    mutating func coordinate(_ envelopes: [DeviceEnvelope]) throws -> [CoordinatorOutput] {
        var outputs: [CoordinatorOutput] = []
        for envelope in envelopes {
            let transition = try coordinator.handle(envelope)
            coordinator = transition.coordinator
            outputs += transition.outgoing
        }
        return outputs
    }

    /// Delivers one coordinator message to every device; returns their replies and events.
    mutating func deliver(_ message: DKGDevice.Incoming) throws -> (replies: [DeviceEnvelope], events: [DKGDeviceEvent])
    {
        var replies: [DeviceEnvelope] = []
        var events: [DKGDeviceEvent] = []
        for index in devices.indices {
            let transition = try devices[index].handle(message, host: hosts[index])
            devices[index] = transition.device
            replies += transition.outgoing
            events += transition.events
        }
        return (replies, events)
    }

    /// Runs the whole DKG honestly; returns every device's group record.
    mutating func run() throws -> [GroupRecord] { try runMessages().records }

    /// A whole honest DKG, with every message it made: the contributions, the bundle, the transcript signatures, the
    /// certificate, and each device's record.
    mutating func runMessages() throws -> (
        contributions: [DeviceEnvelope], bundle: DKGBundle, transcriptSignatures: [DeviceEnvelope],
        certificate: DKGCertificate, records: [GroupRecord]
    ) {
        let contributions = try contribute()
        guard case .bundle(let bundle)? = try coordinate(contributions).last else { throw HarnessError.missing("bundle") }
        let signed = try deliver(.bundle(bundle))
        guard case .certificate(let certificate)? = try coordinate(signed.replies).last else {
            throw HarnessError.missing("certificate")
        }
        let records = try deliver(.certificate(certificate)).events.compactMap { event -> GroupRecord? in
            if case .keyReady(let record) = event { return record }
            return nil
        }
        return (contributions, bundle, signed.replies, certificate, records)
    }
}

enum HarnessError: Error { case missing(String) }

/// Signers over a finished DKG, each with its own nonce store in a temporary directory.
struct SigningHarness {
    let records: [GroupRecord]
    let signers: [SigningDevice]
    let vault: StateVault

    init(dkg: DKGHarness, records: [GroupRecord], directory: String = temporaryDirectory()) throws {
        self.records = records.sorted { $0.index < $1.index }
        let vault = try StateVault.create(passphrase: Array("pw".utf8), parameters: .testOnly)
        self.vault = vault
        signers = try dkg.hosts.enumerated().map { offset, host in
            SigningDevice(
                host: host, store: try NonceStore(directory: directory + "/device\(offset + 1)", vault: vault))
        }
    }

    func request(signers chosen: [Int], message: [UInt8], session: UInt8 = 0x77) throws -> SignRequest {
        try SignRequest(
            session: [UInt8](repeating: session, count: 32), suite: records[0].invite.suite,
            groupKey: records[0].groupKey, message: message, summary: "pay 1 coin to bob", signers: chosen,
            expiry: DKGHarness.now + 600, epoch: records[0].epoch)
    }

    /// Runs a whole signing session honestly; returns the signature and the coordinator's messages.
    func sign(_ request: SignRequest) throws -> (signature: [UInt8], package: SignPackage) {
        var coordinator = try SigningCoordinator(request: request, group: records[0])
        var outputs: [SigningOutput] = []
        for index in request.signers {
            let envelope = try signers[index - 1].commit(to: request, group: records[index - 1], now: DKGHarness.now)
            let transition = try coordinator.handle(envelope)
            coordinator = transition.coordinator
            outputs += transition.outgoing
        }
        guard case .package(let package)? = outputs.last else { throw HarnessError.missing("package") }
        for index in request.signers {
            let envelope = try signers[index - 1].sign(
                package, request: request, group: records[index - 1], now: DKGHarness.now)
            let transition = try coordinator.handle(envelope)
            coordinator = transition.coordinator
            outputs += transition.outgoing
        }
        guard case .result(let result)? = outputs.last else { throw HarnessError.missing("result") }
        return (result.signature, package)
    }
}

/// PSBTs for a secp256k1 group's wallet (issue 13 through the ceremony).
enum WalletPSBT {
    /// A PSBT spending `ours` of the wallet's receive addresses (inputs 0..<ours, with Taproot derivations) and
    /// `foreign` inputs of another wallet; output 0 pays 150,000 sat to a P2WPKH, output 1 returns 40,000 sat to
    /// change/3.
    static func make(_ wallet: TaprootWallet, ours: Int, foreign: Int = 0) throws -> PSBT {
        let other = try TaprootWallet(
            groupKey: wallet.groupKey, chainCode: [UInt8](repeating: 7, count: 32), network: wallet.network)
        let inputs = (0..<(ours + foreign)).map {
            TransactionInput(previousTxid: [UInt8](repeating: UInt8($0 + 1), count: 32), previousIndex: UInt32($0))
        }
        let change = try wallet.address(change: true, index: 3)
        var psbt = try PSBT(
            unsignedTransaction: BitcoinTransaction(
                version: 2, inputs: inputs,
                outputs: [
                    // A P2WPKH payee: a Taproot payee outside the wallet would make every plan derive the gap
                    // limit's 200 scripts, which costs the tests seconds.
                    TransactionOutput(
                        amount: 150_000, scriptPubKey: [0x00, 0x14] + [UInt8](repeating: 0xab, count: 20)),
                    TransactionOutput(amount: 40_000, scriptPubKey: change.scriptPubKey),
                ], lockTime: 0))
        for index in 0..<(ours + foreign) {
            let amount = UInt64(100_000 + index)
            if index < ours {
                psbt.addWalletInput(
                    index, address: try wallet.address(change: false, index: UInt32(index)),
                    fingerprint: wallet.fingerprint, amount: amount)
            } else {
                psbt.addWalletInput(
                    index, address: try other.address(change: false, index: UInt32(index)), fingerprint: [9, 9, 9, 9],
                    amount: amount)
            }
        }
        psbt.addWalletOutput(1, address: change, fingerprint: wallet.fingerprint)
        return psbt
    }
}

extension SigningHarness {
    /// A request to sign `psbt` (no message).
    func request(signers chosen: [Int], psbt: PSBT, session: UInt8 = 0x77) throws -> SignRequest {
        try SignRequest(
            session: [UInt8](repeating: session, count: 32), suite: records[0].invite.suite,
            groupKey: records[0].groupKey, message: [], summary: "a PSBT", signers: chosen,
            expiry: DKGHarness.now + 600, psbt: psbt.serialized)
    }

    /// Runs a whole signing session honestly and returns the coordinator at the end.
    func coordinate(_ request: SignRequest) throws -> SigningCoordinator {
        var coordinator = try SigningCoordinator(request: request, group: records[0])
        for index in request.signers {
            coordinator = try coordinator.handle(
                try signers[index - 1].commit(to: request, group: records[index - 1], now: DKGHarness.now)
            ).coordinator
        }
        guard let package = coordinator.package else { throw HarnessError.missing("package") }
        for index in request.signers {
            coordinator = try coordinator.handle(
                try signers[index - 1].sign(package, request: request, group: records[index - 1], now: DKGHarness.now)
            ).coordinator
        }
        return coordinator
    }
}
