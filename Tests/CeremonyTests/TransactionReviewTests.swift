import Bitcoin
import Testing
import UniformResources

@testable import Ceremony

/// What a signer shows of a PSBT: every output with its amount, change marked only when it derives, the inputs
/// the group signs and those left to others, the fee and fee rate, the network.
@Suite struct TransactionReviewTests {
    /// The generator point, as a stand-in group key.
    static let groupKey = Base16.decode("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798") ?? []

    static func plan(claimChange: Bool = true) throws -> (PSBTSigningPlan, TaprootWallet) {
        let wallet = try TaprootWallet(groupKey: groupKey, network: .signet)
        let other = try TaprootWallet(groupKey: groupKey, chainCode: [UInt8](repeating: 7, count: 32), network: .signet)
        let change = try wallet.address(change: true, index: 2)
        let transaction = BitcoinTransaction(
            version: 2,
            inputs: [TransactionInput(previousTxid: [UInt8](repeating: 1, count: 32), previousIndex: 0),
                     TransactionInput(previousTxid: [UInt8](repeating: 2, count: 32), previousIndex: 1)],
            outputs: [TransactionOutput(amount: 120_000,
                                        scriptPubKey: try other.address(change: false, index: 0).scriptPubKey),
                      TransactionOutput(amount: 70_000, scriptPubKey: change.scriptPubKey)],
            lockTime: 0)
        var psbt = try PSBT(unsignedTransaction: transaction)
        psbt.addWalletInput(0, address: try wallet.address(change: false, index: 0), fingerprint: wallet.fingerprint,
                            amount: 150_000)
        psbt.addWalletInput(1, address: try other.address(change: false, index: 1), fingerprint: [9, 9, 9, 9],
                            amount: 50_000)
        if claimChange { psbt.addWalletOutput(1, address: change, fingerprint: wallet.fingerprint) }
        return (try PSBTSigningPlan(psbt: psbt, wallet: wallet), wallet)
    }

    @Test func showsOutputsChangeFeeAndInputs() throws {
        let (plan, wallet) = try Self.plan()
        let lines = plan.summary.displayLines
        #expect(lines[0] == "Bitcoin signet transaction: 2 inputs, 2 outputs")
        #expect(lines[1] == "This group signs 1 input (#0); left to others: #1")
        let change = try wallet.address(change: true, index: 2).address
        #expect(lines.contains("  Output #1: 0.00070000 BTC (70000 sat) to \(change)  [change, this wallet's …/1/2]"))
        #expect(lines.contains {
            $0.hasPrefix("  Output #0: 0.00120000 BTC (120000 sat) to tb1p") && !$0.contains("[")
        })
        #expect(lines.contains("Sent out of the wallet: 0.00120000 BTC (120000 sat)"))
        #expect(lines.last?.hasPrefix("Fee: 0.00010000 BTC (10000 sat), ") == true)
        #expect(lines.last?.contains(" sat/vB") == true)
    }

    @Test func formatsAmounts() {
        #expect(TransactionSummary.bitcoin(0) == "0.00000000 BTC (0 sat)")
        #expect(TransactionSummary.bitcoin(2_100_000_000_000_000) == "21000000.00000000 BTC (2100000000000000 sat)")
        #expect(TransactionSummary.bitcoin(123_456_789) == "1.23456789 BTC (123456789 sat)")
    }
}
