// The pointer code of the Ceremony layer: thin calls into libsodium. Everything above this file speaks [UInt8].
import CSodium
import FROST

/// libsodium calls the Ceremony layer needs, each taking and returning plain byte arrays.
enum Sodium {
    /// BLAKE2b (`crypto_generichash`) of `message` with an optional key, `outputCount` bytes (16...64).
    static func blake2b(_ message: [UInt8], key: [UInt8] = [], outputCount: Int = 32) -> [UInt8] {
        ensureSodium()
        var out = [UInt8](repeating: 0, count: outputCount)
        _ = out.withUnsafeMutableBufferPointer { o in
            message.withUnsafeBufferPointer { m in
                key.withUnsafeBufferPointer { k in
                    crypto_generichash(
                        o.baseAddress!, outputCount, m.baseAddress, UInt64(m.count),
                        k.count == 0 ? nil : k.baseAddress, k.count)
                }
            }
        }
        return out
    }

    /// BLAKE2b keyed with a 32-byte key plus a 16-byte personalization (`crypto_generichash_blake2b_salt_personal`),
    /// used as the KDF that separates a host seed's uses.
    static func blake2bPersonal(_ message: [UInt8], key: [UInt8], personal: [UInt8], outputCount: Int = 32) -> [UInt8] {
        ensureSodium()
        precondition(personal.count == 16 && (16...64).contains(key.count))
        var out = [UInt8](repeating: 0, count: outputCount)
        let salt = [UInt8](repeating: 0, count: 16)
        _ = out.withUnsafeMutableBufferPointer { o in
            message.withUnsafeBufferPointer { m in
                key.withUnsafeBufferPointer { k in
                    crypto_generichash_blake2b_salt_personal(
                        o.baseAddress!, outputCount, m.baseAddress, UInt64(m.count), k.baseAddress, k.count,
                        salt, personal)
                }
            }
        }
        return out
    }

    /// Ed25519 key pair from a 32-byte seed (`crypto_sign_seed_keypair`): (public key, 64-byte secret key).
    static func signKeyPair(seed: [UInt8]) -> (publicKey: [UInt8], secretKey: [UInt8]) {
        ensureSodium()
        var pk = [UInt8](repeating: 0, count: Int(crypto_sign_PUBLICKEYBYTES))
        var sk = [UInt8](repeating: 0, count: Int(crypto_sign_SECRETKEYBYTES))
        _ = crypto_sign_seed_keypair(&pk, &sk, seed)
        return (pk, sk)
    }

    /// A detached Ed25519 signature (`crypto_sign_detached`).
    static func sign(_ message: [UInt8], secretKey: [UInt8]) -> [UInt8] {
        ensureSodium()
        var signature = [UInt8](repeating: 0, count: Int(crypto_sign_BYTES))
        _ = message.withUnsafeBufferPointer { m in
            crypto_sign_detached(&signature, nil, m.baseAddress, UInt64(m.count), secretKey)
        }
        return signature
    }

    /// Verifies a detached Ed25519 signature (`crypto_sign_verify_detached`); false on any malformed input.
    static func verify(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        ensureSodium()
        guard signature.count == Int(crypto_sign_BYTES), publicKey.count == Int(crypto_sign_PUBLICKEYBYTES) else {
            return false
        }
        return message.withUnsafeBufferPointer { m in
            crypto_sign_verify_detached(signature, m.baseAddress, UInt64(m.count), publicKey) == 0
        }
    }

    /// X25519 public key of a 32-byte scalar (`crypto_scalarmult_base`).
    static func x25519Base(_ scalar: [UInt8]) -> [UInt8] {
        ensureSodium()
        var out = [UInt8](repeating: 0, count: 32)
        _ = crypto_scalarmult_base(&out, scalar)
        return out
    }

    /// X25519 shared point (`crypto_scalarmult`); nil when the result is all zero (a low-order public key).
    static func x25519(_ scalar: [UInt8], _ publicKey: [UInt8]) -> [UInt8]? {
        ensureSodium()
        guard scalar.count == 32, publicKey.count == 32 else { return nil }
        var out = [UInt8](repeating: 0, count: 32)
        guard crypto_scalarmult(&out, scalar, publicKey) == 0 else { return nil }
        return out
    }

    /// True when an X25519 public key is of small order (or an encoding of one): X25519 with it gives the all-zero
    /// secret for every scalar, so nothing could be encrypted to it. libsodium's `crypto_scalarmult` refuses such a
    /// key (its blacklist, then an all-zero result); any clamped scalar shows it, as clamping clears the cofactor.
    static func isSmallOrderX25519(_ publicKey: [UInt8]) -> Bool {
        x25519([UInt8](repeating: 0x5a, count: 32), publicKey) == nil
    }

    /// Argon2id (`crypto_pwhash`, ALG_ARGON2ID13) of a passphrase into a 32-byte key; nil if libsodium refuses
    /// (out of memory or parameters out of range).
    static func argon2id(passphrase: [UInt8], salt: [UInt8], opslimit: UInt64, memlimit: UInt64) -> [UInt8]? {
        ensureSodium()
        guard salt.count == Int(crypto_pwhash_SALTBYTES) else { return nil }
        var key = [UInt8](repeating: 0, count: 32)
        // An empty passphrase is allowed (libsodium takes a length of 0) but has no base address to lend.
        var buffer: [CChar] = passphrase.isEmpty ? [0] : passphrase.map { CChar(bitPattern: $0) }
        defer { buffer.withUnsafeMutableBytes { sodium_memzero($0.baseAddress!, $0.count) } }
        let result = crypto_pwhash(
            &key, 32, buffer, UInt64(passphrase.count), salt, opslimit, Int(memlimit), crypto_pwhash_ALG_ARGON2ID13)
        guard result == 0 else { return nil }
        return key
    }

    /// XChaCha20-Poly1305 IETF encryption (`crypto_aead_xchacha20poly1305_ietf_encrypt`), ciphertext || tag.
    static func seal(_ plaintext: [UInt8], associatedData: [UInt8], nonce: [UInt8], key: [UInt8]) -> [UInt8] {
        ensureSodium()
        var out = [UInt8](repeating: 0, count: plaintext.count + Int(crypto_aead_xchacha20poly1305_ietf_ABYTES))
        var outCount: UInt64 = 0
        _ = plaintext.withUnsafeBufferPointer { p in
            associatedData.withUnsafeBufferPointer { a in
                crypto_aead_xchacha20poly1305_ietf_encrypt(
                    &out, &outCount, p.baseAddress, UInt64(p.count), a.baseAddress, UInt64(a.count), nil, nonce, key)
            }
        }
        return out
    }

    /// XChaCha20-Poly1305 IETF decryption; nil when the tag does not verify.
    static func open(_ ciphertext: [UInt8], associatedData: [UInt8], nonce: [UInt8], key: [UInt8]) -> [UInt8]? {
        ensureSodium()
        let tagCount = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)
        guard ciphertext.count >= tagCount else { return nil }
        var out = [UInt8](repeating: 0, count: ciphertext.count - tagCount)
        var outCount: UInt64 = 0
        let result = ciphertext.withUnsafeBufferPointer { c in
            associatedData.withUnsafeBufferPointer { a in
                crypto_aead_xchacha20poly1305_ietf_decrypt(
                    &out, &outCount, nil, c.baseAddress!, UInt64(c.count), a.baseAddress, UInt64(a.count), nonce, key)
            }
        }
        guard result == 0 else {
            wipe(&out)
            return nil
        }
        return out
    }

    /// `count` bytes from libsodium's CSPRNG.
    static func random(_ count: Int) -> [UInt8] {
        ensureSodium()
        var out = [UInt8](repeating: 0, count: count)
        randombytes_buf(&out, count)
        return out
    }

    /// Constant-time equality of two byte arrays of the same length.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return sodium_memcmp(a, b, a.count) == 0
    }
}
