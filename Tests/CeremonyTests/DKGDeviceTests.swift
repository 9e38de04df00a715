import FROST
import Testing

@testable import Ceremony

/// Σ λ_i s_i over the first t devices, times G: must be the group key (shares of one secret).
private func interpolates<C: Ciphersuite>(_ records: [GroupRecord], hosts: [HostKey], _: C.Type) throws -> Bool {
    let t = records[0].invite.threshold
    let chosen = Array(records.prefix(t))
    let identifiers = try chosen.map { try Identifier<C>(UInt64($0.index)) }
    var sum = Element<C>.identity
    for record in chosen {
        let material = try record.keyMaterial(host: hosts[record.index - 1], as: C.self)
        let lambda = try lagrangeCoefficient(for: material.keyPackage.identifier, in: identifiers)
        sum = sum + lambda * material.keyPackage.verifyingShare.element
    }
    return sum == material(records[0], hosts, C.self)
}

private func material<C: Ciphersuite>(_ record: GroupRecord, _ hosts: [HostKey], _: C.Type) -> Element<C>? {
    try? record.keyMaterial(host: hosts[record.index - 1], as: C.self).publicKeyPackage.verifyingKey.element
}

@Test(arguments: [(CeremonySuite.ed25519, 2, 3), (.ristretto255, 2, 3), (.ed25519, 3, 5), (.ristretto255, 3, 5)])
func honestDKGGivesEveryDeviceTheSameUsableKey(suite: CeremonySuite, threshold: Int, count: Int) throws {
    var harness = try DKGHarness(suite: suite, threshold: threshold, count: count)
    let records = try harness.run()
    #expect(records.count == count)
    let keys = try Set(records.map { try $0.groupKey })
    #expect(keys.count == 1)
    switch suite {
    case .ed25519: #expect(try interpolates(records, hosts: harness.hosts, Ed25519Sha512.self))
    case .ristretto255: #expect(try interpolates(records, hosts: harness.hosts, Ristretto255Sha512.self))
    }
}
