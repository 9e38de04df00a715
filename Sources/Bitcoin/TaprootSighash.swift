/// BIP 341 §"Common signature message" for key-path spending (ext_flag 0, no annex): the signature message and
/// its TapSighash hash, for every valid hash type. The signer itself signs only DEFAULT and ALL
/// (`PSBTSigningPlan`); the other types are here so the BIP 341 vectors pin all of the code.
public enum TaprootSighash {
    /// SIGHASH_DEFAULT.
    public static let defaultType: UInt8 = 0x00
    /// SIGHASH_ALL.
    public static let all: UInt8 = 0x01

    private static let validTypes: Set<UInt8> = [0x00, 0x01, 0x02, 0x03, 0x81, 0x82, 0x83]

    /// SigMsg(hash_type, ext_flag = 0) for input `inputIndex` of `transaction` spending `spentOutputs` (one per
    /// input, in order). Throws `unsupportedSighashType` for an invalid hash type, `missingPreviousOutput` when
    /// `spentOutputs` does not match the inputs, `invalidTransaction` for SIGHASH_SINGLE without a matching output.
    public static func signatureMessage(transaction: BitcoinTransaction, spentOutputs: [TransactionOutput],
                                        inputIndex: Int, hashType: UInt8) throws -> [UInt8] {
        guard validTypes.contains(hashType) else {
            throw BitcoinError.unsupportedSighashType(input: inputIndex, type: UInt32(hashType))
        }
        guard transaction.inputs.indices.contains(inputIndex), spentOutputs.count == transaction.inputs.count else {
            throw BitcoinError.missingPreviousOutput(input: inputIndex)
        }
        let anyoneCanPay = hashType & 0x80 != 0
        let outputType = hashType & 0x03
        var message: [UInt8] = [hashType]
        message += ByteWriter.uint32(transaction.version) + ByteWriter.uint32(transaction.lockTime)
        if !anyoneCanPay {
            message += BitcoinHash.sha256(transaction.inputs.flatMap(\.outpoint))
            message += BitcoinHash.sha256(spentOutputs.flatMap { ByteWriter.uint64($0.amount) })
            message += BitcoinHash.sha256(spentOutputs.flatMap { ByteWriter.varBytes($0.scriptPubKey) })
            message += BitcoinHash.sha256(transaction.inputs.flatMap { ByteWriter.uint32($0.sequence) })
        }
        if outputType != 0x02 && outputType != 0x03 {
            message += BitcoinHash.sha256(transaction.outputs.flatMap(\.serialized))
        }
        message.append(0x00)  // spend_type: key path, no annex
        if anyoneCanPay {
            let input = transaction.inputs[inputIndex]
            message += input.outpoint + spentOutputs[inputIndex].serialized + ByteWriter.uint32(input.sequence)
        } else {
            message += ByteWriter.uint32(UInt32(inputIndex))
        }
        if outputType == 0x03 {
            guard transaction.outputs.indices.contains(inputIndex) else {
                throw BitcoinError.invalidTransaction("SIGHASH_SINGLE for input \(inputIndex) without a matching output")
            }
            message += BitcoinHash.sha256(transaction.outputs[inputIndex].serialized)
        }
        return message
    }

    /// hash_TapSighash(0x00 || SigMsg): the 32 bytes a BIP 340 signature signs.
    public static func sighash(transaction: BitcoinTransaction, spentOutputs: [TransactionOutput], inputIndex: Int,
                               hashType: UInt8) throws -> [UInt8] {
        let message = try signatureMessage(transaction: transaction, spentOutputs: spentOutputs, inputIndex: inputIndex,
                                           hashType: hashType)
        return BitcoinHash.tagged("TapSighash", [0x00] + message)
    }
}
