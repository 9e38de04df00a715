import Foundation
import Testing
@testable import Bitcoin
@testable import VectorSuites

/// A PSBT built by another wallet library (embit, `scripts/embit-psbt.py`) for the exported descriptor is signed by
/// the group and every group input verifies; the foreign input is left alone.
struct EmbitInteropTests {
    @Test func signsEmbitsPSBT() throws {
        let file = try VectorJSON.decode(BitcoinVectors.EmbitFile.self, from: vectorURL("embit/embit-psbt.json"),
                                         snakeCaseKeys: false)
        let group = try TestGroup(participants: 3, threshold: 2, secret: [UInt8](repeating: 0x11, count: 32),
                                  coefficients: [[UInt8](repeating: 0x22, count: 32)])
        #expect(VectorJSON.hexString(group.info.thresholdPublicKey) == file.groupKey)
        let wallet = try TaprootWallet(thresholdInfo: group.info, network: .testnet)
        let plan = try PSBTSigningPlan(psbt: PSBT(base64: file.psbt), wallet: wallet)
        var signatures: [Int: [UInt8]] = [:]
        for input in plan.groupInputs {
            #expect(VectorJSON.hexString(input.sighash) == file.sighashes[input.index])
            signatures[input.index] = try group.sign(message: input.sighash, tweaks: input.tweaks, signers: [1, 2])
        }
        let signed = try plan.applying(signatures: signatures)
        for input in plan.groupInputs {
            let witness = try #require(signed.inputs[input.index].value(0x08))
            let signature = Array(witness.dropFirst(2))
            let sighash = try VectorJSON.hex(file.sighashes[input.index])
            #expect(Secp256k1Keys.verifySchnorr(signature: signature, message: sighash,
                                                xOnlyPublicKey: Array(plan.spentOutputs[input.index].scriptPubKey.dropFirst(2))))
        }
        #expect(!signed.isFinalized(input: 2))
    }
}
