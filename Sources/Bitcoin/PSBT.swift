import FROST

/// One key-value pair of a PSBT map (BIP 174 §"Specification"): the key type, the key data after it, the value.
public struct PSBTEntry: Sendable, Hashable {
    /// The key type (a CompactSize in the serialization).
    public let keyType: UInt64
    /// The key data after the type.
    public let keyData: [UInt8]
    /// The value.
    public var value: [UInt8]

    /// An entry from its parts.
    public init(keyType: UInt64, keyData: [UInt8] = [], value: [UInt8]) {
        self.keyType = keyType
        self.keyData = keyData
        self.value = value
    }

    /// The key as serialized: CompactSize(type) || key data.
    public var key: [UInt8] { ByteWriter.compactSize(keyType) + keyData }
}

/// A BIP 32 origin in a PSBT value: the master fingerprint and the path.
public struct KeyOrigin: Sendable, Hashable {
    /// The master key fingerprint.
    public let fingerprint: [UInt8]
    /// The path's child numbers (hardened ones ≥ 2^31).
    public let path: [UInt32]

    /// An origin from its parts.
    public init(fingerprint: [UInt8], path: [UInt32]) {
        self.fingerprint = fingerprint
        self.path = path
    }

    init(parsing value: [UInt8]) throws {
        guard value.count >= 4, value.count % 4 == 0, value.count <= 4 + 4 * 255 else {
            throw BitcoinError.invalidPSBT("a key origin must be a 4-byte fingerprint and up to 255 4-byte steps")
        }
        var reader = ByteReader(value)
        fingerprint = try reader.read(4, "a fingerprint")
        var path: [UInt32] = []
        while !reader.isAtEnd { path.append(try reader.uint32("a path step")) }
        self.path = path
    }

    var serialized: [UInt8] { fingerprint + path.flatMap(ByteWriter.uint32) }
}

/// PSBT_IN/OUT_TAP_BIP32_DERIVATION (BIP 371): an x-only key, the leaf hashes it signs in, and its origin.
public struct TaprootKeyDerivation: Sendable, Hashable {
    /// The x-only public key (the key data).
    public let xOnlyKey: [UInt8]
    /// The leaf hashes the key appears in (empty for an internal key used on the key path).
    public let leafHashes: [[UInt8]]
    /// The key's origin.
    public let origin: KeyOrigin

    /// A derivation from its parts.
    public init(xOnlyKey: [UInt8], leafHashes: [[UInt8]] = [], origin: KeyOrigin) {
        self.xOnlyKey = xOnlyKey
        self.leafHashes = leafHashes
        self.origin = origin
    }

    init(keyData: [UInt8], value: [UInt8]) throws {
        guard keyData.count == 32 else { throw BitcoinError.invalidPSBT("a Taproot derivation's key must be 32 bytes") }
        var reader = ByteReader(value)
        let count = try reader.count("a leaf hash count", unit: 32)
        var hashes: [[UInt8]] = []
        for _ in 0..<count { hashes.append(try reader.read(32, "a leaf hash")) }
        xOnlyKey = keyData
        leafHashes = hashes
        origin = try KeyOrigin(parsing: Array(value[reader.offset...]))
    }

    /// The entry of key type `keyType` (0x16 for inputs, 0x07 for outputs).
    public func entry(keyType: UInt64) -> PSBTEntry {
        PSBTEntry(keyType: keyType, keyData: xOnlyKey,
                  value: ByteWriter.compactSize(leafHashes.count) + leafHashes.flatMap { $0 } + origin.serialized)
    }
}

/// One map of a PSBT, its entries in the order read or set. Keys are unique within a map.
public struct PSBTMap: Sendable, Hashable {
    /// The entries.
    public private(set) var entries: [PSBTEntry] = []

    /// An empty map.
    public init() {}

    init(entries: [PSBTEntry]) { self.entries = entries }

    /// The value of the entry with this key type and key data.
    public func value(_ keyType: UInt64, keyData: [UInt8] = []) -> [UInt8]? {
        entries.first { $0.keyType == keyType && $0.keyData == keyData }?.value
    }

    /// Every entry of a key type.
    public func all(_ keyType: UInt64) -> [PSBTEntry] { entries.filter { $0.keyType == keyType } }

    /// Sets an entry, replacing one with the same key.
    public mutating func set(_ entry: PSBTEntry) {
        if let index = entries.firstIndex(where: { $0.keyType == entry.keyType && $0.keyData == entry.keyData }) {
            entries[index] = entry
        } else {
            entries.append(entry)
        }
    }

    /// Removes every entry whose key type is not in `keep`.
    public mutating func keepOnly(_ keep: Set<UInt64>) { entries.removeAll { !keep.contains($0.keyType) } }

    var serialized: [UInt8] {
        entries.flatMap { ByteWriter.varBytes($0.key) + ByteWriter.varBytes($0.value) } + [0x00]
    }
}

/// A Partially Signed Bitcoin Transaction, version 0 (BIP 174) or 2 (BIP 370), with the Taproot fields of BIP 371.
/// Parsing is strict and bounded; the maps keep every entry, known or not, so a PSBT serializes back as it came
/// (entries this library sets are replaced in place or appended).
public struct PSBT: Sendable, Hashable {
    /// The global map.
    public internal(set) var global: PSBTMap
    /// One map per input.
    public internal(set) var inputs: [PSBTMap]
    /// One map per output.
    public internal(set) var outputs: [PSBTMap]
    /// 0 or 2.
    public let version: UInt32

    /// The largest PSBT read: 4 MB, a full block.
    public static let maxSize = 4_000_000
    /// The most entries in one map.
    public static let maxEntries = 10_000

    /// The magic bytes "psbt" 0xff.
    public static let magic: [UInt8] = [0x70, 0x73, 0x62, 0x74, 0xff]

    // Key types (BIP 174 / 370 / 371).
    enum Global {
        static let unsignedTx: UInt64 = 0x00, xpub: UInt64 = 0x01, txVersion: UInt64 = 0x02
        static let fallbackLocktime: UInt64 = 0x03, inputCount: UInt64 = 0x04, outputCount: UInt64 = 0x05
        static let txModifiable: UInt64 = 0x06, version: UInt64 = 0xfb, proprietary: UInt64 = 0xfc
    }
    enum Input {
        static let nonWitnessUTXO: UInt64 = 0x00, witnessUTXO: UInt64 = 0x01, partialSig: UInt64 = 0x02
        static let sighashType: UInt64 = 0x03, redeemScript: UInt64 = 0x04, witnessScript: UInt64 = 0x05
        static let bip32Derivation: UInt64 = 0x06, finalScriptSig: UInt64 = 0x07, finalScriptWitness: UInt64 = 0x08
        static let previousTxid: UInt64 = 0x0e, outputIndex: UInt64 = 0x0f, sequence: UInt64 = 0x10
        static let requiredTimeLocktime: UInt64 = 0x11, requiredHeightLocktime: UInt64 = 0x12
        static let tapKeySig: UInt64 = 0x13, tapScriptSig: UInt64 = 0x14, tapLeafScript: UInt64 = 0x15
        static let tapBIP32Derivation: UInt64 = 0x16, tapInternalKey: UInt64 = 0x17, tapMerkleRoot: UInt64 = 0x18
    }
    enum Output {
        static let redeemScript: UInt64 = 0x00, witnessScript: UInt64 = 0x01, bip32Derivation: UInt64 = 0x02
        static let amount: UInt64 = 0x03, script: UInt64 = 0x04, tapInternalKey: UInt64 = 0x05, tapTree: UInt64 = 0x06
        static let tapBIP32Derivation: UInt64 = 0x07
    }

    /// Parses a binary PSBT. Throws `truncated`, `duplicateKey`, `tooLarge`, and `invalidPSBT` or
    /// `invalidTransaction` naming the field that breaks BIP 174 / 370 / 371.
    public init(parsing bytes: [UInt8]) throws {
        guard bytes.count <= Self.maxSize else { throw BitcoinError.tooLarge(what: "the PSBT", limit: Self.maxSize) }
        guard bytes.starts(with: Self.magic) else { throw BitcoinError.invalidPSBT("no magic bytes \"psbt\" 0xff") }
        var reader = ByteReader(bytes, offset: Self.magic.count)
        global = try Self.readMap(&reader, "global")
        let versionValue = global.value(Global.version)
        if let versionValue {
            guard versionValue.count == 4 else { throw BitcoinError.invalidPSBT("PSBT_GLOBAL_VERSION must be 4 bytes") }
            var versionReader = ByteReader(versionValue)
            version = try versionReader.uint32("the version")
        } else {
            version = 0
        }
        guard version == 0 || version == 2 else { throw BitcoinError.invalidPSBT("version \(version) is not 0 or 2") }
        try Self.checkGlobal(global, version: version)
        let inputCount: Int, outputCount: Int
        if version == 0 {
            guard let txBytes = global.value(Global.unsignedTx) else {
                throw BitcoinError.invalidPSBT("a version 0 PSBT needs PSBT_GLOBAL_UNSIGNED_TX")
            }
            let tx = try BitcoinTransaction(parsing: txBytes, allowWitness: false)
            guard tx.inputs.allSatisfy({ $0.scriptSig.isEmpty && $0.witness.isEmpty }) else {
                throw BitcoinError.invalidPSBT("the unsigned transaction has a scriptSig or witness")
            }
            inputCount = tx.inputs.count
            outputCount = tx.outputs.count
        } else {
            inputCount = try Self.countField(global, Global.inputCount, "PSBT_GLOBAL_INPUT_COUNT")
            outputCount = try Self.countField(global, Global.outputCount, "PSBT_GLOBAL_OUTPUT_COUNT")
        }
        // Each map takes at least its separator byte, so counts beyond the bytes left are truncations.
        guard inputCount + outputCount <= reader.remaining else { throw BitcoinError.truncated(what: "the input and output maps") }
        inputs = []
        for index in 0..<inputCount {
            let map = try Self.readMap(&reader, "input \(index)")
            try Self.checkInput(map, index: index, version: version)
            inputs.append(map)
        }
        outputs = []
        for index in 0..<outputCount {
            let map = try Self.readMap(&reader, "output \(index)")
            try Self.checkOutput(map, index: index, version: version)
            outputs.append(map)
        }
        guard reader.isAtEnd else { throw BitcoinError.invalidPSBT("bytes after the last output map") }
    }

    /// The binary serialization.
    public var serialized: [UInt8] {
        Self.magic + global.serialized + inputs.flatMap(\.serialized) + outputs.flatMap(\.serialized)
    }

    private static func readMap(_ reader: inout ByteReader, _ name: String) throws -> PSBTMap {
        var entries: [PSBTEntry] = []
        var keys = Set<[UInt8]>()
        while true {
            let key = try reader.varBytes("a key in the \(name) map")
            if key.isEmpty { break }
            guard entries.count < maxEntries else { throw BitcoinError.tooLarge(what: "entries in the \(name) map", limit: maxEntries) }
            var keyReader = ByteReader(key)
            let keyType = try keyReader.compactSize("a key type in the \(name) map")
            let value = try reader.varBytes("a value in the \(name) map")
            guard keys.insert(key).inserted else { throw BitcoinError.duplicateKey(map: name, keyType: keyType) }
            entries.append(PSBTEntry(keyType: keyType, keyData: Array(key[keyReader.offset...]), value: value))
        }
        return PSBTMap(entries: entries)
    }

    private static func countField(_ map: PSBTMap, _ type: UInt64, _ name: String) throws -> Int {
        guard let value = map.value(type) else { throw BitcoinError.invalidPSBT("a version 2 PSBT needs \(name)") }
        var reader = ByteReader(value)
        let count = try reader.compactSize(name)
        guard reader.isAtEnd else { throw BitcoinError.invalidPSBT("\(name) has trailing bytes") }
        guard count <= UInt64(BitcoinTransaction.maxItems) else { throw BitcoinError.tooLarge(what: name, limit: BitcoinTransaction.maxItems) }
        return Int(count)
    }

    /// The rules of one entry: the key data length it allows (nil: any), its value length (nil: any), and the
    /// PSBT versions it may appear in.
    private struct Rule {
        let name: String
        var keyData: Set<Int>? = [0]
        var value: Set<Int>? = nil
        var versions: Set<UInt32> = [0, 2]
    }

    private static let globalRules: [UInt64: Rule] = [
        Global.unsignedTx: Rule(name: "PSBT_GLOBAL_UNSIGNED_TX", versions: [0]),
        Global.xpub: Rule(name: "PSBT_GLOBAL_XPUB", keyData: [78]),
        Global.txVersion: Rule(name: "PSBT_GLOBAL_TX_VERSION", value: [4], versions: [2]),
        Global.fallbackLocktime: Rule(name: "PSBT_GLOBAL_FALLBACK_LOCKTIME", value: [4], versions: [2]),
        Global.inputCount: Rule(name: "PSBT_GLOBAL_INPUT_COUNT", versions: [2]),
        Global.outputCount: Rule(name: "PSBT_GLOBAL_OUTPUT_COUNT", versions: [2]),
        Global.txModifiable: Rule(name: "PSBT_GLOBAL_TX_MODIFIABLE", value: [1], versions: [2]),
        Global.version: Rule(name: "PSBT_GLOBAL_VERSION", value: [4]),
    ]
    private static let inputRules: [UInt64: Rule] = [
        Input.nonWitnessUTXO: Rule(name: "PSBT_IN_NON_WITNESS_UTXO"),
        Input.witnessUTXO: Rule(name: "PSBT_IN_WITNESS_UTXO"),
        Input.partialSig: Rule(name: "PSBT_IN_PARTIAL_SIG", keyData: [33, 65]),
        Input.sighashType: Rule(name: "PSBT_IN_SIGHASH_TYPE", value: [4]),
        Input.redeemScript: Rule(name: "PSBT_IN_REDEEM_SCRIPT"),
        Input.witnessScript: Rule(name: "PSBT_IN_WITNESS_SCRIPT"),
        Input.bip32Derivation: Rule(name: "PSBT_IN_BIP32_DERIVATION", keyData: [33, 65]),
        Input.finalScriptSig: Rule(name: "PSBT_IN_FINAL_SCRIPTSIG"),
        Input.finalScriptWitness: Rule(name: "PSBT_IN_FINAL_SCRIPTWITNESS"),
        Input.previousTxid: Rule(name: "PSBT_IN_PREVIOUS_TXID", value: [32], versions: [2]),
        Input.outputIndex: Rule(name: "PSBT_IN_OUTPUT_INDEX", value: [4], versions: [2]),
        Input.sequence: Rule(name: "PSBT_IN_SEQUENCE", value: [4], versions: [2]),
        Input.requiredTimeLocktime: Rule(name: "PSBT_IN_REQUIRED_TIME_LOCKTIME", value: [4], versions: [2]),
        Input.requiredHeightLocktime: Rule(name: "PSBT_IN_REQUIRED_HEIGHT_LOCKTIME", value: [4], versions: [2]),
        Input.tapKeySig: Rule(name: "PSBT_IN_TAP_KEY_SIG", value: [64, 65]),
        Input.tapScriptSig: Rule(name: "PSBT_IN_TAP_SCRIPT_SIG", keyData: [64], value: [64, 65]),
        Input.tapLeafScript: Rule(name: "PSBT_IN_TAP_LEAF_SCRIPT", keyData: Set((0...128).map { 33 + 32 * $0 })),
        Input.tapBIP32Derivation: Rule(name: "PSBT_IN_TAP_BIP32_DERIVATION", keyData: [32]),
        Input.tapInternalKey: Rule(name: "PSBT_IN_TAP_INTERNAL_KEY", value: [32]),
        Input.tapMerkleRoot: Rule(name: "PSBT_IN_TAP_MERKLE_ROOT", value: [32]),
    ]
    private static let outputRules: [UInt64: Rule] = [
        Output.redeemScript: Rule(name: "PSBT_OUT_REDEEM_SCRIPT"),
        Output.witnessScript: Rule(name: "PSBT_OUT_WITNESS_SCRIPT"),
        Output.bip32Derivation: Rule(name: "PSBT_OUT_BIP32_DERIVATION", keyData: [33, 65]),
        Output.amount: Rule(name: "PSBT_OUT_AMOUNT", value: [8], versions: [2]),
        Output.script: Rule(name: "PSBT_OUT_SCRIPT", versions: [2]),
        Output.tapInternalKey: Rule(name: "PSBT_OUT_TAP_INTERNAL_KEY", value: [32]),
        Output.tapTree: Rule(name: "PSBT_OUT_TAP_TREE"),
        Output.tapBIP32Derivation: Rule(name: "PSBT_OUT_TAP_BIP32_DERIVATION", keyData: [32]),
    ]

    private static func checkRules(_ map: PSBTMap, _ rules: [UInt64: Rule], version: UInt32, where place: String) throws {
        for entry in map.entries {
            guard let rule = rules[entry.keyType] else { continue }
            guard rule.versions.contains(version) else {
                throw BitcoinError.invalidPSBT("\(rule.name) is not allowed in a version \(version) PSBT (\(place))")
            }
            if let allowed = rule.keyData, !allowed.contains(entry.keyData.count) {
                throw BitcoinError.invalidPSBT("\(rule.name) has key data of \(entry.keyData.count) bytes (\(place))")
            }
            if let allowed = rule.value, !allowed.contains(entry.value.count) {
                throw BitcoinError.invalidPSBT("\(rule.name) has a value of \(entry.value.count) bytes (\(place))")
            }
        }
    }

    private static func checkGlobal(_ map: PSBTMap, version: UInt32) throws {
        try checkRules(map, globalRules, version: version, where: "global")
        for entry in map.all(Global.xpub) {
            _ = try KeyOrigin(parsing: entry.value)
        }
        if version == 2 {
            guard let txVersion = map.value(Global.txVersion) else {
                throw BitcoinError.invalidPSBT("a version 2 PSBT needs PSBT_GLOBAL_TX_VERSION")
            }
            var reader = ByteReader(txVersion)
            guard try reader.uint32("the transaction version") >= 2 else {
                throw BitcoinError.invalidPSBT("PSBT_GLOBAL_TX_VERSION must be at least 2")
            }
        }
    }

    private static func checkInput(_ map: PSBTMap, index: Int, version: UInt32) throws {
        let place = "input \(index)"
        try checkRules(map, inputRules, version: version, where: place)
        if let utxo = map.value(Input.witnessUTXO) { _ = try TransactionOutput(parsing: utxo) }
        if let tx = map.value(Input.nonWitnessUTXO) { _ = try BitcoinTransaction(parsing: tx) }
        for entry in map.all(Input.partialSig) + map.all(Input.bip32Derivation) {
            guard entry.keyData.count == 65 ? entry.keyData[0] == 0x04 : Secp256k1Keys.isValidCompressed(entry.keyData) else {
                throw BitcoinError.invalidPSBT("a public key in \(place) is not a valid point")
            }
        }
        for entry in map.all(Input.bip32Derivation) { _ = try KeyOrigin(parsing: entry.value) }
        for entry in map.all(Input.tapBIP32Derivation) { _ = try TaprootKeyDerivation(keyData: entry.keyData, value: entry.value) }
        for entry in map.all(Input.tapLeafScript) {
            guard !entry.value.isEmpty else { throw BitcoinError.invalidPSBT("an empty PSBT_IN_TAP_LEAF_SCRIPT in \(place)") }
        }
        if let witness = map.value(Input.finalScriptWitness) { _ = try Self.witnessStack(witness) }
        if version == 2 {
            guard map.value(Input.previousTxid) != nil else { throw BitcoinError.invalidPSBT("\(place) lacks PSBT_IN_PREVIOUS_TXID") }
            guard map.value(Input.outputIndex) != nil else { throw BitcoinError.invalidPSBT("\(place) lacks PSBT_IN_OUTPUT_INDEX") }
            if let time = map.value(Input.requiredTimeLocktime), littleEndian(time) < 500_000_000 {
                throw BitcoinError.invalidPSBT("PSBT_IN_REQUIRED_TIME_LOCKTIME below 500000000 in \(place)")
            }
            if let height = map.value(Input.requiredHeightLocktime) {
                let value = littleEndian(height)
                guard value > 0, value < 500_000_000 else {
                    throw BitcoinError.invalidPSBT("PSBT_IN_REQUIRED_HEIGHT_LOCKTIME outside 1...499999999 in \(place)")
                }
            }
        }
    }

    private static func checkOutput(_ map: PSBTMap, index: Int, version: UInt32) throws {
        let place = "output \(index)"
        try checkRules(map, outputRules, version: version, where: place)
        for entry in map.all(Output.bip32Derivation) {
            guard entry.keyData.count == 65 ? entry.keyData[0] == 0x04 : Secp256k1Keys.isValidCompressed(entry.keyData) else {
                throw BitcoinError.invalidPSBT("a public key in \(place) is not a valid point")
            }
            _ = try KeyOrigin(parsing: entry.value)
        }
        for entry in map.all(Output.tapBIP32Derivation) { _ = try TaprootKeyDerivation(keyData: entry.keyData, value: entry.value) }
        if let tree = map.value(Output.tapTree) {
            var reader = ByteReader(tree)
            guard !reader.isAtEnd else { throw BitcoinError.invalidPSBT("an empty PSBT_OUT_TAP_TREE in \(place)") }
            while !reader.isAtEnd {
                guard try reader.byte("a leaf depth") <= 128 else { throw BitcoinError.invalidPSBT("a tap tree deeper than 128") }
                _ = try reader.byte("a leaf version")
                _ = try reader.varBytes("a leaf script")
            }
        }
        if version == 2 {
            guard map.value(Output.amount) != nil else { throw BitcoinError.invalidPSBT("\(place) lacks PSBT_OUT_AMOUNT") }
            guard map.value(Output.script) != nil else { throw BitcoinError.invalidPSBT("\(place) lacks PSBT_OUT_SCRIPT") }
        }
    }

    /// A serialized witness stack (PSBT_IN_FINAL_SCRIPTWITNESS): CompactSize count, then each item.
    static func witnessStack(_ bytes: [UInt8]) throws -> [[UInt8]] {
        var reader = ByteReader(bytes)
        let count = try reader.count("a witness stack size")
        var stack: [[UInt8]] = []
        for _ in 0..<count { stack.append(try reader.varBytes("a witness item")) }
        guard reader.isAtEnd else { throw BitcoinError.invalidPSBT("bytes after a witness stack") }
        return stack
    }
}

func littleEndian(_ bytes: [UInt8]) -> UInt64 {
    bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
}
