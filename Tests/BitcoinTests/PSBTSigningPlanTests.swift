import FROST
import Foundation
import Testing
@testable import Bitcoin

/// A wallet, a PSBT spending some of its outputs, and the group that signs: the in-memory end to end of issue 13.
struct Spend {
    let group: TestGroup
    let wallet: TaprootWallet
    var psbt: PSBT

    /// Inputs 0..<ours are the wallet's receive addresses 0, 1, …; `foreign` more inputs spend an unrelated
    /// Taproot key. Output 0 pays an external P2WPKH, output 1 returns change to change/3.
    init(ours: Int, foreign: Int = 0, network: BitcoinNetwork = .testnet, derivations: Bool = true) throws {
        group = try TestGroup(participants: 3, threshold: 2)
        wallet = try TaprootWallet(thresholdInfo: group.info, network: network)
        let foreignKey = try TaprootWallet(groupKey: TestGroup(participants: 2, threshold: 2).info.thresholdPublicKey,
                                           network: network).address(change: false, index: 0)
        let inputCount = ours + foreign
        let inputs = (0..<inputCount).map { i in
            TransactionInput(previousTxid: BitcoinHash.sha256([UInt8(i)]), previousIndex: UInt32(i))
        }
        let change = try wallet.address(change: true, index: 3)
        let outputs = [
            TransactionOutput(amount: 150_000, scriptPubKey: [0x00, 0x14] + [UInt8](repeating: 0xab, count: 20)),
            TransactionOutput(amount: 40_000, scriptPubKey: change.scriptPubKey),
        ]
        psbt = try PSBT(unsignedTransaction: BitcoinTransaction(version: 2, inputs: inputs, outputs: outputs, lockTime: 0))
        for i in 0..<inputCount {
            let amount = UInt64(250_000 + i)
            if i < ours {
                let address = try wallet.address(change: false, index: UInt32(i))
                if derivations {
                    psbt.addWalletInput(i, address: address, fingerprint: wallet.fingerprint, amount: amount)
                } else {
                    psbt.setInputEntry(PSBTEntry(keyType: 0x01, value: TransactionOutput(amount: amount, scriptPubKey: address.scriptPubKey).serialized), input: i)
                }
            } else {
                psbt.addWalletInput(i, address: foreignKey, fingerprint: [1, 2, 3, 4], amount: amount)
            }
        }
        if derivations { psbt.addWalletOutput(1, address: change, fingerprint: wallet.fingerprint) }
    }

    /// Signs every group input with a 2-of-3 BIP 445 session using the plan's tweaks.
    func signatures(_ plan: PSBTSigningPlan, signers: [Int] = [0, 2]) throws -> [Int: [UInt8]] {
        var signatures: [Int: [UInt8]] = [:]
        for input in plan.groupInputs {
            signatures[input.index] = try group.sign(message: input.sighash, tweaks: try #require(plan.tweaks(for: input.index)),
                                                     signers: signers)
        }
        return signatures
    }
}

struct PSBTSigningPlanTests {
    /// Build, sign every input with BIP 445 sessions, finalize, extract; each input of the network transaction
    /// verifies with secp256k1_schnorrsig_verify over the sighash computed again from the extracted transaction.
    @Test(arguments: [1, 3])
    func signsEveryInput(count: Int) throws {
        let spend = try Spend(ours: count)
        let plan = try PSBTSigningPlan(psbt: PSBT(base64: spend.psbt.base64), wallet: spend.wallet)
        #expect(plan.groupInputs.map(\.index) == Array(0..<count))
        #expect(plan.foreignInputs.isEmpty)
        let summary = plan.summary
        #expect(summary.network == .testnet && summary.inputCount == count && summary.signingInputs.count == count)
        #expect(summary.outputs.map(\.isChange) == [false, true])
        #expect(summary.outputs[1].walletPath == [1, 3])
        #expect(summary.outputs[0].address?.hasPrefix("tb1q") == true)
        #expect(summary.outputs[1].address == (try spend.wallet.address(change: true, index: 3).address))
        let totalIn = (0..<count).reduce(UInt64(0)) { $0 + UInt64(250_000 + $1) }
        #expect(summary.fee == totalIn - 190_000 && summary.amountSent == 150_000)
        #expect(summary.feeRate > 0)

        let signed = try plan.applying(signatures: spend.signatures(plan))
        let transaction = try signed.extractTransaction()
        let reparsed = try BitcoinTransaction(parsing: transaction.serialized())
        #expect(reparsed == transaction)
        #expect(reparsed.virtualSize == summary.estimatedVirtualSize)
        for index in 0..<count {
            let sighash = try TaprootSighash.sighash(transaction: reparsed, spentOutputs: plan.spentOutputs,
                                                     inputIndex: index, hashType: 0)
            let signature = reparsed.inputs[index].witness[0]
            let outputKey = Array(plan.spentOutputs[index].scriptPubKey.dropFirst(2))
            #expect(Secp256k1Keys.verifySchnorr(signature: signature, message: sighash, xOnlyPublicKey: outputKey))
        }
        // The signed PSBT travels back as base64 and as a UR.
        #expect(try PSBT(ur: signed.ur()) == signed)
    }

    /// A mixed PSBT: only the group's inputs are planned and signed; the foreign one stays unsigned and extraction
    /// names it.
    @Test func mixedPSBTLeavesForeignInputs() throws {
        let spend = try Spend(ours: 2, foreign: 1)
        let plan = try PSBTSigningPlan(psbt: spend.psbt, wallet: spend.wallet)
        #expect(plan.groupInputs.map(\.index) == [0, 1] && plan.foreignInputs == [2])
        #expect(plan.tweaks(for: 2) == nil)
        let signed = try plan.applying(signatures: spend.signatures(plan))
        #expect(signed.isFinalized(input: 0) && signed.isFinalized(input: 1) && !signed.isFinalized(input: 2))
        #expect(throws: BitcoinError.inputNotFinalized(input: 2)) { try signed.extractTransaction() }
        #expect(throws: BitcoinError.notSigningInput(input: 2)) { try plan.applying(signatures: [2: [UInt8](repeating: 1, count: 64)]) }
    }

    /// Without derivations, the gap limit finds the wallet's inputs and change.
    @Test func gapLimitMatches() throws {
        let spend = try Spend(ours: 2, derivations: false)
        let plan = try PSBTSigningPlan(psbt: spend.psbt, wallet: spend.wallet, gapLimit: 5)
        #expect(plan.groupInputs.map(\.path) == [[0, 0], [0, 1]])
        #expect(plan.summary.outputs[1].isChange)
        let narrow = try PSBTSigningPlan(psbt: spend.psbt, wallet: spend.wallet, gapLimit: 1)
        #expect(narrow.groupInputs.map(\.index) == [0] && narrow.foreignInputs == [1])
        #expect(!narrow.summary.outputs[1].isChange)
    }

    /// SIGHASH_ALL: the signature carries the hash type byte and verifies over the ALL sighash.
    @Test func sighashAll() throws {
        var spend = try Spend(ours: 1)
        spend.psbt.setInputEntry(PSBTEntry(keyType: 0x03, value: [1, 0, 0, 0]), input: 0)
        let plan = try PSBTSigningPlan(psbt: spend.psbt, wallet: spend.wallet)
        #expect(plan.groupInputs[0].hashType == 1)
        let signed = try plan.applying(signatures: spend.signatures(plan))
        #expect(try signed.extractTransaction().inputs[0].witness[0].count == 65)
    }

    /// A wrong signature is refused.
    @Test func refusesBadSignature() throws {
        let spend = try Spend(ours: 1)
        let plan = try PSBTSigningPlan(psbt: spend.psbt, wallet: spend.wallet)
        var signatures = try spend.signatures(plan)
        signatures[0]?[5] ^= 1
        #expect(throws: BitcoinError.invalidSignature(input: 0)) { try plan.applying(signatures: signatures) }
    }

    /// The refusals of issue 13 part 3, each a typed error naming the input or output.
    @Test func refusals() throws {
        let base = try Spend(ours: 1)
        func plan(_ change: (inout PSBT) throws -> Void) throws -> PSBTSigningPlan {
            var psbt = base.psbt
            try change(&psbt)
            return try PSBTSigningPlan(psbt: psbt, wallet: base.wallet)
        }
        // No witness UTXO.
        #expect(throws: BitcoinError.missingWitnessUTXO(input: 0)) {
            try plan { psbt in
                var map = psbt.inputs[0]
                map.keepOnly([0x16, 0x17])
                psbt.inputs[0] = map
            }
        }
        // SIGHASH_NONE.
        #expect(throws: BitcoinError.unsupportedSighashType(input: 0, type: 2)) {
            try plan { $0.setInputEntry(PSBTEntry(keyType: 0x03, value: [2, 0, 0, 0]), input: 0) }
        }
        // Claimed as ours but the witness UTXO is P2WPKH.
        #expect(throws: BitcoinError.self) {
            try plan { psbt in
                psbt.setInputEntry(PSBTEntry(keyType: 0x01, value: TransactionOutput(
                    amount: 250_000, scriptPubKey: [0x00, 0x14] + [UInt8](repeating: 1, count: 20)).serialized), input: 0)
            }
        }
        // Claimed as ours with a path whose key is not the script's.
        #expect(throws: BitcoinError.self) {
            try plan { psbt in
                let other = try base.wallet.address(change: false, index: 9)
                psbt.setInputEntry(TaprootKeyDerivation(xOnlyKey: other.internalKey, origin: KeyOrigin(
                    fingerprint: base.wallet.fingerprint, path: [0, 9])).entry(keyType: 0x16), input: 0)
            }
        }
        // An amount beyond 21 million BTC.
        #expect(throws: BitcoinError.self) {
            try plan { psbt in
                let address = try base.wallet.address(change: false, index: 0)
                psbt.setInputEntry(PSBTEntry(keyType: 0x01, value: TransactionOutput(
                    amount: UInt64.max, scriptPubKey: address.scriptPubKey).serialized), input: 0)
            }
        }
        // Outputs worth more than the inputs.
        #expect(throws: BitcoinError.self) {
            try plan { psbt in
                let address = try base.wallet.address(change: false, index: 0)
                psbt.setInputEntry(PSBTEntry(keyType: 0x01, value: TransactionOutput(
                    amount: 1_000, scriptPubKey: address.scriptPubKey).serialized), input: 0)
            }
        }
        // Change that claims a derivation but pays elsewhere.
        #expect(throws: BitcoinError.falseChange(output: 0)) {
            try plan { psbt in
                let change = try base.wallet.address(change: true, index: 0)
                psbt.addWalletOutput(0, address: change, fingerprint: base.wallet.fingerprint)
            }
        }
    }
}
