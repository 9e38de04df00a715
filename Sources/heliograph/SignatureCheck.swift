import CSodium
import Ceremony
import FROST

/// Checks a group signature independently of the code that made it: libsodium's `crypto_sign_verify_detached`
/// for FROST(Ed25519, SHA-512), whose signatures are plain RFC 8032 Ed25519; FROST's own verifier (RFC 9591 §6)
/// for ristretto255.
enum SignatureCheck {
    static func verify(suite: CeremonySuite, groupKey: [UInt8], message: [UInt8], signature: [UInt8]) throws -> Bool {
        switch suite {
        case .ed25519:
            guard groupKey.count == 32, signature.count == 64 else { return false }
            ensureSodium()
            return message.withUnsafeBufferPointer { m in
                crypto_sign_verify_detached(signature, m.baseAddress, UInt64(m.count), groupKey) == 0
            }
        case .ristretto255:
            guard let key = try? VerifyingKey<Ristretto255Sha512>(deserializing: groupKey),
                let parsed = try? Signature<Ristretto255Sha512>(deserializing: signature)
            else { return false }
            return key.verify(parsed, message: message)
        }
    }

    static func sentence(suite: CeremonySuite, verified: Bool) -> String {
        let verifier = suite == .ed25519 ? "libsodium crypto_sign_verify_detached" : "the FROST ristretto255 verifier"
        return verified ? "Verified by \(verifier)." : "REJECTED by \(verifier)."
    }
}
