import CSodium
import FROST

/// Hex decoding for literals in tests (the literals are well-formed).
func bytes(_ hex: String) -> [UInt8] {
    var out: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        out.append(UInt8(hex[index..<next], radix: 16) ?? 0)
        index = next
    }
    return out
}

/// The two suites, named for parameterized tests.
enum Suite: String, CaseIterable, CustomStringConvertible {
    case ed25519, ristretto255
    var description: String { rawValue }
}

/// Checks an FROST(Ed25519, SHA-512) signature with libsodium's own Ed25519 verifier (crypto_sign_verify_detached),
/// an implementation independent of the FROST code.
func libsodiumVerifies(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
    ensureSodium()
    guard signature.count == 64, publicKey.count == 32 else { return false }
    return crypto_sign_verify_detached(signature, message, UInt64(message.count), publicKey) == 0
}

/// A random subset of `count` elements, sorted.
func randomSubset<T: Comparable>(_ items: [T], count: Int) -> [T] {
    Array(items.shuffled().prefix(count)).sorted()
}
