/// One transaction input: the outpoint it spends, its scriptSig, sequence and witness.
public struct TransactionInput: Sendable, Hashable {
    /// The previous transaction's id, in the byte order of the serialization (reversed from how it is shown).
    public var previousTxid: [UInt8]
    /// The index of the output spent.
    public var previousIndex: UInt32
    /// The scriptSig (empty in an unsigned transaction).
    public var scriptSig: [UInt8]
    /// nSequence.
    public var sequence: UInt32
    /// The witness stack (BIP 141).
    public var witness: [[UInt8]]

    /// An input from its fields.
    public init(previousTxid: [UInt8], previousIndex: UInt32, scriptSig: [UInt8] = [], sequence: UInt32 = 0xffff_fffd,
                witness: [[UInt8]] = []) {
        self.previousTxid = previousTxid
        self.previousIndex = previousIndex
        self.scriptSig = scriptSig
        self.sequence = sequence
        self.witness = witness
    }

    /// txid || vout, 36 bytes.
    public var outpoint: [UInt8] { previousTxid + ByteWriter.uint32(previousIndex) }
}

/// One transaction output: an amount in satoshis and a scriptPubKey.
public struct TransactionOutput: Sendable, Hashable {
    /// The amount in satoshis.
    public var amount: UInt64
    /// The scriptPubKey.
    public var scriptPubKey: [UInt8]

    /// An output from its fields.
    public init(amount: UInt64, scriptPubKey: [UInt8]) {
        self.amount = amount
        self.scriptPubKey = scriptPubKey
    }

    /// amount (8 bytes LE) || CompactSize(script) || script: the serialization of an output and of a witness UTXO.
    public var serialized: [UInt8] { ByteWriter.uint64(amount) + ByteWriter.varBytes(scriptPubKey) }

    init(reading reader: inout ByteReader) throws {
        amount = try reader.uint64("an output amount")
        scriptPubKey = try reader.varBytes("an output script")
    }

    /// Parses exactly one serialized output; throws `truncated` or `invalidPSBT` for trailing bytes.
    public init(parsing bytes: [UInt8]) throws {
        var reader = ByteReader(bytes)
        try self.init(reading: &reader)
        guard reader.isAtEnd else { throw BitcoinError.invalidPSBT("bytes after a serialized output") }
    }
}

/// A Bitcoin transaction in the network serialization, with or without witnesses (BIP 144).
public struct BitcoinTransaction: Sendable, Hashable {
    /// nVersion.
    public var version: UInt32
    /// The inputs.
    public var inputs: [TransactionInput]
    /// The outputs.
    public var outputs: [TransactionOutput]
    /// nLockTime.
    public var lockTime: UInt32

    /// A transaction from its fields.
    public init(version: UInt32, inputs: [TransactionInput], outputs: [TransactionOutput], lockTime: UInt32) {
        self.version = version
        self.inputs = inputs
        self.outputs = outputs
        self.lockTime = lockTime
    }

    /// The most inputs or outputs read; far above what fits in a standard transaction.
    public static let maxItems = 100_000

    /// Parses one transaction filling `bytes`. With `allowWitness` false the marker and flag of BIP 144 are refused
    /// (PSBT's unsigned transaction must use the legacy form). Throws `truncated`, `invalidTransaction`, `tooLarge`.
    public init(parsing bytes: [UInt8], allowWitness: Bool = true) throws {
        var reader = ByteReader(bytes)
        version = try reader.uint32("the transaction version")
        var hasWitness = false
        // Without witnesses allowed, a zero byte here is an empty input list (Bitcoin Core's TX_NO_WITNESS).
        if allowWitness, reader.remaining >= 2, reader.bytes[reader.offset] == 0, reader.bytes[reader.offset + 1] != 0 {
            _ = try reader.read(1, "the segwit marker")
            guard try reader.byte("the segwit flag") == 1 else { throw BitcoinError.invalidTransaction("unknown segwit flag") }
            hasWitness = true
        }
        let inputCount = try reader.count("the input count", unit: 41)
        guard inputCount <= Self.maxItems else { throw BitcoinError.tooLarge(what: "inputs", limit: Self.maxItems) }
        inputs = []
        for _ in 0..<inputCount {
            let txid = try reader.read(32, "an input's previous txid")
            let index = try reader.uint32("an input's previous index")
            let scriptSig = try reader.varBytes("an input's scriptSig")
            let sequence = try reader.uint32("an input's sequence")
            inputs.append(TransactionInput(previousTxid: txid, previousIndex: index, scriptSig: scriptSig, sequence: sequence))
        }
        let outputCount = try reader.count("the output count", unit: 9)
        guard outputCount <= Self.maxItems else { throw BitcoinError.tooLarge(what: "outputs", limit: Self.maxItems) }
        outputs = []
        for _ in 0..<outputCount { outputs.append(try TransactionOutput(reading: &reader)) }
        if hasWitness {
            for i in inputs.indices {
                let items = try reader.count("a witness stack size")
                var stack: [[UInt8]] = []
                for _ in 0..<items { stack.append(try reader.varBytes("a witness item")) }
                inputs[i].witness = stack
            }
            guard inputs.contains(where: { !$0.witness.isEmpty }) else {
                throw BitcoinError.invalidTransaction("witness serialization without witnesses")
            }
        }
        lockTime = try reader.uint32("the lock time")
        guard reader.isAtEnd else { throw BitcoinError.invalidTransaction("bytes after the lock time") }
    }

    /// The serialization; with witnesses (BIP 144 marker and flag) when `withWitness` and any input has one.
    public func serialized(withWitness: Bool = true) -> [UInt8] {
        let segwit = withWitness && inputs.contains { !$0.witness.isEmpty }
        var out = ByteWriter.uint32(version)
        if segwit { out += [0x00, 0x01] }
        out += ByteWriter.compactSize(inputs.count)
        for input in inputs {
            out += input.outpoint + ByteWriter.varBytes(input.scriptSig) + ByteWriter.uint32(input.sequence)
        }
        out += ByteWriter.compactSize(outputs.count)
        for output in outputs { out += output.serialized }
        if segwit {
            for input in inputs {
                out += ByteWriter.compactSize(input.witness.count)
                for item in input.witness { out += ByteWriter.varBytes(item) }
            }
        }
        return out + ByteWriter.uint32(lockTime)
    }

    /// The transaction id: HASH256 of the serialization without witnesses, in serialization byte order.
    public var txid: [UInt8] { BitcoinHash.hash256(serialized(withWitness: false)) }

    /// BIP 141 virtual size: weight (4 × base size + witness bytes) divided by 4, rounded up.
    public var virtualSize: Int {
        let base = serialized(withWitness: false).count
        let total = serialized(withWitness: true).count
        return (base * 3 + total + 3) / 4
    }
}
