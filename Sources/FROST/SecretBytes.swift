import CSodium

/// libsodium is initialised once per process, before the first call that needs it.
/// `sodium_init` is thread-safe and idempotent; this global `let` runs it exactly once.
let sodiumReady: Bool = sodium_init() >= 0

/// Ensures libsodium is initialised; call before any libsodium function.
public func ensureSodium() {
    precondition(sodiumReady, "libsodium failed to initialise")
}

/// Secret bytes (a seed, a share, a nonce, a key) that are wiped with `sodium_memzero` when released,
/// never printed, and leave only through `withUnsafeBytes` or the explicitly named `exposeSecretBytes()`.
public final class SecretBytes: @unchecked Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    private let storage: UnsafeMutableRawBufferPointer

    /// The number of secret bytes.
    public let count: Int

    /// Takes a copy of `bytes`; the caller should wipe its own copy (`wipe(&bytes)`).
    public init(_ bytes: [UInt8]) {
        count = bytes.count
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        storage.copyBytes(from: bytes)
    }

    /// Fills `count` bytes from libsodium's CSPRNG (`randombytes_buf`).
    public init(randomCount: Int) {
        ensureSodium()
        count = randomCount
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        randombytes_buf(storage.baseAddress!, count)
    }

    /// Builds the secret in place, so it never exists in an unwiped temporary.
    public init(count: Int, fill: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        self.count = count
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
        do {
            try fill(UnsafeMutableRawBufferPointer(rebasing: storage[0..<count]))
        } catch {
            sodium_memzero(storage.baseAddress!, storage.count)
            storage.deallocate()
            throw error
        }
    }

    deinit {
        sodium_memzero(storage.baseAddress!, storage.count)
        storage.deallocate()
    }

    /// Lends the bytes for the duration of `body`.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(rebasing: storage[0..<count]))
    }

    /// A plain copy of the secret, for the few places that must serialize it (encrypted state). The caller
    /// owns the copy and must wipe it (`wipe(&bytes)`) when done.
    public func exposeSecretBytes() -> [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// Overwrites the secret with zeros now (`sodium_memzero`), for a secret that must not be used twice (a BIP 445
    /// secret nonce); the object stays valid and holds zeros.
    public func overwriteWithZeros() {
        sodium_memzero(storage.baseAddress!, storage.count)
    }

    /// Constant-time comparison (`sodium_memcmp`).
    public func constantTimeEquals(_ other: SecretBytes) -> Bool {
        guard count == other.count else { return false }
        return withUnsafeBytes { a in
            other.withUnsafeBytes { b in
                count == 0 || sodium_memcmp(a.baseAddress!, b.baseAddress!, count) == 0
            }
        }
    }

    /// Only the length, e.g. `<redacted 32 bytes>`: the bytes never reach a log.
    public var description: String { "<redacted \(count) bytes>" }
    /// The same redacted text, so `debugPrint` and the debugger do not show the bytes either.
    public var debugDescription: String { description }
}

/// Wipes a plain byte array in place with `sodium_memzero` (for temporaries that held secret bytes).
public func wipe(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBytes { buffer in
        if let base = buffer.baseAddress, buffer.count > 0 { sodium_memzero(base, buffer.count) }
    }
}
