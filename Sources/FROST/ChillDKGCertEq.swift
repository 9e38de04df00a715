/// ChillDKG's BIP 340 signatures: the equality check CertEq (ChillDKG §"Equality Check Protocol CertEq", certeq_message
/// / certeq_participant_step / certeq_verify), and BIP 340 Sign/Verify with a chosen tag prefix, which the proofs of
/// possession of SimplPedPop use with the prefix "BIP DKG/pop message".
extension ChillDKG {
    typealias K = Secp256k1Sha256

    /// hash_tag(x) = SHA256(SHA256(tag) || SHA256(tag) || x) (BIP 340 tagged hash).
    static func taggedHash(_ tag: String, _ parts: [[UInt8]]) -> [UInt8] { BIP445.taggedHash(tag, parts) }

    /// tagged_hash_bip_dkg: the tagged hash with the tag prefixed by "BIP DKG/".
    static func dkgHash(_ tag: String, _ parts: [[UInt8]]) -> [UInt8] { taggedHash("BIP DKG/" + tag, parts) }

    /// hash_{BIP DKG/tag}(secrets || public parts) as a secret; every temporary copy of a secret is wiped.
    static func secretDKGHash(_ tag: String, secrets: [SecretBytes], _ parts: [[UInt8]] = []) -> SecretBytes {
        var exposed = secrets.map { $0.exposeSecretBytes() }
        var hash = dkgHash(tag, exposed + parts)
        defer {
            for i in exposed.indices { wipe(&exposed[i]) }
            wipe(&hash)
        }
        return SecretBytes(hash)
    }

    /// The big-endian 4-byte encoding of a value in 0..<2^32.
    static func bytes4(_ value: Int) -> [UInt8] { BIP445.bytes(4, value) }

    // MARK: BIP 340 with a tag prefix

    /// BIP 340 Sign with the tags "<prefix>/aux", "<prefix>/nonce" and "<prefix>/challenge" (the reference's
    /// schnorr_sign with tag_prefix). The secret key must be nonzero; the nonce is derived from it, the aux
    /// randomness and the message, and every scalar step runs in `Secp256k1ScalarField` (constant time).
    static func schnorrSign(message: [UInt8], secretKey: SecretScalar<K>, auxRand: [UInt8],
                            tagPrefix: String = "BIP0340") throws -> [UInt8] {
        guard auxRand.count == 32 else {
            throw ChillDKGError.wrongLength(what: "aux randomness", expected: 32, actual: auxRand.count)
        }
        let publicKey = secretKey.publicElement()
        guard !publicKey.isIdentity else { throw ChillDKGError.negligibleHashOutOfRange }
        var d = secretKey.withScalar { BIP445.hasEvenY(publicKey) ? $0 : -$0 }
        var dBytes = d.serialize()
        let auxHash = taggedHash(tagPrefix + "/aux", [auxRand])
        var masked = zip(dBytes, auxHash).map { $0 ^ $1 }
        let px = BIP445.xbytes(publicKey)
        var nonceHash = taggedHash(tagPrefix + "/nonce", [masked, px, message])
        var k0 = K.reduce(bigEndian: nonceHash)
        defer {
            d.zeroize()
            wipe(&dBytes)
            wipe(&masked)
            wipe(&nonceHash)
            k0.zeroize()
        }
        guard !K.isZeroInConstantTime(k0) else { throw ChillDKGError.negligibleHashOutOfRange }
        let nonce = K.multiplyGenerator(by: k0)
        var k = BIP445.hasEvenY(nonce) ? k0 : -k0
        defer { k.zeroize() }
        let rx = BIP445.xbytes(nonce)
        let e = K.reduce(bigEndian: taggedHash(tagPrefix + "/challenge", [rx, px, message]))
        var product = e * d
        defer { product.zeroize() }
        return rx + (k + product).serialize()
    }

    /// BIP 340 Verify with the tags "<prefix>/challenge" of a 64-byte signature under a 32-byte x-only key; all
    /// values are public. r ≥ p and x-only keys that are not on the curve make it false.
    static func schnorrVerify(message: [UInt8], xOnlyPublicKey: [UInt8], signature: [UInt8],
                              tagPrefix: String) -> Bool {
        guard signature.count == 64, xOnlyPublicKey.count == 32,
              let publicKey = BIP445.cpoint([0x02] + xOnlyPublicKey),
              let s = BIP445.scalarChecked(Array(signature[32..<64]))
        else { return false }
        let r = Array(signature[0..<32])
        let e = K.reduce(bigEndian: taggedHash(tagPrefix + "/challenge", [r, xOnlyPublicKey, message]))
        let nonce = K.multiplyGenerator(by: s) - K.multiply(publicKey, by: e)
        // x(R) < p always, so this comparison also rejects r >= p.
        return !nonce.isIdentity && BIP445.hasEvenY(nonce) && BIP445.xbytes(nonce) == r
    }

    // MARK: CertEq

    /// certeq_message(x, i): "BIP DKG/certeq message" padded with zeros to 33 bytes (BIP 340's domain separation
    /// for fixed-tag signatures), the signer's 4-byte identifier, then x.
    static func certEqMessage(_ x: [UInt8], participantID: Int) -> [UInt8] {
        var prefix = Array("BIP DKG/certeq message".utf8)
        prefix += [UInt8](repeating: 0, count: 33 - prefix.count)
        return prefix + bytes4(participantID) + x
    }

    /// certeq_participant_step: the participant's plain BIP 340 signature of certeq_message(x, i) with its host key.
    static func certEqSign(hostSecretKey: SecretScalar<K>, participantID: Int, x: [UInt8],
                           auxRand: [UInt8]) throws -> [UInt8] {
        try schnorrSign(message: certEqMessage(x, participantID: participantID), secretKey: hostSecretKey,
                        auxRand: auxRand)
    }

    /// certeq_verify: the certificate is n BIP 340 signatures, the i-th by participant i's host key (x-only) of
    /// certeq_message(x, i). Returns the first participant whose signature fails, nil when all verify. The caller
    /// checks the certificate's length (64·n).
    static func certEqFirstInvalidSignature(hostPublicKeys: [[UInt8]], x: [UInt8], certificate: [UInt8]) -> Int? {
        for (i, hostPublicKey) in hostPublicKeys.enumerated() {
            // Dropping the sign byte is fine: the message commits to every full host public key through x.
            let signature = Array(certificate[(64 * i)..<(64 * i + 64)])
            let valid = LibSecp256k1.verifySchnorr(signature: signature, message: certEqMessage(x, participantID: i),
                                                   xOnlyPublicKey: Array(hostPublicKey[1..<33]))
            if !valid { return i }
        }
        return nil
    }
}
