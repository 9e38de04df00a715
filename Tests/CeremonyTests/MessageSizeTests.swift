import Foundation
import Testing

@testable import Ceremony

/// The encoded size of every message of a full ceremony (DKG then one signing by t signers).
struct CeremonySizes: CustomStringConvertible {
    var invite = 0, contribution = 0, bundle = 0, transcriptSignature = 0, certificate = 0
    var request = 0, commitment = 0, package = 0, share = 0, result = 0
    var description: String {
        "invite \(invite), contribution \(contribution), bundle \(bundle), "
            + "transcript-signature \(transcriptSignature), "
            + "certificate \(certificate), request \(request), commitment \(commitment), package \(package), "
            + "share \(share), result \(result)"
    }
}

func measure(threshold: Int, count: Int) throws -> CeremonySizes {
    var dkg = try DKGHarness(suite: .ed25519, threshold: threshold, count: count)
    var sizes = CeremonySizes()
    sizes.invite = dkg.invite.encoded.count
    let contributions = try dkg.contribute()
    sizes.contribution = contributions[0].encoded.count
    guard case .bundle(let bundle)? = try dkg.coordinate(contributions).last else { throw HarnessError.missing("b") }
    sizes.bundle = bundle.encoded.count
    let signed = try dkg.deliver(.bundle(bundle))
    sizes.transcriptSignature = signed.replies[0].encoded.count
    guard case .certificate(let certificate)? = try dkg.coordinate(signed.replies).last else {
        throw HarnessError.missing("c")
    }
    sizes.certificate = certificate.encoded.count
    let records = try dkg.deliver(.certificate(certificate)).events.compactMap { event -> GroupRecord? in
        if case .keyReady(let record) = event { return record }
        return nil
    }
    let signing = try SigningHarness(dkg: dkg, records: records)
    let request = try signing.request(signers: Array(1...threshold), message: [UInt8](repeating: 0xab, count: 32))
    sizes.request = request.encoded.count
    var coordinator = try SigningCoordinator(request: request, group: signing.records[0])
    for index in request.signers {
        let commitment = try signing.signers[index - 1].commit(
            to: request, group: signing.records[index - 1], now: DKGHarness.now)
        sizes.commitment = commitment.encoded.count
        coordinator = try coordinator.handle(commitment).coordinator
    }
    guard let package = coordinator.package else { throw HarnessError.missing("p") }
    sizes.package = package.encoded.count
    var outputs: [SigningOutput] = []
    for index in request.signers {
        let share = try signing.signers[index - 1].sign(
            package, request: request, group: signing.records[index - 1], now: DKGHarness.now)
        sizes.share = share.encoded.count
        let transition = try coordinator.handle(share)
        coordinator = transition.coordinator
        outputs += transition.outgoing
    }
    guard case .result(let result)? = outputs.last else { throw HarnessError.missing("r") }
    sizes.result = result.encoded.count
    return sizes
}

/// The sizes follow the layout in Vectors/ceremony/REGISTRY.md exactly (for n ≤ 23, where every CBOR array
/// header is one byte): a contribution is 318 + 34t + 34n bytes, the bundle 45 + 235n + 34t, the certificate
/// 75 + 66n, a signing package 75 + 216·(signers); the fixed-size messages do not grow.
@Test(arguments: [(2, 3), (3, 5), (5, 9), (7, 10), (11, 20)])
func messageSizesFollowTheRegistryLayout(threshold: Int, count: Int) throws {
    let sizes = try measure(threshold: threshold, count: count)
    #expect(sizes.contribution == 318 + 34 * threshold + 34 * count)
    #expect(sizes.bundle == 45 + 235 * count + 34 * threshold)
    #expect(sizes.certificate == 75 + 66 * count)
    #expect(sizes.transcriptSignature == 181)
    #expect(sizes.commitment == 216)
    #expect(sizes.share == 216)
    #expect(sizes.package == 75 + 216 * threshold)
    #expect(sizes.result == 140)
}
