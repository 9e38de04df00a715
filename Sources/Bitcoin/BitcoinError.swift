/// Everything the Bitcoin layer refuses: malformed encodings (keys, addresses, descriptors, PSBTs, transactions) and
/// PSBTs a signer of the group must not sign. Each case carries what a person needs to act on it.
public enum BitcoinError: Error, Equatable, Sendable, CustomStringConvertible {
    // Encodings.
    /// A field has the wrong length.
    case wrongLength(what: String, expected: Int, actual: Int)
    /// A public key is not a valid compressed secp256k1 point.
    case invalidPublicKey(String)
    /// Base58Check text is malformed or its checksum is wrong.
    case invalidBase58Check(String)
    /// An extended key is malformed (version, depth, key) or of a kind not supported here.
    case invalidExtendedKey(String)
    /// A BIP 32 derivation cannot continue: a hardened step from a public key, or I_L out of range / infinity
    /// (probability below 2^-127).
    case derivationFailed(String)
    /// An output descriptor or key expression is malformed or not supported here.
    case invalidDescriptor(String)
    /// A descriptor checksum is missing characters or does not match.
    case invalidDescriptorChecksum(expected: String, actual: String)
    /// A UR payload is not the CBOR its type requires.
    case invalidUR(String)

    // PSBT and transaction structure.
    /// A PSBT or transaction ended before a field was complete.
    case truncated(what: String)
    /// A PSBT or transaction does not follow BIP 174 / 370 / 371 or the network serialization.
    case invalidPSBT(String)
    /// The same key appears twice in one PSBT map.
    case duplicateKey(map: String, keyType: UInt64)
    /// A PSBT or transaction exceeds a bound of this decoder (inputs, outputs, field length, total size).
    case tooLarge(what: String, limit: Int)
    /// A transaction serialization is malformed.
    case invalidTransaction(String)

    // What the signer refuses (issue 13, part 3).
    /// An input of the group carries no `PSBT_IN_WITNESS_UTXO`, so its amount cannot be committed to.
    case missingWitnessUTXO(input: Int)
    /// An input asks for a sighash type other than SIGHASH_DEFAULT (0) or SIGHASH_ALL (1).
    case unsupportedSighashType(input: Int, type: UInt32)
    /// An input claims a derivation of the group's wallet but its scriptPubKey is not the derived Taproot output.
    case notOurTaprootInput(input: Int, reason: String)
    /// Amounts exceed 21 million BTC, or the outputs spend more than the inputs.
    case amountOverflow(String)
    /// An output claims a derivation of the group's wallet but its scriptPubKey does not derive from it.
    case falseChange(output: Int)
    /// A sighash cannot be computed: an input's previous output is unknown.
    case missingPreviousOutput(input: Int)
    /// A signature handed back for an input does not verify under that input's output key.
    case invalidSignature(input: Int)
    /// A signature was given for an input the plan does not sign.
    case notSigningInput(input: Int)
    /// The PSBT cannot be finalized or extracted: an input has no signature yet.
    case inputNotFinalized(input: Int)

    public var description: String {
        switch self {
        case let .wrongLength(what, expected, actual): return "\(what) must be \(expected) bytes, not \(actual)."
        case let .invalidPublicKey(why): return "Invalid public key: \(why)."
        case let .invalidBase58Check(why): return "Invalid Base58Check text: \(why)."
        case let .invalidExtendedKey(why): return "Invalid extended key: \(why)."
        case let .derivationFailed(why): return "BIP 32 derivation failed: \(why)."
        case let .invalidDescriptor(why): return "Invalid output descriptor: \(why)."
        case let .invalidDescriptorChecksum(expected, actual):
            return "The descriptor checksum is \"\(actual)\" but the descriptor's is \"\(expected)\"."
        case let .invalidUR(why): return "Invalid UR payload: \(why)."
        case let .truncated(what): return "The data ends inside \(what)."
        case let .invalidPSBT(why): return "Invalid PSBT: \(why)."
        case let .duplicateKey(map, keyType): return "The \(map) map holds key type \(keyType) twice."
        case let .tooLarge(what, limit): return "Too large: \(what) exceeds \(limit)."
        case let .invalidTransaction(why): return "Invalid transaction: \(why)."
        case let .missingWitnessUTXO(input): return "Input \(input) has no witness UTXO, so its amount is unknown."
        case let .unsupportedSighashType(input, type):
            return "Input \(input) asks for sighash type \(type); only DEFAULT (0) and ALL (1) are signed."
        case let .notOurTaprootInput(input, reason): return "Input \(input) claims to be the group's but \(reason)."
        case let .amountOverflow(why): return "Amounts out of range: \(why)."
        case let .falseChange(output):
            return "Output \(output) claims to be the group's change but its script does not derive from the wallet."
        case let .missingPreviousOutput(input): return "Input \(input)'s previous output (amount, script) is unknown."
        case let .invalidSignature(input): return "The signature for input \(input) does not verify."
        case let .notSigningInput(input): return "Input \(input) is not one the group signs."
        case let .inputNotFinalized(input): return "Input \(input) is not finalized yet."
        }
    }
}
