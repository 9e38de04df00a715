import UniformResources

/// libFuzzer entry for the multipart decoders (BCR-2024-001 fountain codes, BCR-2020-005 multipart URs) under
/// small limits. Byte 0 picks a mode:
/// - 0: the rest is a sequence of `length (1 byte) | part CBOR` records fed to a `FountainDecoder`;
/// - 1: the rest is newline-separated UR strings fed to a `URDecoder`;
/// - 2, 3: a real message (from the input) is fountain-encoded and its parts are dropped, repeated, reordered,
///   corrupted or replaced as the remaining bytes say, then fed to a `FountainDecoder`.
/// Nothing may crash; every refusal is a typed `URError`; a completed message has the length and CRC-32 its parts
/// declare, and equals the original whenever no part was corrupted.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMultipart(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let mode = input.first else { return 0 }
    let body = Array(input.dropFirst())
    switch mode % 4 {
    case 0: rawParts(body)
    case 1: strings(body)
    default: encodedParts(body)
    }
    return 0
}

let limits = FountainDecoder.Limits(maxMessageLength: 4096, maxFragments: 64)

func rawParts(_ body: [UInt8]) {
    var decoder = FountainDecoder(limits: limits)
    var index = 0
    while index < body.count {
        let length = Int(body[index])
        let part = Array(body[(index + 1)..<min(index + 1 + length, body.count)])
        index += 1 + length
        guard let parsed = typed({ try FountainPart(cbor: part) }) else { continue }
        _ = typed({ try decoder.receive(parsed) })
    }
    checkCompleted(decoder)
}

func strings(_ body: [UInt8]) {
    var decoder = URDecoder(limits: limits, maxStringLength: 8192)
    for line in body.split(separator: 0x0a) {
        _ = typed({ try decoder.receive(String(decoding: line, as: UTF8.self)) })
    }
    if let result = decoder.result, let header = decoder.header {
        precondition(result.cbor.count == header.messageLen, "the UR has the wrong length")
        precondition(CRC32.checksum(result.cbor) == header.checksum, "the UR completed with a wrong checksum")
    }
}

func encodedParts(_ body: [UInt8]) {
    guard body.count >= 3 else { return }
    let messageLength = 1 + Int(body[0]) % 200
    let maxFragmentLength = 1 + Int(body[1]) % 40
    let script = body[2...]
    // The message itself comes from the script so the fuzzer controls it, repeated to the chosen length.
    let message = (0..<messageLength).map { script[script.startIndex + $0 % script.count] }
    guard let encoder = typed({
        try FountainEncoder(message: message, maxFragmentLength: maxFragmentLength, minFragmentLength: 1)
    }) else { preconditionFailure("the encoder refused valid settings") }
    var decoder = FountainDecoder(limits: limits)
    var corrupted = false
    var cursor = script.startIndex
    func next() -> UInt8? {
        guard cursor < script.endIndex else { return nil }
        defer { cursor += 1 }
        return script[cursor]
    }
    while let op = next(), !decoder.isComplete {
        let seqNum = UInt32(op >> 2) + 1
        var part = encoder.part(seqNum: seqNum)
        switch op & 3 {
        case 0, 1:
            break
        case 2:
            // Flip one bit of the fragment: a part whose CRC cannot protect it (only the message CRC can).
            guard let where_ = next() else { break }
            var fragment = part.fragment
            fragment[Int(where_) % fragment.count] ^= 1 << (where_ & 7)
            part = FountainPart(seqNum: part.seqNum, seqLen: part.seqLen, messageLen: part.messageLen,
                                checksum: part.checksum, fragment: fragment)
            corrupted = true
        default:
            // Replace a header field with a hostile value.
            guard let field = next(), let value = next() else { break }
            let big = Int(value) << (Int(field >> 2) % 40)
            switch field & 3 {
            case 0: part = FountainPart(seqNum: part.seqNum, seqLen: big, messageLen: part.messageLen,
                                        checksum: part.checksum, fragment: part.fragment)
            case 1: part = FountainPart(seqNum: part.seqNum, seqLen: part.seqLen, messageLen: big,
                                        checksum: part.checksum, fragment: part.fragment)
            case 2: part = FountainPart(seqNum: part.seqNum, seqLen: part.seqLen, messageLen: part.messageLen,
                                        checksum: part.checksum ^ UInt32(value), fragment: part.fragment)
            default: part = FountainPart(seqNum: part.seqNum, seqLen: part.seqLen, messageLen: part.messageLen,
                                         checksum: part.checksum, fragment: Array(part.fragment.prefix(Int(value))))
            }
            corrupted = true
        }
        _ = typed({ try decoder.receive(part) })
    }
    checkCompleted(decoder)
    if let result = decoder.message, !corrupted {
        precondition(result == message, "clean parts reassembled a different message")
    }
}

func checkCompleted(_ decoder: FountainDecoder) {
    guard let message = decoder.message else { return }
    guard let header = decoder.header else { preconditionFailure("a message without a header") }
    precondition(message.count == header.messageLen, "the message has the wrong length")
    precondition(CRC32.checksum(message) == header.checksum, "the message completed with a wrong checksum")
    precondition(decoder.progress.rank == header.seqLen, "completed below full rank")
}

/// The value, nil for a typed `URError`; any other error is a bug.
func typed<R>(_ body: () throws -> R) -> R? {
    do {
        return try body()
    } catch is URError {
        return nil
    } catch {
        preconditionFailure("untyped error \(error)")
    }
}
