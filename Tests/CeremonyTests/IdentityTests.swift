import DeterministicCBOR
import FROST
import Testing
import UniformResources

@testable import Ceremony

@Test func identityRoundTripsThroughCBOR() throws {
    let identity = try HostKey(seed: fixedSeed(3), label: "carol ✓").identity
    let decoded = try Identity(cbor: CBOR.decode(identity.cbor.encoded))
    #expect(decoded == identity)
    #expect(decoded.fingerprint == identity.fingerprint)
}

@Test func fingerprintCoversEveryField() throws {
    let identity = try HostKey(seed: fixedSeed(3), label: "carol").identity
    let relabelled = Identity(
        label: "carol2", signingKey: identity.signingKey, agreementKey: identity.agreementKey,
        chillDKGHostKey: identity.chillDKGHostKey)
    var otherX = identity.agreementKey
    otherX[0] ^= 1
    let rekeyed = Identity(
        label: "carol", signingKey: identity.signingKey, agreementKey: otherX, chillDKGHostKey: identity.chillDKGHostKey)
    let other = try HostKey(seed: fixedSeed(4), label: "carol").identity
    let otherChillDKG = Identity(
        label: "carol", signingKey: identity.signingKey, agreementKey: identity.agreementKey,
        chillDKGHostKey: other.chillDKGHostKey)
    #expect(relabelled.fingerprint != identity.fingerprint)
    #expect(rekeyed.fingerprint != identity.fingerprint)
    #expect(otherChillDKG.fingerprint != identity.fingerprint)
}

/// The ChillDKG host key is hostpubkey_gen of BLAKE2b(key: host seed, personal "HGHost-ChillDKG1"), as HostKey and
/// REGISTRY.md document, and the identity carrying it is version 2.
@Test func theChillDKGHostKeyIsDerivedFromTheHostSeedAsDocumented() throws {
    let seed = fixedSeed(3)
    let identity = try HostKey(seed: seed, label: "carol").identity
    let secret = Sodium.blake2bPersonal([], key: seed.exposeSecretBytes(), personal: Array("HGHost-ChillDKG1".utf8))
    #expect(identity.chillDKGHostKey == (try ChillDKG.hostPublicKey(hostSecretKey: SecretBytes(secret))))
    #expect(identity.cbor.mapValue?[0] == .unsigned(2))
    #expect(identity.encoded.count == 1 + 5 + 1 + 6 + 68 + 35)
}

/// A version-1 identity (no ChillDKG host key) still decodes and re-encodes byte for byte; a version-2 identity must
/// carry a valid key and a version-1 identity none.
@Test func versionOneIdentitiesStillDecodeAndVersionTwoNeedsAValidChillDKGKey() throws {
    let identity = try HostKey(seed: fixedSeed(3), label: "carol").identity
    let old = Identity(
        label: "carol", signingKey: identity.signingKey, agreementKey: identity.agreementKey, chillDKGHostKey: nil)
    #expect(old.cbor.mapValue?[0] == .unsigned(1))
    let decoded = try Identity(encoded: old.encoded)
    #expect(decoded == old && decoded.encoded == old.encoded && decoded.chillDKGHostKey == nil)
    guard var map = identity.cbor.mapValue else {
        Issue.record("not a map")
        return
    }
    var badPrefix = identity.chillDKGHostKey ?? []
    badPrefix[0] = 5  // neither 02 nor 03
    map[4] = .bytes(badPrefix)
    #expect(throws: CeremonyError.self) { try Identity(cbor: .map(map)) }
    map[4] = nil
    #expect(throws: CeremonyError.missingField(message: "identity", field: "ChillDKG host key")) {
        try Identity(cbor: .map(map))
    }
    map[0] = 1
    map[4] = .bytes(identity.chillDKGHostKey ?? [])
    #expect(throws: CeremonyError.self) { try Identity(cbor: .map(map)) }
    map[0] = 3
    #expect(throws: CeremonyError.unsupportedVersion(message: "identity", version: 3)) {
        try Identity(cbor: .map(map))
    }
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

/// The small-order points of Curve25519 and its twist as X25519 u-coordinates (the list libsodium refuses): 0 and 1,
/// the two points of order 8, and p − 1, p and p + 1 (p = 2^255 − 19; p and p + 1 are non-canonical 0 and 1). Each
/// also with bit 255 set, which X25519 ignores (RFC 7748 §5): 14 encodings.
let smallOrderX25519Keys: [[UInt8]] = {
    let canonical = [
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    ].map { Base16.decode($0) ?? [] }
    return canonical + canonical.map { key in key.enumerated().map { $0 == 31 ? $1 | 0x80 : $1 } }
}()

/// Issue 11 item 7: an identity whose X25519 key is of small order is refused when it is decoded (scanned by the
/// coordinator, or inside an invite's roster at every device), with a typed error naming it; before, every device
/// failed later with no one to blame.
@Test(arguments: smallOrderX25519Keys)
func anIdentityWithASmallOrderX25519KeyIsRefused(key: [UInt8]) throws {
    let hosts = try (1...3).map { try HostKey(seed: fixedSeed(UInt8($0)), label: "device \($0)") }
    let honest = hosts[2].identity
    let forged = Identity(
        label: "mallory", signingKey: honest.signingKey, agreementKey: key, chillDKGHostKey: honest.chillDKGHostKey)
    #expect(throws: CeremonyError.smallOrderAgreementKey(label: "mallory")) { try Identity(encoded: forged.encoded) }
    #expect(throws: CeremonyError.smallOrderAgreementKey(label: "mallory")) {
        try AnyCeremonyMessage(ur: try forged.ur)
    }
    let invite = try DKGInvite(
        session: [UInt8](repeating: 0x5e, count: 32), suite: .ed25519, threshold: 2,
        roster: [hosts[0].identity, hosts[1].identity, forged], groupLabel: "test group", expiry: .max)
    #expect(throws: CeremonyError.smallOrderAgreementKey(label: "mallory")) { try DKGInvite(encoded: invite.encoded) }
}

@Test func everyHostKeyHasAnX25519KeyOfLargeOrder() throws {
    for byte in UInt8(0)...UInt8(40) {
        let identity = try HostKey(seed: fixedSeed(byte), label: "device").identity
        #expect(try Identity(encoded: identity.encoded) == identity)
    }
}
