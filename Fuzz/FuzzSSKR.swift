import FROST
import SSKR

/// libFuzzer entry for SSKR shares (BCR-2020-011): the input as share text (`ur:sskr`, Bytewords in every
/// style, the legacy forms), and as a set of share byte strings to combine. Whatever parses prints in every form
/// and reads back to the same share; a recovered secret is as long as the shares' values; everything else is a
/// typed `SSKRError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSSKR(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: input, as: UTF8.self)

    for legacy in [false, true] {
        if let share = typed({ try SSKRShare(text: text, acceptingLegacy: legacy) }) {
            for form in [share.ur, share.bytewords(.standard), share.bytewords(.minimal), share.bytewords(.uri)] {
                precondition(typed({ try SSKRShare(text: form) }) == share, "\(form) does not read back")
            }
            precondition(typed({ try SSKRShare(text: share.legacyUR, acceptingLegacy: true) }) == share,
                         "the legacy UR does not read back")
            precondition(typed({ try SSKRShare(bytes: share.bytes) }) == share, "the share's bytes do not parse")
        }
    }

    // Shares as length-prefixed byte strings: [n][n bytes][m][m bytes]...
    var shares: [SSKRShare] = []
    var offset = 0
    while offset < input.count {
        let length = Int(input[offset])
        offset += 1
        let end = min(input.count, offset + length)
        if let share = typed({ try SSKRShare(bytes: Array(input[offset..<end])) }) { shares.append(share) }
        offset = end
    }
    if let secret = typed({ try SSKR.combine(shares) }) {
        precondition(secret.count == shares[0].valueLength, "a recovered secret of the wrong length")
    }
    return 0
}

/// The value, nil for a typed `SSKRError`; any other error is a bug.
func typed<R>(_ body: () throws -> R) -> R? {
    do {
        return try body()
    } catch is SSKRError {
        return nil
    } catch {
        preconditionFailure("untyped error: \(error)")
    }
}
