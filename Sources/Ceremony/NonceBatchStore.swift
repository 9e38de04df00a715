import DeterministicCBOR
import FROST
import UniformResources

/// One preprocessed nonce of a batch, as the device keeps it.
struct BatchNonce: Sendable {
    /// The public commitment (two elements), as issued.
    let commitment: [UInt8]
    /// The secret nonce pair until its share is recorded; nil after.
    let nonces: SecretBytes?
    /// The hash of the one-round package it is claimed for; nil while it is free.
    let packageHash: [UInt8]?
    /// The share it made, once recorded (the nonces are erased in the same write).
    let share: [UInt8]?

    /// Free: never claimed for any package.
    var isFree: Bool { packageHash == nil }
}

/// A batch of preprocessed nonces as the device keeps it.
struct NonceBatchRecord: Sendable {
    /// The batch id (the envelope's session).
    let batch: [UInt8]
    /// The group key the batch is for.
    let groupKey: [UInt8]
    /// When it was issued (Unix time).
    let issuedAt: UInt64
    /// The nonces, by index.
    let nonces: [BatchNonce]

    /// How many are still free.
    var unused: Int { nonces.filter(\.isFree).count }
}

/// Preprocessed nonces (issue 16), one encrypted file per batch beside the two-round nonce files:
/// `<state>/nonces/batch-<group-key-hex>-<batch-hex>.hgvault`.
///
/// The rule is the two-round store's: a nonce pair answers one message only. Using nonce i of a batch for the
/// one-round package with hash h first claims it with `batch-…-<i>.claimed`, a file created by `link()` (which fails
/// when the name exists, so of any number of stores, threads or processes racing for the nonce with different
/// packages exactly one wins) holding h (write point `batch-claimed`); then it durably records the claim in the
/// batch (`batch-consumed`: h beside the nonces), computes the share, and records the share while erasing the nonces
/// in the same write (`batch-share-recorded`). A crash therefore leaves the nonce free (no share was released) or
/// claimed for h: no share for any other package is ever made from it, and the same package again gets the same
/// share (recomputed from the claimed nonces for the same package, which gives the same share, or read back once
/// recorded). Any unused index may be used, in any order: concurrent sessions may reach a device in another order
/// than the coordinator started them, and the per-index claim is what prevents reuse, so an in-order rule would only
/// refuse valid sessions.
///
/// Nonces are fresh CSPRNG output hedged with the secret share (RFC 9591 §4.1 `nonce_generate`; BIP 445 NonceGen
/// without a message), never derived from the host seed: none follows from another or from a backup, and a device
/// restored from its backup holds no batch, so every batch it issued before is dead (`unknownNonceBatch`). A batch
/// lives at most `maxAge` (after that it is refused and dropped), which bounds how long a copy of a state directory
/// could hold usable nonces; at `maxBatchesPerGroup` the oldest batch is dropped whatever it still holds (dropping
/// nonces is always safe: their commitments just stop signing).
///
/// CDDL: `batch-record = { 0: 1, 1: batch: bstr .size 32, 2: group-key: bstr .size 32, 3: issued: uint,
///   4: [1*64 { 1: commitment: bstr .size 64 / 66, ? 2: nonces: bstr .size 64, ? 3: package-hash: bstr .size 32,
///   ? 4: share: bstr .size 32 }] }` (free: 2; claimed: 2 and 3; spent: 3 and 4).
struct NonceBatchStore: Sendable {
    let directory: String
    let vault: StateVault

    /// The most batches a device keeps per group; issuing one more drops the oldest.
    static let maxBatchesPerGroup = 16

    /// How long a batch may be used after it was issued (seconds): 30 days.
    static let maxAge: UInt64 = 30 * 24 * 3600

    private func prefix(_ groupKey: [UInt8]) -> String { "batch-" + Base16.encode(groupKey) + "-" }

    func path(groupKey: [UInt8], batch: [UInt8]) -> String {
        directory + "/" + prefix(groupKey) + Base16.encode(batch) + ".hgvault"
    }

    func claimPath(groupKey: [UInt8], batch: [UInt8], index: Int) -> String {
        directory + "/" + prefix(groupKey) + Base16.encode(batch) + "-\(index).claimed"
    }

    /// The batch ids kept for a group.
    func batches(groupKey: [UInt8]) -> [[UInt8]] {
        let start = prefix(groupKey)
        return AtomicFile.list(directory).filter { $0.hasPrefix(start) && $0.hasSuffix(".hgvault") }.compactMap {
            Base16.decode(String($0.dropFirst(start.count).dropLast(".hgvault".count)))
        }
    }

    /// A batch's record, or nil when this device keeps none under that id for the group.
    func record(groupKey: [UInt8], batch: [UInt8]) throws -> NonceBatchRecord? {
        let file = path(groupKey: groupKey, batch: batch)
        guard var plaintext = try vault.read(file) else { return nil }
        defer { wipe(&plaintext) }
        return try NonceBatchStore.decode(plaintext, groupKey: groupKey, batch: batch, file: file)
    }

    /// The free nonces of every batch of the group that is still usable at `now`.
    func unusedCount(groupKey: [UInt8], now: UInt64) throws -> Int {
        try batches(groupKey: groupKey).reduce(0) { total, batch in
            guard let record = try record(groupKey: groupKey, batch: batch), now <= record.issuedAt &+ Self.maxAge
            else { return total }
            return total + record.unused
        }
    }

    /// Deletes a batch, then its claim files. A crash in between leaves only claim files no batch names.
    private func remove(groupKey: [UInt8], batch: [UInt8], count: Int) throws {
        try AtomicFile.remove(path(groupKey: groupKey, batch: batch))
        for index in 0..<count { try AtomicFile.remove(claimPath(groupKey: groupKey, batch: batch, index: index)) }
    }

    /// Durably stores a new batch (write point `batch-issued`) before its commitments are shown. Batches past
    /// `maxAge` at `record.issuedAt` go first; at the per-group limit the oldest one goes too.
    func save(_ record: NonceBatchRecord) throws {
        var kept = try batches(groupKey: record.groupKey).compactMap {
            try self.record(groupKey: record.groupKey, batch: $0)
        }.sorted { $0.issuedAt < $1.issuedAt }
        for old in kept where record.issuedAt > old.issuedAt &+ Self.maxAge {
            try remove(groupKey: old.groupKey, batch: old.batch, count: old.nonces.count)
        }
        kept.removeAll { record.issuedAt > $0.issuedAt &+ Self.maxAge }
        while kept.count >= Self.maxBatchesPerGroup, let oldest = kept.first {
            try remove(groupKey: oldest.groupKey, batch: oldest.batch, count: oldest.nonces.count)
            kept.removeFirst()
        }
        try write(record, file: "batch-issued")
    }

    /// Takes nonces `indices` (distinct) of a batch out for the package with `packageHash`: claims each free one for
    /// it (write point `batch-claimed`, refused if another package holds the claim), durably records the claims
    /// (`batch-consumed`) and returns the nonces concatenated in the order of `indices`; nonces claimed for the same
    /// package before (a restart) come back as they are. Throws `unknownNonceBatch`, or `preprocessedNonceUsed` for an
    /// index claimed for another package or already spent.
    func consume(groupKey: [UInt8], batch: [UInt8], indices: [Int], packageHash: [UInt8]) throws -> SecretBytes {
        guard Set(indices).count == indices.count, !indices.isEmpty else {
            throw CeremonyError.invalidParameters(reason: "a package names one preprocessed nonce twice")
        }
        guard let record = try record(groupKey: groupKey, batch: batch) else {
            throw CeremonyError.unknownNonceBatch(batch: shortHex(batch))
        }
        var taken: [UInt8] = []
        taken.reserveCapacity(64 * indices.count)
        defer { wipe(&taken) }
        var nonces = record.nonces
        var claims = false
        for index in indices {
            guard nonces.indices.contains(index), let secret = nonces[index].nonces,
                nonces[index].isFree || nonces[index].packageHash == packageHash
            else {
                throw CeremonyError.preprocessedNonceUsed(batch: shortHex(batch), index: index)
            }
            // The atomic step: another store or process racing for this nonce with another package loses here.
            let claim = claimPath(groupKey: groupKey, batch: batch, index: index)
            if !(try AtomicFile.claim(packageHash, at: claim, file: "batch-claimed", hook: vault.hook)) {
                guard try AtomicFile.read(claim, limit: 64) == packageHash else {
                    throw CeremonyError.preprocessedNonceUsed(batch: shortHex(batch), index: index)
                }
            }
            var bytes = secret.exposeSecretBytes()
            defer { wipe(&bytes) }
            taken += bytes
            if nonces[index].isFree {
                claims = true
                nonces[index] = BatchNonce(
                    commitment: nonces[index].commitment, nonces: secret, packageHash: packageHash, share: nil)
            }
        }
        if claims {
            try write(
                NonceBatchRecord(batch: batch, groupKey: groupKey, issuedAt: record.issuedAt, nonces: nonces),
                file: "batch-consumed")
        }
        return SecretBytes(taken)
    }

    /// Records the shares made from nonces `indices` (32 bytes each, one per index, in the same order), so the same
    /// package asked again gets the same shares (write point `batch-share-recorded`); the nonces are erased.
    func recordShares(groupKey: [UInt8], batch: [UInt8], indices: [Int], packageHash: [UInt8], shares: [[UInt8]])
        throws
    {
        guard indices.count == shares.count, shares.allSatisfy({ $0.count == 32 }) else {
            throw CeremonyError.invalidParameters(reason: "not one 32-byte share per preprocessed nonce")
        }
        guard let record = try record(groupKey: groupKey, batch: batch) else {
            throw CeremonyError.unknownNonceBatch(batch: shortHex(batch))
        }
        var nonces = record.nonces
        for (index, share) in zip(indices, shares) {
            guard nonces.indices.contains(index), nonces[index].packageHash == packageHash else {
                throw CeremonyError.preprocessedNonceUsed(batch: shortHex(batch), index: index)
            }
            nonces[index] = BatchNonce(
                commitment: nonces[index].commitment, nonces: nil, packageHash: packageHash, share: share)
        }
        try write(
            NonceBatchRecord(batch: batch, groupKey: groupKey, issuedAt: record.issuedAt, nonces: nonces),
            file: "batch-share-recorded")
    }

    private func write(_ record: NonceBatchRecord, file: String) throws {
        var secrets: [[UInt8]] = record.nonces.map { $0.nonces?.exposeSecretBytes() ?? [] }
        defer { for index in secrets.indices { wipe(&secrets[index]) } }
        let entries: [CBOR] = zip(record.nonces, secrets).map { nonce, secret in
            var map = CBORMap([(1, .bytes(nonce.commitment))])
            if nonce.nonces != nil { map[2] = .bytes(secret) }
            if let hash = nonce.packageHash { map[3] = .bytes(hash) }
            if let share = nonce.share { map[4] = .bytes(share) }
            return .map(map)
        }
        var plaintext = CBOR.map(
            CBORMap([
                (0, .unsigned(CeremonyProtocol.version)), (1, .bytes(record.batch)), (2, .bytes(record.groupKey)),
                (3, .unsigned(record.issuedAt)), (4, .array(entries)),
            ])
        ).encoded
        defer { wipe(&plaintext) }
        try vault.write(plaintext, to: path(groupKey: record.groupKey, batch: record.batch), file: file)
    }

    /// Decodes a batch record; every secret nonce is wiped from memory except the copies in the returned record.
    static func decode(_ plaintext: [UInt8], groupKey: [UInt8], batch: [UInt8], file: String) throws
        -> NonceBatchRecord
    {
        // The secret nonces are read inside `decodeFields` and its decoded tree is released when it returns: only then
        // are their buffers (shared with the tree until that point) this function's alone, so that `wipe` clears them
        // in place (as `NonceStore.decode` does).
        var secrets: [[UInt8]?] = []
        defer { for index in secrets.indices { if secrets[index] != nil { wipe(&secrets[index]!) } } }
        let record = try decodeFields(plaintext, groupKey: groupKey, batch: batch, file: file, secrets: &secrets)
        return NonceBatchRecord(
            batch: record.batch, groupKey: record.groupKey, issuedAt: record.issuedAt,
            nonces: zip(record.nonces, secrets).map { nonce, secret in
                BatchNonce(
                    commitment: nonce.commitment, nonces: secret.map { SecretBytes($0) },
                    packageHash: nonce.packageHash, share: nonce.share)
            })
    }

    /// The record with no nonces in it; the nonces (nil for a spent one), by index, in `secrets`.
    private static func decodeFields(
        _ plaintext: [UInt8], groupKey: [UInt8], batch: [UInt8], file: String, secrets: inout [[UInt8]?]
    ) throws -> NonceBatchRecord {
        let name = "nonce batch record"
        do {
            let item = try CeremonyProtocol.decode(plaintext, message: name)
            let fields = try MessageFields(item, message: name, allowed: [0, 1, 2, 3, 4])
            try fields.version()
            guard try fields.bytes(1, "batch", count: 32) == batch,
                try fields.bytes(2, "group key", count: 32) == groupKey
            else { throw CeremonyError.corruptedState(file: file, reason: "it belongs to another batch or group") }
            var nonces: [BatchNonce] = []
            for entry in try fields.array(4, "nonces", count: 1...NonceBatchPayload.maxCount) {
                let nonce = try MessageFields(entry, message: name, allowed: [1, 2, 3, 4])
                let commitment = try MessageFields.bytes(
                    try nonce.value(1, "commitment"), message: name, field: "commitment", sizes: 64...66)
                guard commitment.count != 65, commitment.count == (nonces.first?.commitment.count ?? commitment.count)
                else { throw CeremonyError.corruptedState(file: file, reason: "the commitments differ in size") }
                // Free {1, 2}, claimed {1, 2, 3}, spent {1, 3, 4}.
                guard nonce.has(2) != nonce.has(4), nonce.has(3) || !nonce.has(4) else {
                    throw CeremonyError.corruptedState(file: file, reason: "a nonce is neither free, claimed nor spent")
                }
                secrets.append(nonce.has(2) ? try nonce.bytes(2, "nonces", count: 64) : nil)
                nonces.append(
                    BatchNonce(
                        commitment: commitment, nonces: nil,
                        packageHash: nonce.has(3) ? try nonce.bytes(3, "package hash", count: 32) : nil,
                        share: nonce.has(4) ? try nonce.bytes(4, "share", count: 32) : nil))
            }
            return NonceBatchRecord(
                batch: batch, groupKey: groupKey, issuedAt: try fields.unsigned(3, "issue time"), nonces: nonces)
        } catch let error as CeremonyError {
            if case .corruptedState = error { throw error }
            throw CeremonyError.corruptedState(file: file, reason: error.description)
        }
    }
}
