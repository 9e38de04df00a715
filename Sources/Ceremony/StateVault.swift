import FROST

/// Argon2id cost parameters (`crypto_pwhash` opslimit and memlimit), stored in each file's header and bounded on
/// read so a damaged or hostile header cannot make the device spend unbounded time or memory.
public struct KDFParameters: Sendable, Equatable {
    /// Argon2id passes (libsodium opslimit).
    public let opslimit: UInt64
    /// Argon2id memory in bytes (libsodium memlimit).
    public let memlimit: UInt64

    /// Bounds accepted on read: libsodium's minimums up to 16 passes and 1 GiB.
    public static let opslimitRange: ClosedRange<UInt64> = 1...16
    /// Accepted Argon2id memory, from libsodium's minimum (8 KiB) to 1 GiB.
    public static let memlimitRange: ClosedRange<UInt64> = 8192...(1 << 30)

    /// Builds parameters, refusing values outside the bounds.
    public init(opslimit: UInt64, memlimit: UInt64) throws {
        guard KDFParameters.opslimitRange.contains(opslimit) else {
            throw CeremonyError.unsafeKDFParameters(file: "-", reason: "opslimit \(opslimit) is out of bounds")
        }
        guard KDFParameters.memlimitRange.contains(memlimit) else {
            throw CeremonyError.unsafeKDFParameters(file: "-", reason: "memlimit \(memlimit) is out of bounds")
        }
        self.opslimit = opslimit
        self.memlimit = memlimit
    }

    private init(unchecked opslimit: UInt64, _ memlimit: UInt64) {
        self.opslimit = opslimit
        self.memlimit = memlimit
    }

    /// libsodium's MODERATE profile (3 passes, 256 MiB): the default for devices.
    public static let moderate = KDFParameters(unchecked: 3, 256 << 20)
    /// The cheapest parameters libsodium allows, for tests only (they protect nothing).
    public static let testOnly = KDFParameters(unchecked: 1, 8192)
}

/// Encrypted files of a device's state directory.
///
/// File format (all integers big-endian):
/// `"HGVAULT1" (8) | opslimit (8) | memlimit (8) | salt (16) | key check (16) | nonce (24) | ciphertext`
/// The key is Argon2id(passphrase, salt, opslimit, memlimit) (`crypto_pwhash`, ALG_ARGON2ID13); the ciphertext is
/// XChaCha20-Poly1305-IETF under that key with the whole header as associated data, so any change to a header
/// field is detected. The key check (BLAKE2b-128 of the key, personal "HGVault-Check-v1") tells a wrong
/// passphrase apart from a damaged file. Writes go through `AtomicFile` (temp file, fsync, rename, fsync dir).
public struct StateVault: Sendable {
    static let magic = Array("HGVAULT1".utf8)
    static let headerCount = 8 + 8 + 8 + 16 + 16 + 24
    /// What a vault file adds to its plaintext: the header and the 16-byte authentication tag.
    static let overheadBytes = headerCount + 16
    /// The largest state file read (bytes).
    public static let maxFileBytes = 16 << 20

    let key: SecretBytes
    let salt: [UInt8]
    let parameters: KDFParameters
    /// Called at every durable write point.
    public let hook: WritePointHook

    /// A vault for a new state directory: a fresh salt, the key derived from the passphrase.
    public static func create(
        passphrase: [UInt8], parameters: KDFParameters = .moderate, hook: WritePointHook = .none
    )
        throws -> StateVault
    {
        let salt = Sodium.random(16)
        return StateVault(key: try derive(passphrase, salt, parameters), salt: salt, parameters: parameters, hook: hook)
    }

    /// Opens the vault of an existing file: reads its header (bounded parameters), derives the key and checks it
    /// against the stored key check. Throws `wrongPassphrase`, `corruptedState` or `unsafeKDFParameters`.
    public static func open(file path: String, passphrase: [UInt8], hook: WritePointHook = .none) throws -> StateVault {
        guard let bytes = try AtomicFile.read(path, limit: maxFileBytes) else {
            throw CeremonyError.fileSystem(path: path, operation: "open", errno: 2)
        }
        let header = try Header(bytes, file: path)
        let key = try derive(passphrase, header.salt, header.parameters)
        let vault = StateVault(key: key, salt: header.salt, parameters: header.parameters, hook: hook)
        guard Sodium.constantTimeEqual(vault.keyCheck, header.check) else {
            throw CeremonyError.wrongPassphrase(file: path)
        }
        return vault
    }

    private static func derive(
        _ passphrase: [UInt8], _ salt: [UInt8], _ parameters: KDFParameters
    ) throws
        -> SecretBytes
    {
        guard
            var key = Sodium.argon2id(
                passphrase: passphrase, salt: salt, opslimit: parameters.opslimit, memlimit: parameters.memlimit)
        else { throw CeremonyError.keyDerivationFailed }
        defer { wipe(&key) }
        return SecretBytes(key)
    }

    var keyCheck: [UInt8] {
        var keyBytes = key.exposeSecretBytes()
        defer { wipe(&keyBytes) }
        return Sodium.blake2bPersonal([], key: keyBytes, personal: Array("HGVault-Check-v1".utf8), outputCount: 16)
    }

    /// Encrypts `plaintext` and writes it atomically to `path`, reaching the write points named `file`.
    public func write(_ plaintext: [UInt8], to path: String, file: String) throws {
        var header = StateVault.magic
        header += bigEndian(parameters.opslimit) + bigEndian(parameters.memlimit) + salt + keyCheck
        let nonce = Sodium.random(24)
        header += nonce
        var keyBytes = key.exposeSecretBytes()
        defer { wipe(&keyBytes) }
        let sealed = Sodium.seal(plaintext, associatedData: header, nonce: nonce, key: keyBytes)
        try AtomicFile.write(header + sealed, to: path, file: file, hook: hook)
    }

    /// Reads and decrypts `path`; nil when it does not exist. A file of this vault's salt and parameters opens
    /// with the cached key; a wrong passphrase (another key check) and any damage are typed errors.
    /// The caller must wipe the returned plaintext.
    public func read(_ path: String) throws -> [UInt8]? {
        guard let bytes = try AtomicFile.read(path, limit: StateVault.maxFileBytes) else { return nil }
        let header = try Header(bytes, file: path)
        guard header.salt == salt, header.parameters == parameters else {
            throw CeremonyError.corruptedState(file: path, reason: "it was written under another passphrase or salt")
        }
        guard Sodium.constantTimeEqual(keyCheck, header.check) else { throw CeremonyError.wrongPassphrase(file: path) }
        var keyBytes = key.exposeSecretBytes()
        defer { wipe(&keyBytes) }
        guard
            let plaintext = Sodium.open(
                Array(bytes[StateVault.headerCount...]), associatedData: Array(bytes[..<StateVault.headerCount]),
                nonce: header.nonce, key: keyBytes)
        else { throw CeremonyError.corruptedState(file: path, reason: "the authentication tag does not verify") }
        return plaintext
    }

    struct Header {
        let parameters: KDFParameters
        let salt: [UInt8]
        let check: [UInt8]
        let nonce: [UInt8]

        init(_ bytes: [UInt8], file: String) throws {
            guard bytes.count >= StateVault.headerCount + 16 else {
                throw CeremonyError.corruptedState(file: file, reason: "it is truncated (\(bytes.count) bytes)")
            }
            guard Array(bytes[0..<8]) == StateVault.magic else {
                throw CeremonyError.corruptedState(file: file, reason: "it does not start with HGVAULT1")
            }
            let opslimit = readBigEndian(bytes, at: 8)
            let memlimit = readBigEndian(bytes, at: 16)
            do {
                parameters = try KDFParameters(opslimit: opslimit, memlimit: memlimit)
            } catch {
                throw CeremonyError.unsafeKDFParameters(
                    file: file, reason: "opslimit \(opslimit), memlimit \(memlimit) outside the accepted bounds")
            }
            salt = Array(bytes[24..<40])
            check = Array(bytes[40..<56])
            nonce = Array(bytes[56..<80])
        }
    }
}

func bigEndian(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) } }

func readBigEndian(_ bytes: [UInt8], at offset: Int) -> UInt64 {
    (0..<8).reduce(UInt64(0)) { ($0 << 8) | UInt64(bytes[offset + $1]) }
}
