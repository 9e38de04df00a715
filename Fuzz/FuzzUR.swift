import UniformResources

/// libFuzzer entry for the UR text parsers (BCR-2020-005, BCR-2020-012, BCR-2024-001 part CBOR): any input
/// either fails with a typed error or parses to a value that prints back to the same text (up to letter case).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzUR(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: input, as: UTF8.self)
    do {
        let part = try URPart(parsing: text)
        let reparsed = try URPart(parsing: part.string)
        precondition(reparsed == part, "a parsed part does not re-parse to itself")
        if case .single(let ur) = part {
            precondition(ur.string == text.lowercased(), "a single-part UR prints differently")
        }
    } catch {
        precondition(error is URError, "untyped error from URPart(parsing:)")
    }
    for style in Bytewords.Style.allCases {
        do {
            let bytes = try Bytewords.decode(text, style: style)
            precondition(Bytewords.encode(bytes, style: style) == text.lowercased(), "Bytewords re-encode differs")
        } catch {
            precondition(error is BytewordsError, "untyped error from Bytewords.decode")
        }
    }
    do {
        let part = try FountainPart(cbor: input)
        precondition(part.cbor == input, "a parsed part re-encodes differently")
        _ = try? part.validate()
        if part.seqLen <= 4096 { _ = part.indexes }
    } catch {
        precondition(error is URError, "untyped error from FountainPart(cbor:)")
    }
    return 0
}
