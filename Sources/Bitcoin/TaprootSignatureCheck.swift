import FROST

/// What `PSBT.taprootKeyPathSignatures()` finds for one input.
public enum KeyPathSignatureStatus: Sendable, Equatable, CustomStringConvertible {
    /// A BIP 340 signature that verifies under the spent output's Taproot key over the input's BIP 341 sighash.
    case verified(hashType: UInt8)
    /// A signature that does not verify (or has a malformed length or hash type).
    case invalid
    /// A Taproot input with neither PSBT_IN_TAP_KEY_SIG nor a one-element final witness.
    case unsigned
    /// The input spends no Taproot output; nothing here checks it.
    case notTaproot

    /// In a person's words, e.g. `verified (SIGHASH_DEFAULT)`.
    public var description: String {
        switch self {
        case .verified(let hashType):
            return "verified (" + (hashType == 0 ? "SIGHASH_DEFAULT" : hashType == 1 ? "SIGHASH_ALL" : "sighash type \(hashType)")
                + ")"
        case .invalid: return "INVALID signature"
        case .unsigned: return "not signed"
        case .notTaproot: return "not a Taproot input (not checked)"
        }
    }
}

extension PSBT {
    /// Every input's BIP 341 key-path signature (PSBT_IN_TAP_KEY_SIG, or a final witness of one element) checked
    /// with libsecp256k1 against the input's sighash, computed here from the unsigned transaction and every input's
    /// spent output, under the output key of the spent scriptPubKey (`OP_1 <32 bytes>`). What anyone holding the
    /// signed PSBT can check without the group's wallet. Throws `missingPreviousOutput` when an input's spent output
    /// is unknown (every Taproot sighash commits to all of them).
    public func taprootKeyPathSignatures() throws -> [KeyPathSignatureStatus] {
        let transaction = try unsignedTransaction()
        let spent = try transaction.inputs.indices.map { index in
            guard let output = spentOutput(input: index, transaction: transaction) else {
                throw BitcoinError.missingPreviousOutput(input: index)
            }
            return output
        }
        return transaction.inputs.indices.map { index in
            let script = spent[index].scriptPubKey
            guard script.count == 34, script[0] == 0x51, script[1] == 0x20 else { return .notTaproot }
            var signature = inputs[index].value(Input.tapKeySig)
            if signature == nil, let witness = inputs[index].value(Input.finalScriptWitness),
                let stack = try? PSBT.witnessStack(witness), stack.count == 1
            {
                signature = stack[0]
            }
            guard let signature else { return .unsigned }
            // 64 bytes: SIGHASH_DEFAULT; 65: the last byte names the type, and 0 there is not allowed (BIP 341).
            guard signature.count == 64 || (signature.count == 65 && signature[64] != 0) else { return .invalid }
            let hashType = signature.count == 65 ? signature[64] : 0
            guard
                let sighash = try? TaprootSighash.sighash(
                    transaction: transaction, spentOutputs: spent, inputIndex: index, hashType: hashType),
                Secp256k1Keys.verifySchnorr(
                    signature: Array(signature.prefix(64)), message: sighash, xOnlyPublicKey: Array(script.dropFirst(2)))
            else { return .invalid }
            return .verified(hashType: hashType)
        }
    }
}
