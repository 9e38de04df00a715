import DeterministicCBOR
import FROST

/// A device's state directory:
///
/// ```
/// <path>/device.hgvault        encrypted (StateVault): host seed, label, DKG sessions, finished groups
/// <path>/nonces/<session>.hgvault  encrypted pending / consumed signing nonces (NonceStore)
/// ```
/// Every write is atomic and durable (temp file, fsync, rename, fsync of the directory); a wrong passphrase or a
/// damaged file is a typed error and nothing is overwritten. Save a transition's state BEFORE showing its
/// outgoing messages, so a crash never leaves a sent message the device does not remember.
public struct DeviceDirectory: Sendable {
    /// The directory.
    public let path: String
    /// The device's host key, from the stored seed.
    public let host: HostKey
    let vault: StateVault
    /// DKG sessions, in progress or finished, by session id.
    public private(set) var dkgSessions: [[UInt8]: DKGDevice]
    /// Finished groups whose key is usable (certificate verified), by group key.
    public private(set) var groups: [[UInt8]: GroupRecord]

    static func statePath(_ path: String) -> String { path + "/device.hgvault" }

    /// The signer over this directory's nonce store.
    public var signer: SigningDevice {
        get throws { SigningDevice(host: host, store: try NonceStore(directory: path + "/nonces", vault: vault)) }
    }

    /// Creates a new device directory (refusing an existing one) with a fresh host seed, or the given one when
    /// restoring from a backup.
    public static func create(at path: String, label: String, passphrase: [UInt8],
                              parameters: KDFParameters = .moderate, seed: SecretBytes? = nil,
                              hook: WritePointHook = .none) throws -> DeviceDirectory
    {
        try AtomicFile.makeDirectory(path)
        guard try AtomicFile.read(statePath(path), limit: StateVault.maxFileBytes) == nil else {
            throw CeremonyError.invalidParameters(reason: "\(path) already holds a device")
        }
        let host = try HostKey(seed: seed ?? SecretBytes(randomCount: HostKey.seedCount), label: label)
        let vault = try StateVault.create(passphrase: passphrase, parameters: parameters, hook: hook)
        let directory = DeviceDirectory(path: path, host: host, vault: vault, dkgSessions: [:], groups: [:])
        try directory.save()
        return directory
    }

    /// Opens a device directory with its passphrase. Throws `wrongPassphrase`, `corruptedState`,
    /// `unsafeKDFParameters` or `fileSystem`. `hook` defaults to the crash hook of `HELIOGRAPH_CRASH_AT_WRITE_POINT`.
    public static func open(at path: String, passphrase: [UInt8], hook: WritePointHook = .fromEnvironment()) throws
        -> DeviceDirectory
    {
        let file = statePath(path)
        AtomicFile.removeLeftovers(in: path)
        let vault = try StateVault.open(file: file, passphrase: passphrase, hook: hook)
        guard var plaintext = try vault.read(file) else {
            throw CeremonyError.fileSystem(path: file, operation: "read", errno: 2)
        }
        defer { wipe(&plaintext) }
        do {
            let item = try CBOR.decode(plaintext, limits: CBORLimits(maxDepth: 16, maxLength: StateVault.maxFileBytes))
            let fields = try MessageFields(item, message: "device state", allowed: [0, 1, 2, 3, 4])
            try fields.version()
            var seed = try fields.bytes(1, "host seed", count: HostKey.seedCount)
            defer { wipe(&seed) }
            let host = try HostKey(seed: SecretBytes(seed), label: try fields.text(2, "label", maxBytes: 64))
            var sessions: [[UInt8]: DKGDevice] = [:]
            for item in try fields.array(3, "DKG sessions", count: 0...4096) {
                let device = try DKGDevice(cbor: item)
                sessions[device.invite.session] = device
            }
            var groups: [[UInt8]: GroupRecord] = [:]
            for item in try fields.array(4, "groups", count: 0...4096) {
                let record = try GroupRecord(cbor: item)
                groups[try record.groupKey] = record
            }
            return DeviceDirectory(path: path, host: host, vault: vault, dkgSessions: sessions, groups: groups)
        } catch let error as CeremonyError {
            throw CeremonyError.corruptedState(file: file, reason: error.description)
        } catch {
            throw CeremonyError.corruptedState(file: file, reason: "\(error)")
        }
    }

    private func save() throws {
        var seed = host.exposeSeed()
        defer { wipe(&seed) }
        let sessions = dkgSessions.values.sorted { $0.invite.session.lexicographicallyPrecedes($1.invite.session) }
        let records = groups.keys.sorted { $0.lexicographicallyPrecedes($1) }.compactMap { groups[$0] }
        var plaintext = CBOR.map(CBORMap([
            (0, .unsigned(CeremonyProtocol.version)), (1, .bytes(seed)), (2, .text(host.identity.label)),
            (3, .array(sessions.map(\.cbor))), (4, .array(records.map(\.cbor))),
        ])).encoded
        defer { wipe(&plaintext) }
        try vault.write(plaintext, to: DeviceDirectory.statePath(path), file: "device-state")
    }

    /// Durably records a DKG transition (and the group, once its key is ready). Call before showing the
    /// transition's outgoing messages.
    public mutating func record(_ transition: DKGDevice.Transition) throws {
        var next = self
        next.dkgSessions[transition.device.invite.session] = transition.device
        if case .complete(let record) = transition.device.phase { next.groups[try record.groupKey] = record }
        try next.save()
        self = next
    }

    /// The device's part in a DKG session, if it accepted the invite.
    public func dkgSession(_ session: [UInt8]) -> DKGDevice? { dkgSessions[session] }

    /// What restores this device: the host seed (secret) and the public recovery record of each group. Nonces
    /// are never part of it.
    public var backup: DeviceBackup {
        DeviceBackup(seed: host.seed, label: host.identity.label,
                     groups: groups.keys.sorted { $0.lexicographicallyPrecedes($1) }.compactMap { groups[$0] })
    }

    /// Restores a device from a backup into a new directory: the host seed re-derives each group's share, which
    /// is checked against the group's certificate before the group is kept. No nonce is restored.
    public static func restore(_ backup: DeviceBackup, at path: String, passphrase: [UInt8],
                               parameters: KDFParameters = .moderate, hook: WritePointHook = .none) throws
        -> DeviceDirectory
    {
        var directory = try create(
            at: path, label: backup.label, passphrase: passphrase, parameters: parameters, seed: backup.seed, hook: hook)
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
        return .map(CBORMap([
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

    init(seed: SecretBytes, label: String, groups: [GroupRecord]) {
        self.seed = seed
        self.label = label
        self.groups = groups
    }
}
