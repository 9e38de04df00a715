import DeterministicCBOR
import Testing
import UniformResources

@testable import Ceremony

/// Every message of a 2-of-3 ceremony, as URs.
private func ceremonyURs() throws -> [UR] {
    var dkg = try DKGHarness(suite: .ed25519, threshold: 2, count: 3)
    let (contributions, bundle, transcriptSignatures, certificate, records) = try dkg.runMessages()
    let signing = try SigningHarness(dkg: dkg, records: records)
    let request = try signing.request(signers: [1, 2], message: [1])
    let (_, package) = try signing.sign(request)
    let investigation = DKGInvestigation(
        session: dkg.invite.session, parametersHash: dkg.invite.parametersHash, recipient: 1,
        contributions: contributions)
    return try [
        dkg.hosts[0].identity.ur, dkg.invite.ur, contributions[0].ur, bundle.ur, transcriptSignatures[0].ur,
        investigation.ur, certificate.ur, records[0].ur, request.ur, package.ur, package.commitments[0].ur,
        SignResult(
            session: request.session, parametersHash: request.parametersHash,
            signature: [UInt8](repeating: 1, count: 64)
        ).ur,
    ]
}

@Test func everyMessageRoundTripsThroughItsOwnURType() throws {
    let urs = try ceremonyURs()
    #expect(Set(urs.map(\.type)).count == urs.count, "each message has its own UR type")
    for ur in urs {
        let parsed = try UR(parsing: ur.string)
        #expect(parsed == ur)
        _ = try AnyCeremonyMessage(ur: parsed)
    }
}

@Test func hostileBytesAreTypedErrors() throws {
    for ur in try ceremonyURs() {
        // Another type's name on the same payload.
        let renamed = try UR(type: ur.type == DKGBundle.urType ? DKGInvite.urType : DKGBundle.urType, cbor: ur.cbor)
        #expect(throws: CeremonyError.self, "\(ur.type) under another type") { _ = try AnyCeremonyMessage(ur: renamed) }
        // Every truncation of the payload.
        for length in stride(from: 0, to: ur.cbor.count, by: max(1, ur.cbor.count / 40)) {
            let cut = try UR(type: ur.type, cbor: Array(ur.cbor.prefix(length)))
            #expect(throws: CeremonyError.self, "\(ur.type) cut to \(length)") { _ = try AnyCeremonyMessage(ur: cut) }
        }
        // An unknown field at the top level: named, or, for a message already at its type's bounds (fixed-size
        // messages are), refused by size or by the decoder before the fields are read.
        let item = try CBOR.decode(ur.cbor)
        if var map = item.mapValue {
            map[77] = 0
            let extended = try UR(type: ur.type, cbor: CBOR.map(map).encoded)
            let bounds = CeremonyProtocol.bounds(of: ur.type)
            do {
                _ = try AnyCeremonyMessage(ur: extended)
                Issue.record("\(ur.type) accepted an unknown field")
            } catch CeremonyError.unknownField(_, let key) {
                #expect(key == "77")
            } catch CeremonyError.cbor(.itemLimitExceeded(_, let limit)) {
                #expect(limit == bounds.maxItems && itemCount(CBOR.map(map)) > bounds.maxItems, "\(ur.type)")
            } catch CeremonyError.messageTooLarge(_, let size, let limit) {
                #expect(limit == bounds.maxBytes && size > bounds.maxBytes, "\(ur.type)")
            }
        }
    }
}

@Test func oversizedAndUnknownMessagesAreRefused() throws {
    let huge = [UInt8](repeating: 0, count: CeremonyProtocol.maxMessageBytes + 1)
    #expect(
        throws: CeremonyError.messageTooLarge(
            message: DKGBundle.urType, size: huge.count,
            limit: CeremonyProtocol.bounds(of: DKGBundle.urType).maxBytes)
    ) {
        _ = try DKGBundle(encoded: huge)
    }
    #expect(throws: CeremonyError.wrongURType(expected: "a heliograph ceremony message", got: "bytes")) {
        _ = try AnyCeremonyMessage(ur: UR(type: "bytes", cbor: [0x40]))
    }
    let version2 = CBOR.map(CBORMap([(0, 2)]))
    #expect(throws: CeremonyError.unsupportedVersion(message: SignResult.urType, version: 2)) {
        _ = try SignResult(cbor: version2)
    }
    #expect(throws: CeremonyError.wrongType(message: "device message", field: "payload", expected: "a map")) {
        _ = try DeviceEnvelope(
            cbor: .map(
                CBORMap([
                    (0, 1), (1, 1), (2, .bytes([UInt8](repeating: 0, count: 32))),
                    (3, .bytes([UInt8](repeating: 0, count: 32))),
                    (4, 1), (5, .array([])), (6, .bytes([UInt8](repeating: 0, count: 64))),
                ])))
    }
}

/// Random bytes and random byte flips of real messages never crash a decoder or a state machine: they decode
/// strictly (then every handler either accepts or throws a typed error) or throw `CeremonyError`.
@Test func randomAndFlippedBytesNeverCrash() throws {
    var generator = SystemRandomNumberGenerator()
    let urs = try ceremonyURs()
    var dkg = try DKGHarness(suite: .ed25519, threshold: 2, count: 3)
    _ = try dkg.contribute()
    var decoded = 0
    for round in 0..<3000 {
        let base = urs[round % urs.count]
        var bytes = base.cbor
        if round % 3 == 0 {
            bytes = (0..<Int.random(in: 0..<200, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
        } else {
            for _ in 0..<Int.random(in: 1...4, using: &generator) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] ^= UInt8.random(
                    in: 1...255, using: &generator)
            }
        }
        do {
            let message = try AnyCeremonyMessage(ur: UR(type: base.type, cbor: bytes))
            decoded += 1
            switch message {
            case .dkgBundle(let bundle): _ = try? dkg.devices[0].handle(.bundle(bundle), host: dkg.hosts[0])
            case .dkgCertificate(let certificate):
                _ = try? dkg.devices[0].handle(.certificate(certificate), host: dkg.hosts[0])
            case .device(let envelope): _ = try? dkg.coordinator.handle(envelope)
            default: break
            }
        } catch is CeremonyError {
        }
    }
    #expect(decoded < 3000)
}
