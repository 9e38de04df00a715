import FROST

/// libFuzzer entry for the secp256k1 decoders and BIP 445's input checks: FROST(secp256k1, SHA-256)
/// DeserializeScalar / DeserializeElement (RFC 9591 §6.5), BIP 340 lift_x, NonceAgg, ValidateThresholdInfo,
/// ApplyTweak and BIP 340 verification. Byte 0 picks the decoder; the rest is its input. Every input either fails
/// with a typed error (`FROSTError`, `BIP445Error`) or gives a value that passes an independent check written here.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSecp256k1(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let selector = input.first else { return 0 }
    check(kind: selector, Array(input.dropFirst()))
    return 0
}

typealias C = Secp256k1Sha256

/// n, big-endian.
let groupOrder: [UInt8] = [UInt8](repeating: 0xff, count: 15) + [
    0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
]

func expectTypedError<R>(_ body: () throws -> R) -> R? {
    do {
        return try body()
    } catch is FROSTError {
        return nil
    } catch is BIP445Error {
        return nil
    } catch {
        preconditionFailure("untyped error \(error)")
    }
}

/// A valid point of prime order: P − P is the identity and (n − 1)·P + P is too.
func checkElement(_ element: Element<C>, _ bytes: [UInt8]) {
    precondition(element.serialize() == bytes, "element re-serializes differently")
    precondition(bytes.count == 33 && (bytes[0] == 2 || bytes[0] == 3), "accepted a non-compressed encoding")
    precondition(!element.isIdentity, "accepted the identity")
    precondition((element - element).isIdentity, "P - P is not the identity")
    precondition(((-Scalar<C>.one) * element + element).isIdentity, "(n - 1)P + P is not the identity")
}

func check(kind: UInt8, _ body: [UInt8]) {
    switch kind % 7 {
    case 0:
        if let scalar = expectTypedError({ try Scalar<C>(deserializing: body) }) {
            precondition(scalar.serialize() == body, "scalar re-serializes differently")
            precondition(body.lexicographicallyPrecedes(groupOrder), "accepted a scalar not below n")
        }
    case 1:
        if let element = expectTypedError({ try Element<C>(deserializing: body) }) { checkElement(element, body) }
    case 2:
        if let lifted = expectTypedError({ try BIP445.liftX(body) }) {
            precondition(lifted == [0x02] + body, "lift_x did not give the even-y point of x")
            if let element = expectTypedError({ try Element<C>(deserializing: lifted) }) {
                checkElement(element, lifted)
            } else {
                preconditionFailure("lift_x gave a point DeserializeElement refuses")
            }
        }
    case 3:
        let nonces = stride(from: 0, to: body.count, by: 66).map { Array(body[$0..<min($0 + 66, body.count)]) }
        do {
            let aggregate = try BIP445.nonceAgg(nonces)
            precondition(aggregate.count == 66, "aggnonce of \(aggregate.count) bytes")
        } catch let BIP445Error.invalidContribution(signerIndex, contribution) {
            precondition(contribution == .pubnonce && signerIndex.map { nonces.indices.contains($0) } == true,
                         "blamed \(String(describing: signerIndex)) for \(contribution)")
        } catch {
            preconditionFailure("untyped error \(error)")
        }
    case 4:
        guard let threshold = body.first else { return }
        let rest = Array(body.dropFirst())
        let key = Array(rest.prefix(33))
        let shares: [[UInt8]?] = stride(from: 33, to: rest.count, by: 33).map { start in
            let share = Array(rest[start..<min(start + 33, rest.count)])
            return share.allSatisfy { $0 == 0xee } ? nil : share
        }
        let info = BIP445ThresholdInfo(threshold: Int(threshold % 8), thresholdPublicKey: key, publicShares: shares)
        _ = expectTypedError({ try info.validate() })
    case 5:
        guard body.count >= 34 else { return }
        if let context = expectTypedError({ try BIP445TweakContext(thresholdPublicKey: Array(body[0..<33])) }),
            let tweaked = expectTypedError({
                try context.applyingTweak(Array(body[33...].prefix(32)), xOnly: body[body.count - 1] & 1 == 1)
            })
        {
            guard let element = expectTypedError({ try Element<C>(deserializing: tweaked.plainPublicKey) }) else {
                preconditionFailure("a tweaked key DeserializeElement refuses")
            }
            checkElement(element, tweaked.plainPublicKey)
        }
    default:
        // Signature, key and message from the input: verification answers, it never crashes.
        let signature = Array(body.prefix(64)), key = Array(body.dropFirst(64).prefix(32))
        _ = BIP445.verifyBIP340(signature: signature, message: Array(body.dropFirst(96)), xOnlyPublicKey: key)
    }
}
