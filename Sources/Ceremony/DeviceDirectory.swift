import DeterministicCBOR
import FROST
import UniformResources

/// A device's state directory:
///
/// ```
/// <path>/device.hgvault            encrypted (StateVault): host seed, label, DKG sessions, groups, sign requests
/// <path>/nonces/<session>.hgvault  encrypted pending / consumed signing nonces (NonceStore)
/// <path>/nonces/batch-<group>-<batch>.hgvault  encrypted preprocessed nonces for one-round signing (NonceBatchStore)
/// ```
/// Every write is atomic and durable (temp file, fsync, rename, fsync of the directory); a wrong passphrase or a
/// damaged file is a typed error and nothing is overwritten. Save a transition's state BEFORE showing its
/// outgoing messages, so a crash never leaves a sent message the device does not remember.
///
/// One process at a time: opening or creating takes an exclusive `flock` on `<path>/lock`, held while any copy of
/// the value (or of another open of it in this process) lives; another process gets `deviceInUse`.
///
/// Bounded state (`Limits`): a signing request is kept whole only until its share is made; then, or when it
/// expires unanswered, it becomes a `FinishedRequest` of about 170 bytes, which is dropped (with its nonce files)
/// once the request has expired. Failed key generations are dropped once their invite has expired. A new request or
/// invite that would cross a limit is refused with `deviceStateFull` before anything is written, and every save
/// checks the encoded state against `StateVault.maxFileBytes` before writing, so the device can always open its
/// own state.
public struct DeviceDirectory: Sendable {
    /// The directory.
    public let path: String
    /// The device's host key, from the stored seed.
    public let host: HostKey
    let vault: StateVault
    let lock: DeviceLock
    /// DKG sessions, in progress or finished, by session id.
    public private(set) var dkgSessions: [[UInt8]: DKGDevice]
    /// Finished groups whose key is usable (certificate verified), by group key, at their latest epoch.
    public private(set) var groups: [[UInt8]: GroupRecord]
    /// Share refreshes this device took part in, by session.
    public private(set) var refreshSessions: [[UInt8]: RefreshDevice] = [:]
    /// The record of the epoch before a refresh, by group key, kept (and usable by requests naming its epoch) until
    /// this device sees a valid test signature made with the new shares (`RefreshEvent.oldShareDestroyed`).
    public private(set) var retiredGroups: [[UInt8]: GroupRecord] = [:]
    /// Enrollments this device took part in (as a member or as the new device), by session.
    public private(set) var enrollSessions: [[UInt8]: EnrollmentDevice] = [:]
    /// Public records of groups this device is about to join as a new device (scanned from the coordinator), by key.
    public private(set) var knownGroups: [[UInt8]: GroupRecord] = [:]
    /// Signing requests this device committed to and has not yet made its share for, by session.
    public private(set) var signRequests: [[UInt8]: SignRequest] = [:]
    /// Requests whose share was made or that expired unanswered, kept compact until they expire, by session.
    public private(set) var finishedRequests: [[UInt8]: FinishedRequest] = [:]
    /// How far ahead a request's expiry may lie (`SigningDevice.expiryHorizon`); not stored, set by the caller.
    public var expiryHorizon: UInt64 = SigningDevice.defaultExpiryHorizon
    /// When this device was rebuilt from SSKR shares (Unix time), if it was: it commits only in requests it can
    /// prove its lost self never saw (`SigningDevice.check`).
    public private(set) var restoredAt: UInt64?

    /// The limits that keep a device's state openable.
    public enum Limits {
        /// Requests committed to and not yet answered with a share (each up to about 67 KB).
        public static let pendingRequests = 64
        /// Requests kept in all, pending and finished (a finished one is about 170 bytes).
        public static let requests = 4096
        /// Key generations not yet complete (in progress or failed), each up to about 30 KB at n = 64.
        public static let openKeyGenerations = 64
        /// Groups (each one's record is up to about 30 KB at n = 64).
        public static let groups = 256
        /// Public records of groups the device is about to join as a new device.
        public static let knownGroups = 16
    }

    static func statePath(_ path: String) -> String { path + "/device.hgvault" }

    /// The signer over this directory's nonce store.
    public var signer: SigningDevice {
        get throws {
            SigningDevice(
                host: host, store: try NonceStore(directory: path + "/nonces", vault: vault),
                expiryHorizon: expiryHorizon, restoredAt: restoredAt)
        }
    }

    /// Creates a new device directory (refusing an existing one) with a fresh host seed, or the given one when
    /// restoring from a backup.
    public static func create(
        at path: String, label: String, passphrase: [UInt8],
        parameters: KDFParameters = .moderate, seed: SecretBytes? = nil,
        hook: WritePointHook = .none
    ) throws -> DeviceDirectory {
        try AtomicFile.makeDirectory(path)
        let lock = try DeviceLock.acquire(directory: path)
        guard try AtomicFile.read(statePath(path), limit: StateVault.maxFileBytes) == nil else {
            throw CeremonyError.invalidParameters(reason: "\(path) already holds a device")
        }
        let host = try HostKey(seed: seed ?? SecretBytes(randomCount: HostKey.seedCount), label: label)
        let vault = try StateVault.create(passphrase: passphrase, parameters: parameters, hook: hook)
        let directory = DeviceDirectory(
            path: path, host: host, vault: vault, lock: lock, dkgSessions: [:], groups: [:])
        try directory.save()
        return directory
    }

    /// Opens a device directory with its passphrase. Throws `wrongPassphrase`, `corruptedState`,
    /// `unsafeKDFParameters`, `deviceInUse` or `fileSystem`. A test passes a crash `hook`; the default runs every write
    /// to completion.
    public static func open(
        at path: String, passphrase: [UInt8], hook: WritePointHook = .none
    ) throws
        -> DeviceDirectory
    {
        let file = statePath(path)
        // The lock comes first: only its holder may sweep temporary files, which another process may be writing.
        let lock = try DeviceLock.acquire(directory: path)
        AtomicFile.removeLeftovers(in: path)
        let vault = try StateVault.open(file: file, passphrase: passphrase, hook: hook)
        guard var plaintext = try vault.read(file) else {
            throw CeremonyError.fileSystem(path: file, operation: "read", errno: 2)
        }
        defer { wipe(&plaintext) }
        var seed: [UInt8] = []
        defer { wipe(&seed) }
        // The state is read inside `readState`, and its decoded tree is released when it returns: only then is the
        // seed's buffer (shared with the tree until that point) ours alone, so that `wipe` clears it in place.
        // Wiping a still-shared array would clear a private copy and free the tree's copy unwiped.
        func readState() throws -> (
            label: String, sessions: [[UInt8]: DKGDevice], groups: [[UInt8]: GroupRecord], requests: [SignRequest],
            finished: [FinishedRequest], restoredAt: UInt64?, refreshes: [RefreshDevice], retired: [GroupRecord],
            enrollments: [EnrollmentDevice], known: [GroupRecord]
        ) {
            let item = try CBOR.decode(plaintext, limits: CBORLimits(maxDepth: 16, maxLength: StateVault.maxFileBytes))
            let fields = try MessageFields(item, message: "device state", allowed: Set(0...11))
            try fields.version()
            seed = try fields.bytes(1, "host seed", count: HostKey.seedCount)
            let label = try fields.text(2, "label", maxBytes: 64)
            var sessions: [[UInt8]: DKGDevice] = [:]
            for item in try fields.array(3, "DKG sessions", count: 0...4096) {
                let device = try DKGDevice(cbor: item)
                sessions[device.invite.session] = device
            }
            var groups: [[UInt8]: GroupRecord] = [:]
            for item in try fields.array(4, "groups", count: 0...4096) {
                let record = try GroupRecord(cbor: item)
                groups[record.groupKey] = record
            }
            let requests = try fields.array(5, "sign requests", count: 0...Limits.pendingRequests)
                .map(SignRequest.init(cbor:))
            let finished =
                fields.has(6)
                ? try fields.array(6, "finished requests", count: 0...Limits.requests).map(FinishedRequest.init(cbor:))
                : []
            let restoredAt = fields.has(7) ? try fields.unsigned(7, "restore time") : nil
            let refreshes = try (fields.has(8) ? fields.array(8, "refreshes", count: 0...4096) : []).map { item in
                let key = try MessageFields(item, message: "refresh device state", allowed: Set(0...10))
                    .value(1, "invite")
                let invite = try RefreshInvite(cbor: key)
                guard let current = groups[invite.groupKey] else {
                    throw CeremonyError.wrongGroup(expected: "a group this device holds", got: shortHex(invite.groupKey))
                }
                // The roster the refresh ran over, which a later enrollment may have grown (read from the events,
                // without checking every certificate again on each open).
                let rosters = current.rosterHistory
                let n = rosters[min(max(invite.epoch - 1, 0), rosters.count - 1)].count
                return try RefreshDevice(cbor: item, t: current.invite.threshold, n: n)
            }
            let retired = try (fields.has(9) ? fields.array(9, "retired groups", count: 0...4096) : []).map(
                GroupRecord.init(cbor:))
            let enrollments = try (fields.has(10) ? fields.array(10, "enrollments", count: 0...4096) : []).map(
                EnrollmentDevice.init(cbor:))
            let known = try (fields.has(11) ? fields.array(11, "known groups", count: 0...Limits.knownGroups) : []).map(
                GroupRecord.init(cbor:))
            return (label, sessions, groups, requests, finished, restoredAt, refreshes, retired, enrollments, known)
        }
        do {
            let state = try readState()
            let host = try HostKey(seed: SecretBytes(seed), label: state.label)
            var directory = DeviceDirectory(
                path: path, host: host, vault: vault, lock: lock, dkgSessions: state.sessions, groups: state.groups)
            for request in state.requests { directory.signRequests[request.session] = request }
            for request in state.finished { directory.finishedRequests[request.session] = request }
            directory.restoredAt = state.restoredAt
            for refresh in state.refreshes { directory.refreshSessions[refresh.invite.session] = refresh }
            for record in state.retired { directory.retiredGroups[record.groupKey] = record }
            for device in state.enrollments { directory.enrollSessions[device.invite.session] = device }
            for record in state.known { directory.knownGroups[record.groupKey] = record }
            return directory
        } catch let error as CeremonyError {
            throw CeremonyError.corruptedState(file: file, reason: error.description)
        } catch {
            throw CeremonyError.corruptedState(file: file, reason: "\(error)")
        }
    }

    private func save() throws {
        var plaintext = try encodedState()
        defer { wipe(&plaintext) }
        try vault.write(plaintext, to: DeviceDirectory.statePath(path), file: "device-state")
    }

    /// The state as it will be written, after checking every limit `open` enforces (counts and the file size), so
    /// that a state this device writes is always one it can open again. The caller wipes the result.
    private func encodedState() throws -> [UInt8] {
        guard signRequests.count <= Limits.pendingRequests else {
            throw CeremonyError.deviceStateFull(
                what: "signing requests awaiting a share", limit: Limits.pendingRequests)
        }
        guard signRequests.count + finishedRequests.count <= Limits.requests else {
            throw CeremonyError.deviceStateFull(what: "signing requests", limit: Limits.requests)
        }
        guard groups.count <= Limits.groups else {
            throw CeremonyError.deviceStateFull(what: "groups", limit: Limits.groups)
        }
        guard dkgSessions.count <= Limits.groups + Limits.openKeyGenerations else {
            throw CeremonyError.deviceStateFull(
                what: "key generations", limit: Limits.groups + Limits.openKeyGenerations)
        }
        var seed = host.exposeSeed()
        defer { wipe(&seed) }
        func byKey<Value>(_ values: [[UInt8]: Value], _ cbor: (Value) -> CBOR) -> CBOR {
            .array(values.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { cbor($0.value) })
        }
        var fields: [(CBOR, CBOR)] = [
            (0, .unsigned(CeremonyProtocol.version)), (1, .bytes(seed)), (2, .text(host.identity.label)),
            (3, byKey(dkgSessions, \.cbor)), (4, byKey(groups, \.cbor)), (5, byKey(signRequests, \.cbor)),
            (6, byKey(finishedRequests, \.cbor)),
        ]
        if let restoredAt { fields.append((7, .unsigned(restoredAt))) }
        if !refreshSessions.isEmpty { fields.append((8, byKey(refreshSessions, \.cbor))) }
        if !retiredGroups.isEmpty { fields.append((9, byKey(retiredGroups, \.cbor))) }
        if !enrollSessions.isEmpty { fields.append((10, byKey(enrollSessions, \.cbor))) }
        if !knownGroups.isEmpty { fields.append((11, byKey(knownGroups, \.cbor))) }
        let plaintext = CBOR.map(CBORMap(fields)).encoded
        guard plaintext.count + StateVault.overheadBytes <= StateVault.maxFileBytes else {
            var copy = plaintext
            wipe(&copy)
            throw CeremonyError.deviceStateFull(what: "bytes of state", limit: StateVault.maxFileBytes)
        }
        return plaintext
    }

    /// Drops what can no longer be used at `now`: pending requests that expired become finished ones, finished
    /// requests past their expiry go, and so do failed key generations whose invite expired. Returns the sessions
    /// whose nonce files to delete once the new state is saved.
    private mutating func pruneExpired(now: UInt64) -> [[UInt8]] {
        var gone: [[UInt8]] = []
        for (session, request) in signRequests where request.expiry < now {
            signRequests[session] = nil
            finishedRequests[session] = FinishedRequest(request, packageHash: nil)
        }
        for (session, finished) in finishedRequests where finished.expiry < now {
            finishedRequests[session] = nil
            gone.append(session)
        }
        for (session, device) in dkgSessions where device.invite.expiry < now {
            if case .failed = device.phase { dkgSessions[session] = nil }
        }
        // An expired refresh or enrollment goes in any phase but one: a signed transcript may still be certified.
        for (session, device) in refreshSessions where device.invite.expiry < now {
            if case .signedTranscript = device.phase { continue }
            refreshSessions[session] = nil
        }
        for (session, device) in enrollSessions where device.invite.expiry < now {
            if case .signedTranscript = device.phase { continue }
            enrollSessions[session] = nil
        }
        return gone
    }

    /// Makes room for a new refresh or enrollment session: what expired goes, and the sessions of the kind (`open`)
    /// must stay below `Limits.openKeyGenerations`. Returns the sessions whose nonce files to delete once the new
    /// state is saved.
    private mutating func makeRoom(_ what: String, open: KeyPath<DeviceDirectory, Int>, now: UInt64) throws
        -> [[UInt8]]
    {
        let gone = pruneExpired(now: now)
        guard self[keyPath: open] < Limits.openKeyGenerations else {
            throw CeremonyError.deviceStateFull(what: what, limit: Limits.openKeyGenerations)
        }
        return gone
    }

    /// Deletes the nonce files of requests the saved state no longer keeps. A failure leaves a file behind, never
    /// an inconsistent state: the files of a session the state does not name are never read again.
    private func removeNonceFiles(_ sessions: [[UInt8]]) {
        guard !sessions.isEmpty, let store = try? signer.store else { return }
        for session in sessions { try? store.remove(session: session) }
    }

    /// Durably records a DKG transition (and the group, once its key is ready). Call before showing the
    /// transition's outgoing messages.
    public mutating func record(_ transition: DKGDevice.Transition) throws {
        var next = self
        let session = transition.device.invite.session
        if next.dkgSessions[session] == nil {
            let open = next.dkgSessions.values.filter { if case .complete = $0.phase { false } else { true } }.count
            guard open < Limits.openKeyGenerations else {
                throw CeremonyError.deviceStateFull(
                    what: "key generations in progress or failed", limit: Limits.openKeyGenerations)
            }
        }
        next.dkgSessions[session] = transition.device
        if case .complete(let record) = transition.device.phase { next.groups[record.groupKey] = record }
        try next.save()
        self = next
    }

    /// What a device shows for a scanned message before acting on it (an invite or a signing request must be
    /// confirmed by the person; other messages are shown for information).
    public func preview(_ message: AnyCeremonyMessage) -> [String] {
        switch message {
        case .dkgInvite(let invite): return invite.displayLines
        case .refreshInvite(let invite): return invite.displayLines(group: groups[invite.groupKey])
        case .enrollInvite(let invite):
            return invite.displayLines(group: groups[invite.groupKey] ?? knownGroups[invite.groupKey])
        case .groupRecord(let record):
            return [
                "The public record of group \"\(record.invite.groupLabel)\", \(record.invite.threshold) of "
                    + "\(record.participantCount), epoch \(record.epoch), key \(DisplayText.fingerprint(record.groupKey))"
            ]
        case .signRequest(let request): return request.displayLines(group: groups[request.groupKey])
        case .signOneRound(let package):
            return package.request.displayLines(group: groups[package.request.groupKey]) + [
                "One round: the coordinator chose this device's preprocessed commitments; signing uses them up."
            ]
        case .identity(let identity): return ["Device \(identity.label) [\(identity.longFingerprint)]"]
        default: return []
        }
    }

    /// Acts on a scanned coordinator message and durably records the new state BEFORE returning the messages to
    /// show: an invite is accepted (fresh randomness) or re-shown, DKG messages go to their session, a signing
    /// request is committed to, a signing package is signed. Call only after the person confirmed `preview`.
    public mutating func receive(_ message: AnyCeremonyMessage, now: UInt64) throws -> DeviceResponse {
        switch message {
        case .dkgInvite(let invite):
            if let device = dkgSessions[invite.session] {
                return try apply(device.handle(.invite(invite), host: host))
            }
            var randomness = Sodium.random(32)
            defer { wipe(&randomness) }
            // What can no longer be used goes first (saved with the new session), so that old failed key
            // generations do not count against the limit.
            let gone = pruneExpired(now: now)
            let response = try apply(DKGDevice.accept(invite: invite, host: host, now: now, randomness: randomness))
            removeNonceFiles(gone)
            return response
        case .dkgBundle(let bundle):
            return try apply(try session(bundle.session).handle(.bundle(bundle), host: host))
        case .dkgInvestigation(let investigation):
            return try apply(try session(investigation.session).handle(.investigation(investigation), host: host))
        case .dkgCertificate(let certificate):
            return try apply(try session(certificate.session).handle(.certificate(certificate), host: host))
        case .refreshInvite(let invite):
            let group = try base(invite.groupKey, epoch: invite.epoch, session: invite.session)
            if let device = refreshSessions[invite.session] {
                return try apply(device.handle(.invite(invite), group: group, host: host))
            }
            let gone = try makeRoom("share refreshes", open: \.refreshSessions.count, now: now)
            let response = try apply(RefreshDevice.accept(invite: invite, group: group, host: host, now: now))
            removeNonceFiles(gone)
            return response
        case .refreshBundle(let bundle):
            let device = try session(bundle.session, in: \.refreshSessions, "a share refresh")
            try checkSigning(device.invite.groupKey, epoch: device.invite.epoch, session: device.invite.session,
                             expiry: device.invite.expiry, now: now, signed: device.hasSigned)
            let group = try base(device.invite.groupKey, epoch: device.invite.epoch, session: device.invite.session)
            return try apply(device.handle(.bundle(bundle), group: group, host: host))
        case .refreshCertificate(let certificate):
            let device = try session(certificate.session, in: \.refreshSessions, "a share refresh")
            let group = try base(device.invite.groupKey, epoch: device.invite.epoch, session: device.invite.session)
            return try apply(device.handle(.certificate(certificate), group: group, host: host))
        case .signResult(let result):
            return try confirmRefresh(result)
        case .groupRecord(let record):
            if let held = groups[record.groupKey] { return try catchUp(held, to: record) }
            var next = self
            next.knownGroups[record.groupKey] = record
            guard next.knownGroups.count <= Limits.knownGroups else {
                throw CeremonyError.deviceStateFull(what: "groups to join", limit: Limits.knownGroups)
            }
            try next.save()
            self = next
            return DeviceResponse(
                outgoing: [],
                events: [.repeated("Kept the group's public record: scan the enrollment invite next (group step).")])
        case .enrollInvite(let invite):
            let group = try base(invite.groupKey, epoch: invite.epoch, session: invite.session, joining: true)
            if let device = enrollSessions[invite.session] {
                return try apply(device.handle(.invite(invite), group: group, host: host))
            }
            let gone = try makeRoom("enrollments", open: \.enrollSessions.count, now: now)
            let response = try apply(EnrollmentDevice.accept(invite: invite, group: group, host: host, now: now))
            removeNonceFiles(gone)
            return response
        case .enrollBundle(let bundle):
            let device = try session(bundle.session, in: \.enrollSessions, "an enrollment")
            let invite = device.invite
            try checkSigning(invite.groupKey, epoch: invite.epoch, session: invite.session, expiry: invite.expiry,
                             now: now, signed: device.hasSigned)
            let group = try base(invite.groupKey, epoch: invite.epoch, session: invite.session, joining: true)
            return try apply(device.handle(.bundle(bundle), group: group, host: host))
        case .enrollCertificate(let certificate):
            let device = try session(certificate.session, in: \.enrollSessions, "an enrollment")
            let invite = device.invite
            let group = try base(invite.groupKey, epoch: invite.epoch, session: invite.session, joining: true)
            return try apply(device.handle(.certificate(certificate), group: group, host: host))
        case .signRequest(let request):
            let group = try self.group(for: request)
            if let finished = finishedRequests[request.session] {
                guard finished.packageHash == nil else {
                    throw CeremonyError.nonceAlreadyConsumed(session: shortHex(request.session))
                }
                throw CeremonyError.expired(expiry: finished.expiry, now: now)
            }
            let repeated = signRequests[request.session] == request
            var next = self
            let gone = next.pruneExpired(now: now)
            if next.signRequests[request.session] == nil {
                guard next.signRequests.count < Limits.pendingRequests else {
                    throw CeremonyError.deviceStateFull(
                        what: "signing requests awaiting a share", limit: Limits.pendingRequests)
                }
                guard next.signRequests.count + next.finishedRequests.count < Limits.requests else {
                    throw CeremonyError.deviceStateFull(what: "signing requests", limit: Limits.requests)
                }
            }
            next.signRequests[request.session] = request
            // Every limit is checked before anything is written. The nonce is stored first; if the device stops
            // before the request is saved, scanning the request again returns the same commitment and saves it.
            var plaintext = try next.encodedState()
            defer { wipe(&plaintext) }
            let commitment = try signer.commit(to: request, group: group, now: now)
            try vault.write(plaintext, to: DeviceDirectory.statePath(path), file: "device-state")
            self = next
            removeNonceFiles(gone)
            let event: DeviceEvent =
                repeated
                ? .repeated("Already committed: showing the same commitment again (no new nonces).")
                : .committed(session: request.session)
            return DeviceResponse(outgoing: [commitment], events: [event])
        case .signPackage(let package):
            if let finished = finishedRequests[package.session], let group = groups[finished.groupKey] {
                let share = try signer.recordedShare(finished, package: package, index: group.index)
                return DeviceResponse(
                    outgoing: [share],
                    events: [.repeated("Already answered: showing the same signature share again (no second share).")])
            }
            guard let request = signRequests[package.session] else {
                throw CeremonyError.noPendingNonce(session: shortHex(package.session))
            }
            let group = try self.group(for: request)
            // The share is recorded in the nonce store first; if the device stops before the state is saved, the
            // same package shown again returns the recorded share and saves it.
            let share = try signer.sign(package, request: request, group: group, now: now)
            var next = self
            next.signRequests[request.session] = nil
            next.finishedRequests[request.session] = FinishedRequest(request, packageHash: package.hash)
            let gone = next.pruneExpired(now: now)
            try next.save()
            self = next
            removeNonceFiles(gone)
            return DeviceResponse(outgoing: [share], events: [.shareMade(session: request.session)])
        case .signOneRound(let package):
            let group = try self.group(for: package.request)
            // The batch file is the durable record: the nonces are marked used there before the share exists, and the
            // share is recorded there, so the same package shown again returns it. Nothing else changes.
            let (share, repeated) = try signer.answer(package, group: group, now: now)
            return DeviceResponse(
                outgoing: [share],
                events: [
                    repeated
                        ? .repeated("Already answered: showing the same signature share again (no second share).")
                        : .shareMade(session: package.request.session)
                ])
        default:
            throw CeremonyError.unexpectedMessage(state: "at a device", message: message.urType)
        }
    }

    /// A member that missed a certificate (it was away, or its screen was never scanned) catches up from the group's
    /// current public record: the record must continue the history this device holds, and this device's share at the
    /// new epoch must come back from its host seed and match; then the device moves to it as a certificate would (the
    /// previous record kept until a test signature). The same or an older record changes nothing.
    private mutating func catchUp(_ held: GroupRecord, to record: GroupRecord) throws -> DeviceResponse {
        guard record.epoch > held.epoch else {
            return DeviceResponse(
                outgoing: [],
                events: [.repeated("This device already holds the group at epoch \(held.epoch); nothing changed.")])
        }
        guard try record.atEpoch(held.epoch)?.historyDigest == held.historyDigest else {
            throw CeremonyError.invalidParameters(
                reason: "the record does not continue the history this device holds (epoch \(held.epoch))")
        }
        guard let position = record.roster.firstIndex(of: host.identity) else {
            throw CeremonyError.keyNotUsable(reason: "this device is no longer in the group's roster")
        }
        let mine = record.forMember(position + 1)
        _ = try mine.recover(host: host)
        var next = self
        next.move(to: mine, keepingThePrevious: true)
        try next.save()
        self = next
        return DeviceResponse(
            outgoing: [],
            events: [
                .repeated(
                    "Caught up: the group is at epoch \(record.epoch) and this device's share matches it (the record of "
                        + "epoch \(held.epoch) is kept until a test signature).")
            ])
    }

    /// The record a request signs with: the group's current epoch, or the retired one before the last refresh while
    /// it is kept. A refresh test message is signed only at the epoch it names. Throws `wrongGroup`, `wrongEpoch` or
    /// `invalidParameters`.
    func group(for request: SignRequest) throws -> GroupRecord {
        guard let current = groups[request.groupKey] else {
            throw CeremonyError.wrongGroup(expected: "a group this device holds", got: shortHex(request.groupKey))
        }
        let retired = retiredGroups[request.groupKey]
        guard let group = [current, retired].compactMap({ $0 }).first(where: { $0.epoch == request.epoch }) else {
            throw CeremonyError.wrongEpoch(
                requested: request.epoch, held: [retired?.epoch, current.epoch].compactMap { $0 })
        }
        if request.message.starts(with: GroupRecord.refreshTestPrefix), request.message != group.refreshTestMessage {
            throw CeremonyError.invalidParameters(
                reason: "this refresh test message is not the test of epoch \(group.epoch): it is signed only with "
                    + "the shares it tests")
        }
        return group
    }


    /// The record a refresh or enrollment of `epoch` starts from: the group's current record when it is at the epoch
    /// before; or, once this session's event is applied, the record as it stood before it (to answer a message shown
    /// again). A session for any other epoch is one the group has moved past, or a fork: refused, so that a device
    /// never deals from, signs for or moves back to another history. `joining`: a new device's public record counts.
    private func base(_ groupKey: [UInt8], epoch: Int, session: [UInt8], joining: Bool = false) throws -> GroupRecord {
        guard let current = groups[groupKey] ?? (joining ? knownGroups[groupKey] : nil) else {
            throw CeremonyError.wrongGroup(
                expected: "a group this device holds" + (joining ? " (a new device scans the group's record first)" : ""),
                got: shortHex(groupKey))
        }
        if current.epoch == epoch - 1 { return current }
        if current.epoch >= epoch, current.events[epoch - 1].session == session, let before = try current.atEpoch(epoch - 1) {
            return before
        }
        throw CeremonyError.invalidParameters(
            reason: "this session makes epoch \(epoch) of the group, which this device holds at epoch \(current.epoch) "
                + "from another history")
    }

    /// Before a device signs a refresh or enrollment transcript: the session has not expired, and no other session
    /// of the same group and epoch has this device's signature (one transcript per epoch, so a coordinator cannot
    /// certify two and fork the group).
    private func checkSigning(
        _ groupKey: [UInt8], epoch: Int, session: [UInt8], expiry: UInt64, now: UInt64, signed: Bool
    ) throws {
        guard !signed else { return }
        guard now <= expiry else { throw CeremonyError.expired(expiry: expiry, now: now) }
        let refreshes = refreshSessions.values.filter {
            $0.invite.groupKey == groupKey && $0.invite.epoch == epoch && $0.invite.session != session && $0.hasSigned
        }
        let enrollments = enrollSessions.values.filter {
            $0.invite.groupKey == groupKey && $0.invite.epoch == epoch && $0.invite.session != session && $0.hasSigned
        }
        guard refreshes.isEmpty, enrollments.isEmpty else {
            throw CeremonyError.invalidParameters(
                reason: "this device already signed another transcript for epoch \(epoch) of this group")
        }
    }


    private mutating func apply(_ transition: EnrollmentDevice.Transition) throws -> DeviceResponse {
        try apply(
            transition.device, at: \.enrollSessions, session: transition.device.invite.session,
            outgoing: transition.outgoing, events: transition.events.map(DeviceEvent.enrollment)
        ) { next in
            for case .enrolled(let record, let newcomer) in transition.events {
                next.move(to: record, keepingThePrevious: !newcomer)
                if newcomer { next.knownGroups[record.groupKey] = nil }
            }
        }
    }

    /// Records a refresh or enrollment transition (`update` moves the groups), or says that nothing changed.
    private mutating func apply<Device: Equatable>(
        _ device: Device, at sessions: WritableKeyPath<DeviceDirectory, [[UInt8]: Device]>, session: [UInt8],
        outgoing: [DeviceEnvelope], events: [DeviceEvent], update: (inout DeviceDirectory) -> Void
    ) throws -> DeviceResponse {
        if events.isEmpty, self[keyPath: sessions][session] == device {
            let sentence =
                outgoing.first.map { "Already done: showing this device's \($0.round.spokenName) again." }
                ?? "Already done; there is nothing more to show."
            return DeviceResponse(outgoing: outgoing, events: [.repeated(sentence)])
        }
        var next = self
        next[keyPath: sessions][session] = device
        update(&next)
        try next.save()
        self = next
        return DeviceResponse(outgoing: outgoing, events: events)
    }

    /// The group at its new epoch; the previous record is kept (for requests naming its epoch) until the test
    /// signature is shown, unless the device had none (a new device).
    private mutating func move(to record: GroupRecord, keepingThePrevious keep: Bool) {
        if keep { retiredGroups[record.groupKey] = groups[record.groupKey] }
        groups[record.groupKey] = record
    }

    /// The refresh or enrollment session `id` this device joined.
    private func session<Device>(_ id: [UInt8], in sessions: KeyPath<DeviceDirectory, [[UInt8]: Device]>, _ what: String)
        throws -> Device
    {
        guard let device = self[keyPath: sessions][id] else {
            throw CeremonyError.wrongSession(expected: what + " this device joined", got: shortHex(id))
        }
        return device
    }

    private mutating func apply(_ transition: RefreshDevice.Transition) throws -> DeviceResponse {
        try apply(
            transition.device, at: \.refreshSessions, session: transition.device.invite.session,
            outgoing: transition.outgoing, events: transition.events.map(DeviceEvent.refresh)
        ) { next in
            for case .refreshed(let record) in transition.events { next.move(to: record, keepingThePrevious: true) }
        }
    }

    /// A signature result shown to the device: when it is a valid group signature of the refresh test message of a
    /// group whose previous epoch is still kept, the new shares are proven and the old record is destroyed. Throws
    /// `unexpectedMessage` for any other result (a device has nothing else to do with one).
    private mutating func confirmRefresh(_ result: SignResult) throws -> DeviceResponse {
        let tested = groups.keys.sorted { $0.lexicographicallyPrecedes($1) }.filter { key in
            guard let group = groups[key], let message = group.refreshTestMessage else { return false }
            return result.signatures.contains {
                group.invite.suite.verify(signature: $0, message: message, groupKey: key)
            }
        }
        guard !tested.isEmpty else {
            throw CeremonyError.unexpectedMessage(
                state: "no refresh of this device awaits this test signature", message: SignResult.urType)
        }
        let confirmed = tested.filter { retiredGroups[$0] != nil }
        guard !confirmed.isEmpty else {
            // A new device, or the same signature again: it verifies, and there is no older share to destroy.
            return DeviceResponse(
                outgoing: [],
                events: [.repeated("The test signature verifies under the group key; this device holds no older share.")])
        }
        var next = self
        for key in confirmed { next.retiredGroups[key] = nil }
        try next.save()
        self = next
        return DeviceResponse(
            outgoing: [],
            events: confirmed.compactMap { key in
                groups[key].map { .refresh(.oldShareDestroyed(groupKey: key, epoch: $0.epoch)) }
            })
    }

    /// Preprocessing (issue 16): a new batch of `count` nonces for one-round signing in the group with `groupKey`,
    /// durably stored before its signed commitments are returned to be shown to the coordinator.
    public func issueBatch(groupKey: [UInt8], count: Int, now: UInt64) throws -> DeviceEnvelope {
        guard let group = groups[groupKey] else {
            throw CeremonyError.wrongGroup(expected: "a group this device holds", got: shortHex(groupKey))
        }
        return try signer.issueBatch(group: group, count: count, now: now)
    }

    /// The group whose key (hex) starts with `prefix`, or the only group when `prefix` is nil. Throws
    /// `groupNotFound` for none or several.
    public func group(matching prefix: String?) throws -> GroupRecord {
        let matches = groups.values.filter { Base16.encode($0.groupKey).hasPrefix((prefix ?? "").lowercased()) }
        guard matches.count == 1, let group = matches.first else {
            throw CeremonyError.groupNotFound(prefix: prefix, matches: matches.count, path: path)
        }
        return group
    }

    /// How many unused preprocessed nonces this device holds for the group.
    public func preprocessedNonces(groupKey: [UInt8], now: UInt64) throws -> Int {
        try signer.batches.unusedCount(groupKey: groupKey, now: now)
    }

    private func session(_ id: [UInt8]) throws -> DKGDevice {
        guard let device = dkgSessions[id] else {
            throw CeremonyError.wrongSession(expected: "a session this device joined", got: shortHex(id))
        }
        return device
    }

    private mutating func apply(_ transition: DKGDevice.Transition) throws -> DeviceResponse {
        if transition.events.isEmpty, dkgSessions[transition.device.invite.session] == transition.device {
            let sentence: String
            if let round = transition.outgoing.first?.round {
                sentence = "Already done: showing this device's \(round.spokenName) again."
            } else if case .complete(let record) = transition.device.phase {
                sentence = "Already done: the key is ready (group key fingerprint "
                    + "\(DisplayText.fingerprint(record.groupKey))); there is nothing more to show."
            } else {
                sentence = "Already done; there is nothing more to show."
            }
            return DeviceResponse(outgoing: transition.outgoing, events: [.repeated(sentence)])
        }
        try record(transition)
        return DeviceResponse(outgoing: transition.outgoing, events: transition.events.map(DeviceEvent.dkg))
    }

    /// What `group status` shows at a device: each group with its epoch and whether the old share is still kept,
    /// then each share refresh and where it stands.
    public func groupStatusLines() -> [String] {
        var lines: [String] = []
        for group in groups.values.sorted(by: { $0.invite.groupLabel < $1.invite.groupLabel }) {
            lines.append(
                "  \"\(group.invite.groupLabel)\" \(group.invite.threshold) of \(group.participantCount), member "
                    + "\(group.index), key \(DisplayText.fingerprint(group.groupKey)): epoch \(group.epoch)")
            if let retired = retiredGroups[group.groupKey] {
                lines.append(
                    "    the share of epoch \(retired.epoch) is kept until the refresh test signature is shown "
                        + "(group step)")
            }
        }
        for session in refreshSessions.values.sorted(by: { $0.invite.epoch < $1.invite.epoch }) {
            let phase: String
            switch session.phase {
            case .contributed: phase = "contributed; waiting for the bundle"
            case .signedTranscript: phase = "transcript signed; waiting for the certificate"
            case .complete: phase = "complete"
            case .failed(let culprit, let reason): phase = "failed: \(culprit) \(reason)"
            }
            lines.append(
                "  refresh to epoch \(session.invite.epoch) of key \(DisplayText.fingerprint(session.invite.groupKey)) "
                    + "(session \(shortHex(session.invite.session))): \(phase)")
        }
        return lines
    }

    /// The device's part in a DKG session, if it accepted the invite.
    public func dkgSession(_ session: [UInt8]) -> DKGDevice? { dkgSessions[session] }

    /// What restores this device: the host seed (secret) and the public recovery record of each group. Nonces
    /// are never part of it.
    public var backup: DeviceBackup {
        DeviceBackup(
            seed: host.seed, label: host.identity.label,
            groups: groups.keys.sorted { $0.lexicographicallyPrecedes($1) }.compactMap { groups[$0] })
    }

    /// Restores a device from a backup into a new directory: the host seed re-derives each group's share, which
    /// is checked against the group's certificate before the group is kept. No nonce is restored.
    ///
    /// `restoredAt` (the time now) marks a device rebuilt to replace a lost one: it then commits only in signing
    /// requests its lost self cannot have seen (`SigningDevice.check`). Leave it nil to make a copy of a device that
    /// was never used to sign (a test's fixture).
    public static func restore(
        _ backup: DeviceBackup, at path: String, passphrase: [UInt8],
        parameters: KDFParameters = .moderate, restoredAt: UInt64? = nil, hook: WritePointHook = .none
    ) throws
        -> DeviceDirectory
    {
        var directory = try create(
            at: path, label: backup.label, passphrase: passphrase, parameters: parameters, seed: backup.seed, hook: hook
        )
        directory.restoredAt = restoredAt
        for record in backup.groups {
            directory.groups[try record.recover(host: directory.host)] = record
        }
        try directory.save()
        return directory
    }
}

/// A device backup: the host seed (secret, wiped on release) and the groups' public recovery records.
///
/// CDDL: `device-backup = { 0: 1, 1: seed: bstr .size 32, 2: label: tstr, 3: [* group-record] }`
public struct DeviceBackup: Sendable {
    let seed: SecretBytes
    /// The device's label.
    public let label: String
    /// The recovery record of each group the device holds.
    public let groups: [GroupRecord]

    /// The UR type of a backup. It carries the host seed: show it only to the person who keeps the backup.
    public static let urType = "heliograph-device-backup"

    /// The backup as dCBOR; the caller must wipe the encoding after use.
    public func exposeCBOR() -> CBOR {
        var bytes = seed.exposeSecretBytes()
        defer { wipe(&bytes) }
        return .map(
            CBORMap([
                (0, .unsigned(CeremonyProtocol.version)), (1, .bytes(bytes)), (2, .text(label)),
                (3, .array(groups.map(\.cbor))),
            ]))
    }

    /// Reads a backup strictly.
    public init(cbor: CBOR) throws {
        let fields = try MessageFields(cbor, message: DeviceBackup.urType, allowed: [0, 1, 2, 3])
        try fields.version()
        var seed = try fields.bytes(1, "host seed", count: HostKey.seedCount)
        defer { wipe(&seed) }
        self.seed = SecretBytes(seed)
        label = try fields.text(2, "label", maxBytes: 64)
        groups = try fields.array(3, "groups", count: 0...4096).map(GroupRecord.init(cbor:))
    }

    /// A backup from a host seed (e.g. typed back in from paper), a label and recovery records.
    public init(seed: SecretBytes, label: String, groups: [GroupRecord]) {
        self.seed = seed
        self.label = label
        self.groups = groups
    }
}

/// What a device answers to a scanned message: messages to show as QR codes (already durably recorded) and
/// events for the person.
public struct DeviceResponse: Sendable {
    /// The signed messages to show to the coordinator.
    public let outgoing: [DeviceEnvelope]
    /// What happened.
    public let events: [DeviceEvent]
}

/// Events of a device, for the person at it.
public enum DeviceEvent: Sendable, Hashable {
    /// A DKG event.
    case dkg(DKGDeviceEvent)
    /// The device committed to a signing request (its nonce is stored).
    case committed(session: [UInt8])
    /// The device made its signature share (its nonce is consumed).
    case shareMade(session: [UInt8])
    /// A share refresh event.
    case refresh(RefreshEvent)
    /// An enrollment event.
    case enrollment(EnrollmentEvent)
    /// The message was handled before: nothing changed, and what the device shows is what it showed then.
    case repeated(String)

    /// What the device tells the person, a line each.
    public var lines: [String] {
        switch self {
        case .dkg(let event): return event.lines
        case .refresh(let event): return event.lines
        case .enrollment(let event): return event.lines
        case .repeated(let sentence): return [sentence]
        case .committed: return ["Committed: fresh nonces are stored in the encrypted state."]
        case .shareMade: return ["Signature share made: this request's nonce is now used up."]
        }
    }
}

extension DKGDeviceEvent {
    /// What the device tells the person, a line each.
    public var lines: [String] {
        switch self {
        case .contributed(_, let parametersHash):
            return ["Contributed (step 1) to the ceremony with parameters hash \(Base16.encode(parametersHash))."]
        case .transcriptSigned(let transcriptHash, let groupKey):
            return [
                "The bundle checks out; signed transcript \(Base16.encode(transcriptHash)).",
                "  Group key:   \(Base16.encode(groupKey))", "  Fingerprint: \(DisplayText.fingerprint(groupKey))",
            ]
        case .complained: return ["This device's share does NOT verify against the bundle: it complains."]
        case .culpritFound(let culprit, let reason):
            return ["The key generation FAILED: \(culprit) is to blame: \(reason)"]
        case .keyReady(let record):
            return [
                "Key ready: all \(record.participantCount) transcript signatures verify.",
                "  Group \"\(record.invite.groupLabel)\", \(record.invite.threshold) of "
                    + "\(record.participantCount), this device is member \(record.index)",
                "  Group key:   \(Base16.encode(record.groupKey)) (\(record.invite.suite))",
                "  Fingerprint: \(DisplayText.fingerprint(record.groupKey))",
            ] + record.walletLines
        }
    }
}
