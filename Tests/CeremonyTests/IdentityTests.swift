import DeterministicCBOR
import Testing

@testable import Ceremony

@Test func identityRoundTripsThroughCBOR() throws {
    let identity = try HostKey(seed: fixedSeed(3), label: "carol ✓").identity
    let decoded = try Identity(cbor: CBOR.decode(identity.cbor.encoded))
    #expect(decoded == identity)
    #expect(decoded.fingerprint == identity.fingerprint)
}

@Test func fingerprintCoversEveryField() throws {
    let identity = try HostKey(seed: fixedSeed(3), label: "carol").identity
    let relabelled = Identity(label: "carol2", signingKey: identity.signingKey, agreementKey: identity.agreementKey)
    var otherX = identity.agreementKey
    otherX[0] ^= 1
    let rekeyed = Identity(label: "carol", signingKey: identity.signingKey, agreementKey: otherX)
    #expect(relabelled.fingerprint != identity.fingerprint)
    #expect(rekeyed.fingerprint != identity.fingerprint)
}

@Test func identityDecodingIsStrict() throws {
    let identity = try HostKey(seed: fixedSeed(3), label: "carol").identity
    guard var map = identity.cbor.mapValue else {
        Issue.record("not a map")
        return
    }
    var extra = map
    extra[9] = 1
    #expect(throws: CeremonyError.unknownField(message: "identity", key: "9")) { try Identity(cbor: .map(extra)) }
    map[2] = .bytes([1, 2, 3])
    #expect(throws: CeremonyError.self) { try Identity(cbor: .map(map)) }
    map[2] = .text("key")
    #expect(throws: CeremonyError.self) { try Identity(cbor: .map(map)) }
    #expect(throws: CeremonyError.self) { try Identity(cbor: .array([])) }
}
