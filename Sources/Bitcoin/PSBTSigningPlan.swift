import FROST

/// What a signer of the group sees and signs for one PSBT (issue 13, parts 3 and 4 without the ceremony): the
/// group's inputs, recognised and checked against the wallet, their BIP 341 sighashes computed here from the PSBT
/// alone, the BIP 445 tweaks of each, and a summary of where the money goes. Building a plan is where every refusal
/// happens: inputs claimed as the group's without witness UTXO, with a sighash type other than DEFAULT or ALL, or
/// whose script does not derive; amounts out of range; outputs claiming to be change that do not derive.
///
/// Recognition: an input is the group's when a PSBT_IN_TAP_BIP32_DERIVATION names the wallet's fingerprint and a
/// `<0;1>/*` path, confirmed by deriving the scriptPubKey again; an input without derivations is matched against
/// the first `gapLimit` receive and change scripts. Everything else is foreign and left as it is.
public struct PSBTSigningPlan: Sendable {
    /// The PSBT the plan was made from.
    public let psbt: PSBT
    /// The wallet.
    public let wallet: TaprootWallet
    /// The unsigned transaction.
    public let transaction: BitcoinTransaction
    /// The output each input spends.
    public let spentOutputs: [TransactionOutput]
    /// The group's inputs, in order, with what signing each needs.
    public let groupInputs: [GroupInput]
    /// Inputs that are not the group's: left unsigned and named to the person.
    public let foreignInputs: [Int]
    /// What the signer shows.
    public let summary: TransactionSummary

    /// The gap limit of receive and change scripts searched for inputs and outputs without derivations.
    public static let defaultGapLimit: UInt32 = 100

    /// One input the group signs.
    public struct GroupInput: Sendable, Hashable {
        /// The input's index in the transaction.
        public let index: Int
        /// `[branch, index]` of its key.
        public let path: [UInt32]
        /// SIGHASH_DEFAULT (0) or SIGHASH_ALL (1).
        public let hashType: UInt8
        /// The BIP 341 sighash the group signs.
        public let sighash: [UInt8]
        /// The BIP 445 tweaks from the group key to the input's output key.
        public let tweaks: [SigningTweak]
        /// The x-only output key the signature must verify under.
        public let outputKey: [UInt8]
    }

    /// Analyses `psbt` for `wallet`. Throws the refusals listed on the type (`missingWitnessUTXO`,
    /// `unsupportedSighashType`, `notOurTaprootInput`, `amountOverflow`, `falseChange`), `missingPreviousOutput`
    /// when a foreign input's spent output is unknown (BIP 341 commits to every input's amount and script), and
    /// the PSBT's own errors.
    public init(psbt: PSBT, wallet: TaprootWallet, gapLimit: UInt32 = PSBTSigningPlan.defaultGapLimit) throws {
        self.psbt = psbt
        self.wallet = wallet
        let transaction = try psbt.unsignedTransaction()
        self.transaction = transaction
        var scripts = GapScripts(wallet: wallet, gapLimit: gapLimit)

        var spent: [TransactionOutput] = []
        var claims: [Int: [UInt32]] = [:]
        for index in transaction.inputs.indices {
            let claimed = try Self.claimedPath(psbt: psbt, input: index, wallet: wallet)
            if let claimed {
                claims[index] = claimed
                guard let utxo = psbt.witnessUTXO(input: index) else { throw BitcoinError.missingWitnessUTXO(input: index) }
                guard psbt.spentOutput(input: index, transaction: transaction) == utxo else {
                    throw BitcoinError.notOurTaprootInput(input: index, reason: "its non-witness UTXO contradicts its witness UTXO")
                }
            }
            guard let output = psbt.spentOutput(input: index, transaction: transaction) else {
                throw BitcoinError.missingPreviousOutput(input: index)
            }
            spent.append(output)
        }
        spentOutputs = spent

        var totalIn: UInt64 = 0
        for (index, output) in spent.enumerated() {
            guard output.amount <= Self.maxMoney else { throw BitcoinError.amountOverflow("input \(index) holds more than 21 million BTC") }
            totalIn += output.amount
            guard totalIn <= Self.maxMoney else { throw BitcoinError.amountOverflow("the inputs add up to more than 21 million BTC") }
        }
        var totalOut: UInt64 = 0
        for (index, output) in transaction.outputs.enumerated() {
            guard output.amount <= Self.maxMoney else { throw BitcoinError.amountOverflow("output \(index) pays more than 21 million BTC") }
            totalOut += output.amount
            guard totalOut <= Self.maxMoney else { throw BitcoinError.amountOverflow("the outputs add up to more than 21 million BTC") }
        }
        guard totalOut <= totalIn else { throw BitcoinError.amountOverflow("the outputs spend \(totalOut) sat but the inputs hold \(totalIn) sat") }

        var group: [GroupInput] = []
        var foreign: [Int] = []
        for index in transaction.inputs.indices {
            let script = spent[index].scriptPubKey
            let path: [UInt32]
            if let claimed = claims[index] {
                guard BitcoinAddress.isTaproot(script) else {
                    throw BitcoinError.notOurTaprootInput(input: index, reason: "its witness UTXO is not a Taproot output")
                }
                path = claimed
            } else if psbt.taprootDerivations(input: index).isEmpty, psbt.legacyDerivations(input: index).isEmpty,
                      let found = try scripts.path(of: script) {
                path = found
            } else {
                foreign.append(index)
                continue
            }
            let address = try wallet.address(change: path[0] == TaprootWallet.changeBranch, index: path[1])
            guard address.scriptPubKey == script else {
                throw BitcoinError.notOurTaprootInput(input: index, reason: "its scriptPubKey is not the wallet's at \(path)")
            }
            if let internalKey = psbt.inputs[index].value(PSBT.Input.tapInternalKey), internalKey != address.internalKey {
                throw BitcoinError.notOurTaprootInput(input: index, reason: "its PSBT_IN_TAP_INTERNAL_KEY is not the derived key")
            }
            if psbt.inputs[index].value(PSBT.Input.tapMerkleRoot) != nil {
                throw BitcoinError.notOurTaprootInput(input: index, reason: "it names a script tree the wallet never makes")
            }
            let requested = psbt.sighashType(input: index) ?? 0
            guard requested == 0 || requested == 1 else { throw BitcoinError.unsupportedSighashType(input: index, type: requested) }
            let hashType = UInt8(requested)
            let sighash = try TaprootSighash.sighash(transaction: transaction, spentOutputs: spent, inputIndex: index,
                                                     hashType: hashType)
            group.append(GroupInput(index: index, path: path, hashType: hashType, sighash: sighash, tweaks: address.tweaks,
                                    outputKey: address.outputKey))
        }
        groupInputs = group
        foreignInputs = foreign

        var lines: [TransactionSummary.Output] = []
        for (index, output) in transaction.outputs.enumerated() {
            let path = try Self.outputPath(psbt: psbt, output: index, script: output.scriptPubKey, wallet: wallet,
                                           scripts: &scripts)
            lines.append(TransactionSummary.Output(
                index: index, address: BitcoinAddress.address(scriptPubKey: output.scriptPubKey, network: wallet.network),
                scriptPubKey: output.scriptPubKey, amount: output.amount, walletPath: path))
        }
        summary = TransactionSummary(network: wallet.network, outputs: lines, inputCount: transaction.inputs.count,
                                     signingInputs: group.map(\.index), foreignInputs: foreign, totalIn: totalIn,
                                     totalOut: totalOut, estimatedVirtualSize: Self.estimatedVirtualSize(
                                         psbt: psbt, transaction: transaction, group: group))
    }

    /// 21 million BTC in satoshis (Bitcoin Core's MAX_MONEY).
    public static let maxMoney: UInt64 = 21_000_000 * 100_000_000

    /// The sighash of each group input, in `groupInputs` order.
    public var sighashes: [[UInt8]] { groupInputs.map(\.sighash) }

    /// The BIP 445 tweaks a session must apply to sign transaction input `input`; nil for an input the group does
    /// not sign.
    public func tweaks(for input: Int) -> [SigningTweak]? { groupInputs.first { $0.index == input }?.tweaks }

    /// The PSBT with each given BIP 340 signature (64 bytes, keyed by input index) checked with libsecp256k1
    /// against the input's output key and sighash, written as PSBT_IN_TAP_KEY_SIG (with the hash type byte for
    /// SIGHASH_ALL), and the input finalized. Throws `notSigningInput` for an input the plan does not sign,
    /// `wrongLength`, or `invalidSignature`.
    public func applying(signatures: [Int: [UInt8]]) throws -> PSBT {
        var result = psbt
        for (index, signature) in signatures.sorted(by: { $0.key < $1.key }) {
            guard let input = groupInputs.first(where: { $0.index == index }) else { throw BitcoinError.notSigningInput(input: index) }
            guard signature.count == 64 else { throw BitcoinError.wrongLength(what: "a BIP 340 signature", expected: 64, actual: signature.count) }
            guard Secp256k1Keys.verifySchnorr(signature: signature, message: input.sighash, xOnlyPublicKey: input.outputKey) else {
                throw BitcoinError.invalidSignature(input: index)
            }
            let value = input.hashType == TaprootSighash.defaultType ? signature : signature + [input.hashType]
            result.setInputEntry(PSBTEntry(keyType: PSBT.Input.tapKeySig, value: value), input: index)
            try result.finalizeTaprootKeyPath(input: index)
        }
        return result
    }

    /// The wallet path an input claims through PSBT_IN_TAP_BIP32_DERIVATION with the wallet's fingerprint; nil
    /// when it claims none. A claim whose path is not `<0;1>/*`, whose key is not the derived internal key, or
    /// a PSBT_IN_BIP32_DERIVATION (non-Taproot) with the fingerprint, is refused.
    static func claimedPath(psbt: PSBT, input: Int, wallet: TaprootWallet) throws -> [UInt32]? {
        if psbt.legacyDerivations(input: input).contains(where: { $0.fingerprint == wallet.fingerprint }) {
            throw BitcoinError.notOurTaprootInput(input: input, reason: "it is claimed through a non-Taproot BIP 32 derivation")
        }
        let ours = psbt.taprootDerivations(input: input).filter { $0.origin.fingerprint == wallet.fingerprint }
        guard let claim = ours.first else { return nil }
        guard ours.count == 1, claim.leafHashes.isEmpty else {
            throw BitcoinError.notOurTaprootInput(input: input, reason: "it claims script-path keys the wallet never makes")
        }
        let path = claim.origin.path
        guard path.count == 2, path[0] <= TaprootWallet.changeBranch, path[1] < ExtendedPublicKey.hardenedOffset else {
            throw BitcoinError.notOurTaprootInput(input: input, reason: "its derivation path is not <0;1>/*")
        }
        let address = try wallet.address(change: path[0] == TaprootWallet.changeBranch, index: path[1])
        guard claim.xOnlyKey == address.internalKey else {
            throw BitcoinError.notOurTaprootInput(input: input, reason: "its derivation's key is not the wallet's key at \(path)")
        }
        return path
    }

    /// The wallet path of an output: claimed through PSBT_OUT_TAP_BIP32_DERIVATION and verified (else
    /// `falseChange`), or found among the gap-limit scripts when the output names no derivation.
    static func outputPath(psbt: PSBT, output: Int, script: [UInt8], wallet: TaprootWallet,
                           scripts: inout GapScripts) throws -> [UInt32]? {
        if psbt.legacyDerivations(output: output).contains(where: { $0.fingerprint == wallet.fingerprint }) {
            throw BitcoinError.falseChange(output: output)
        }
        let ours = psbt.taprootDerivations(output: output).filter { $0.origin.fingerprint == wallet.fingerprint }
        if let claim = ours.first {
            let path = claim.origin.path
            guard ours.count == 1, claim.leafHashes.isEmpty, path.count == 2, path[0] <= TaprootWallet.changeBranch,
                  path[1] < ExtendedPublicKey.hardenedOffset
            else { throw BitcoinError.falseChange(output: output) }
            let address = try wallet.address(change: path[0] == TaprootWallet.changeBranch, index: path[1])
            guard address.scriptPubKey == script, claim.xOnlyKey == address.internalKey else {
                throw BitcoinError.falseChange(output: output)
            }
            if let internalKey = psbt.outputs[output].value(PSBT.Output.tapInternalKey), internalKey != address.internalKey {
                throw BitcoinError.falseChange(output: output)
            }
            return path
        }
        guard psbt.taprootDerivations(output: output).isEmpty, psbt.legacyDerivations(output: output).isEmpty else { return nil }
        return try scripts.path(of: script)
    }

    /// The virtual size once signed: each group input gets a one-item witness of 64 or 65 bytes; other inputs
    /// count with their final fields if they have them, else as they are (the estimate is then low).
    static func estimatedVirtualSize(psbt: PSBT, transaction: BitcoinTransaction, group: [GroupInput]) -> Int {
        var signed = transaction
        for index in signed.inputs.indices {
            if let input = group.first(where: { $0.index == index }) {
                signed.inputs[index].witness = [[UInt8](repeating: 0, count: input.hashType == 0 ? 64 : 65)]
            } else {
                signed.inputs[index].scriptSig = psbt.inputs[index].value(PSBT.Input.finalScriptSig) ?? []
                signed.inputs[index].witness = (try? psbt.inputs[index].value(PSBT.Input.finalScriptWitness).map(PSBT.witnessStack)) ?? []
            }
        }
        return signed.virtualSize
    }
}

/// The first `gapLimit` receive and change scripts of a wallet, derived once when first needed.
struct GapScripts {
    let wallet: TaprootWallet
    let gapLimit: UInt32
    private var table: [[UInt8]: [UInt32]]?

    init(wallet: TaprootWallet, gapLimit: UInt32) {
        self.wallet = wallet
        self.gapLimit = gapLimit
    }

    mutating func path(of script: [UInt8]) throws -> [UInt32]? {
        guard BitcoinAddress.isTaproot(script) else { return nil }
        if table == nil {
            var built: [[UInt8]: [UInt32]] = [:]
            for change in [false, true] {
                for index in 0..<gapLimit {
                    let address = try wallet.address(change: change, index: index)
                    built[address.scriptPubKey] = address.path
                }
            }
            table = built
        }
        return table?[script]
    }
}

/// What a signer shows before signing, as plain data: every output's address and amount and whether it returns to
/// the wallet, the fee and fee rate, the network, and how many inputs the group signs.
public struct TransactionSummary: Sendable, Hashable {
    /// One output.
    public struct Output: Sendable, Hashable {
        /// Its index.
        public let index: Int
        /// Its address, or nil for a non-standard script (show `scriptPubKey` as hex).
        public let address: String?
        /// Its scriptPubKey.
        public let scriptPubKey: [UInt8]
        /// Its amount in satoshis.
        public let amount: UInt64
        /// `[branch, index]` when the output verifiably derives from the wallet.
        public let walletPath: [UInt32]?

        /// Whether the output is change: it derives from the wallet's change branch.
        public var isChange: Bool { walletPath?.first == TaprootWallet.changeBranch }
        /// Whether the output returns to the wallet at all (change or one of its receive addresses).
        public var isOwn: Bool { walletPath != nil }
    }

    /// The wallet's network.
    public let network: BitcoinNetwork
    /// Every output.
    public let outputs: [Output]
    /// The number of inputs.
    public let inputCount: Int
    /// The inputs the group signs.
    public let signingInputs: [Int]
    /// The inputs left to others.
    public let foreignInputs: [Int]
    /// The sum of the inputs' amounts.
    public let totalIn: UInt64
    /// The sum of the outputs' amounts.
    public let totalOut: UInt64
    /// The virtual size once signed (see `PSBTSigningPlan.estimatedVirtualSize`).
    public let estimatedVirtualSize: Int

    /// The fee in satoshis.
    public var fee: UInt64 { totalIn - totalOut }
    /// The fee rate in satoshis per virtual byte.
    public var feeRate: Double { Double(fee) / Double(max(estimatedVirtualSize, 1)) }
    /// The amount leaving the wallet: outputs that do not derive from it.
    public var amountSent: UInt64 { outputs.filter { !$0.isOwn }.reduce(0) { $0 + $1.amount } }
}
