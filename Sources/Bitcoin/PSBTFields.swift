extension PSBT {
    /// The unsigned transaction: PSBT_GLOBAL_UNSIGNED_TX in version 0, put together from the per-input and
    /// per-output fields in version 2 (sequence 0xffffffff when absent, the BIP 370 locktime). Throws
    /// `invalidPSBT` when a version 2 locktime cannot be determined.
    public func unsignedTransaction() throws -> BitcoinTransaction {
        if version == 0 {
            guard let bytes = global.value(Global.unsignedTx) else { throw BitcoinError.invalidPSBT("no unsigned transaction") }
            return try BitcoinTransaction(parsing: bytes, allowWitness: false)
        }
        guard let lockTime = try determinedLockTime() else {
            throw BitcoinError.invalidPSBT("the inputs' locktime requirements cannot all be met (BIP 370)")
        }
        let txInputs = inputs.map { map in
            TransactionInput(previousTxid: map.value(Input.previousTxid) ?? [],
                             previousIndex: UInt32(littleEndian(map.value(Input.outputIndex) ?? [])),
                             sequence: map.value(Input.sequence).map { UInt32(littleEndian($0)) } ?? 0xffff_ffff)
        }
        let txOutputs = outputs.map { map in
            TransactionOutput(amount: littleEndian(map.value(Output.amount) ?? []), scriptPubKey: map.value(Output.script) ?? [])
        }
        return BitcoinTransaction(version: UInt32(littleEndian(global.value(Global.txVersion) ?? [])), inputs: txInputs,
                                  outputs: txOutputs, lockTime: UInt32(lockTime))
    }

    /// BIP 370 §"Determining Lock Time" for a version 2 PSBT: nil when no lock type satisfies every input that
    /// names one; the fallback (or 0) when none names one. Version 0 PSBTs return the unsigned transaction's.
    public func determinedLockTime() throws -> UInt32? {
        if version == 0 { return try unsignedTransaction().lockTime }
        let times = inputs.map { $0.value(Input.requiredTimeLocktime).map { UInt32(littleEndian($0)) } }
        let heights = inputs.map { $0.value(Input.requiredHeightLocktime).map { UInt32(littleEndian($0)) } }
        let constrained = inputs.indices.filter { times[$0] != nil || heights[$0] != nil }
        if constrained.isEmpty { return global.value(Global.fallbackLocktime).map { UInt32(littleEndian($0)) } ?? 0 }
        if constrained.allSatisfy({ heights[$0] != nil }) { return constrained.compactMap { heights[$0] }.max() }
        if constrained.allSatisfy({ times[$0] != nil }) { return constrained.compactMap { times[$0] }.max() }
        return nil
    }

    /// PSBT_IN_WITNESS_UTXO of an input, if present.
    public func witnessUTXO(input: Int) -> TransactionOutput? {
        guard inputs.indices.contains(input), let value = inputs[input].value(Input.witnessUTXO) else { return nil }
        return try? TransactionOutput(parsing: value)
    }

    /// The output an input spends: its witness UTXO, else the output of its non-witness UTXO after checking that
    /// transaction's txid against the outpoint. Nil when neither is there or they do not match.
    public func spentOutput(input: Int, transaction: BitcoinTransaction) -> TransactionOutput? {
        guard inputs.indices.contains(input), transaction.inputs.indices.contains(input) else { return nil }
        let outpoint = transaction.inputs[input]
        if let value = inputs[input].value(Input.nonWitnessUTXO), let previous = try? BitcoinTransaction(parsing: value) {
            guard previous.txid == outpoint.previousTxid, previous.outputs.indices.contains(Int(outpoint.previousIndex))
            else { return nil }
            let output = previous.outputs[Int(outpoint.previousIndex)]
            if let witness = witnessUTXO(input: input), witness != output { return nil }
            return output
        }
        return witnessUTXO(input: input)
    }

    /// PSBT_IN_SIGHASH_TYPE of an input, if present.
    public func sighashType(input: Int) -> UInt32? {
        guard inputs.indices.contains(input), let value = inputs[input].value(Input.sighashType) else { return nil }
        return UInt32(littleEndian(value))
    }

    /// PSBT_IN_TAP_BIP32_DERIVATION entries of an input.
    public func taprootDerivations(input: Int) -> [TaprootKeyDerivation] {
        guard inputs.indices.contains(input) else { return [] }
        return inputs[input].all(Input.tapBIP32Derivation).compactMap { try? TaprootKeyDerivation(keyData: $0.keyData, value: $0.value) }
    }

    /// PSBT_OUT_TAP_BIP32_DERIVATION entries of an output.
    public func taprootDerivations(output: Int) -> [TaprootKeyDerivation] {
        guard outputs.indices.contains(output) else { return [] }
        return outputs[output].all(Output.tapBIP32Derivation).compactMap { try? TaprootKeyDerivation(keyData: $0.keyData, value: $0.value) }
    }

    /// The origins of the non-Taproot BIP 32 derivations (PSBT_IN_BIP32_DERIVATION) of an input.
    public func legacyDerivations(input: Int) -> [KeyOrigin] {
        guard inputs.indices.contains(input) else { return [] }
        return inputs[input].all(Input.bip32Derivation).compactMap { try? KeyOrigin(parsing: $0.value) }
    }

    /// The origins of PSBT_OUT_BIP32_DERIVATION of an output.
    public func legacyDerivations(output: Int) -> [KeyOrigin] {
        guard outputs.indices.contains(output) else { return [] }
        return outputs[output].all(Output.bip32Derivation).compactMap { try? KeyOrigin(parsing: $0.value) }
    }

    /// PSBT_IN_TAP_KEY_SIG of an input, if present.
    public func taprootKeySignature(input: Int) -> [UInt8]? {
        guard inputs.indices.contains(input) else { return nil }
        return inputs[input].value(Input.tapKeySig)
    }

    /// Whether an input carries a final scriptSig or script witness.
    public func isFinalized(input: Int) -> Bool {
        guard inputs.indices.contains(input) else { return false }
        return inputs[input].value(Input.finalScriptWitness) != nil || inputs[input].value(Input.finalScriptSig) != nil
    }

    /// Sets an entry of an input map (e.g. PSBT_IN_TAP_KEY_SIG when building or signing a PSBT).
    public mutating func setInputEntry(_ entry: PSBTEntry, input: Int) {
        guard inputs.indices.contains(input) else { return }
        inputs[input].set(entry)
    }

    /// Sets an entry of an output map.
    public mutating func setOutputEntry(_ entry: PSBTEntry, output: Int) {
        guard outputs.indices.contains(output) else { return }
        outputs[output].set(entry)
    }

    /// BIP 174 Input Finalizer for a Taproot key-path input holding PSBT_IN_TAP_KEY_SIG: writes
    /// PSBT_IN_FINAL_SCRIPTWITNESS (the signature alone) and clears every other field but the UTXOs, the version 2
    /// outpoint fields and unknown ones. Throws `inputNotFinalized` when there is no key signature.
    public mutating func finalizeTaprootKeyPath(input: Int) throws {
        guard let signature = taprootKeySignature(input: input) else { throw BitcoinError.inputNotFinalized(input: input) }
        let known: Set<UInt64> = Set(0x00...0x18)
        let keep: Set<UInt64> = [Input.nonWitnessUTXO, Input.witnessUTXO, Input.previousTxid, Input.outputIndex,
                                 Input.sequence, Input.requiredTimeLocktime, Input.requiredHeightLocktime]
        var map = inputs[input]
        map.keepOnly(keep.union(Set(map.entries.map(\.keyType)).subtracting(known)))
        map.set(PSBTEntry(keyType: Input.finalScriptWitness, value: [0x01] + ByteWriter.varBytes(signature)))
        inputs[input] = map
    }

    /// BIP 174 Transaction Extractor: the network transaction with every input's final scriptSig and witness.
    /// Throws `inputNotFinalized` naming the first input without them.
    public func extractTransaction() throws -> BitcoinTransaction {
        var transaction = try unsignedTransaction()
        for index in inputs.indices {
            guard isFinalized(input: index) else { throw BitcoinError.inputNotFinalized(input: index) }
            transaction.inputs[index].scriptSig = inputs[index].value(Input.finalScriptSig) ?? []
            transaction.inputs[index].witness = try inputs[index].value(Input.finalScriptWitness).map(Self.witnessStack) ?? []
        }
        return transaction
    }
}

extension PSBT {
    /// BIP 174 Creator: a version 0 PSBT around an unsigned transaction (scriptSigs and witnesses must be empty),
    /// with empty input and output maps for an Updater to fill. Throws `invalidPSBT` for a signed transaction.
    public init(unsignedTransaction transaction: BitcoinTransaction) throws {
        guard transaction.inputs.allSatisfy({ $0.scriptSig.isEmpty && $0.witness.isEmpty }) else {
            throw BitcoinError.invalidPSBT("the unsigned transaction has a scriptSig or witness")
        }
        global = PSBTMap(entries: [PSBTEntry(keyType: Global.unsignedTx, value: transaction.serialized(withWitness: false))])
        inputs = Array(repeating: PSBTMap(), count: transaction.inputs.count)
        outputs = Array(repeating: PSBTMap(), count: transaction.outputs.count)
        version = 0
    }

    /// BIP 174 Updater for an input of the wallet: PSBT_IN_WITNESS_UTXO, PSBT_IN_TAP_INTERNAL_KEY and
    /// PSBT_IN_TAP_BIP32_DERIVATION (fingerprint and `<0;1>/*` path), what wallets such as Sparrow write.
    public mutating func addWalletInput(_ input: Int, address: TaprootAddress, fingerprint: [UInt8], amount: UInt64) {
        setInputEntry(PSBTEntry(keyType: Input.witnessUTXO,
                                value: TransactionOutput(amount: amount, scriptPubKey: address.scriptPubKey).serialized), input: input)
        setInputEntry(PSBTEntry(keyType: Input.tapInternalKey, value: address.internalKey), input: input)
        setInputEntry(TaprootKeyDerivation(xOnlyKey: address.internalKey, origin: KeyOrigin(fingerprint: fingerprint, path: address.path))
            .entry(keyType: Input.tapBIP32Derivation), input: input)
    }

    /// BIP 174 Updater for an output of the wallet (change): PSBT_OUT_TAP_INTERNAL_KEY and
    /// PSBT_OUT_TAP_BIP32_DERIVATION.
    public mutating func addWalletOutput(_ output: Int, address: TaprootAddress, fingerprint: [UInt8]) {
        setOutputEntry(PSBTEntry(keyType: Output.tapInternalKey, value: address.internalKey), output: output)
        setOutputEntry(TaprootKeyDerivation(xOnlyKey: address.internalKey, origin: KeyOrigin(fingerprint: fingerprint, path: address.path))
            .entry(keyType: Output.tapBIP32Derivation), output: output)
    }
}
