import Testing
@testable import Bitcoin

/// The sighash code is pinned by the BIP 341 vectors (`bitcoin/bip341/key-path-sighash`); these are its refusals.
struct TaprootSighashTests {
    static let transaction = BitcoinTransaction(
        version: 2, inputs: [TransactionInput(previousTxid: [UInt8](repeating: 1, count: 32), previousIndex: 0),
                             TransactionInput(previousTxid: [UInt8](repeating: 2, count: 32), previousIndex: 1)],
        outputs: [TransactionOutput(amount: 1_000, scriptPubKey: [0x51, 0x20] + [UInt8](repeating: 3, count: 32))],
        lockTime: 0)
    static let spent = [TransactionOutput(amount: 2_000, scriptPubKey: [0x51, 0x20] + [UInt8](repeating: 4, count: 32)),
                        TransactionOutput(amount: 3_000, scriptPubKey: [0x51, 0x20] + [UInt8](repeating: 5, count: 32))]

    @Test(arguments: [UInt8(0x04), 0x80, 0x84, 0xff])
    func refusesInvalidHashTypes(type: UInt8) {
        #expect(throws: BitcoinError.unsupportedSighashType(input: 0, type: UInt32(type))) {
            try TaprootSighash.sighash(transaction: Self.transaction, spentOutputs: Self.spent, inputIndex: 0, hashType: type)
        }
    }

    /// SIGHASH_SINGLE needs an output at the input's index; spent outputs must match the inputs.
    @Test func refusesMissingData() {
        #expect(throws: BitcoinError.self) {
            try TaprootSighash.sighash(transaction: Self.transaction, spentOutputs: Self.spent, inputIndex: 1, hashType: 3)
        }
        #expect(throws: BitcoinError.missingPreviousOutput(input: 0)) {
            try TaprootSighash.sighash(transaction: Self.transaction, spentOutputs: [Self.spent[0]], inputIndex: 0, hashType: 0)
        }
    }

    /// DEFAULT and ALL differ only in the hash type byte of the message, so their sighashes differ; each input's too.
    @Test func defaultAndAllDiffer() throws {
        let sighashes = try [(0, UInt8(0)), (0, 1), (1, 0)].map {
            try TaprootSighash.sighash(transaction: Self.transaction, spentOutputs: Self.spent, inputIndex: $0.0, hashType: $0.1)
        }
        #expect(Set(sighashes).count == 3)
    }
}
