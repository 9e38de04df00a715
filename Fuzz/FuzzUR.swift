import UniformResources

/// libFuzzer entry for UR strings (BCR-2020-005), single-part and multipart part strings, Bytewords
/// (BCR-2020-012) in every style, and fountain part CBOR (BCR-2024-001). Whatever parses prints canonically and
/// parses back to the same value (parse → print → parse is stable); everything else is a typed `URError` or
/// `BytewordsError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzUR(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: input, as: UTF8.self)

    if let part = typed({ try URPart(parsing: text, maxLength: 1 << 16) }) {
        let printed = part.string
        guard let again = typed({ try URPart(parsing: printed) }) else {
            preconditionFailure("the canonical string \(printed) does not parse")
        }
        precondition(again == part && again.string == printed, "parse → print → parse changed the part")
        precondition(printed.uppercased().lowercased() == printed, "the canonical string is not lowercase")
        if case let .single(ur) = part {
            precondition(typed({ try UR(parsing: printed.uppercased()) }) == ur, "the QR form parses differently")
            // One spelling per UR, up to letter case.
            precondition(printed == text.lowercased(), "a single-part UR prints differently from its text")
        }
    }

    for style in Bytewords.Style.allCases {
        if let bytes = typed({ try Bytewords.decode(text, style: style, maxLength: 1 << 16) }) {
            let encoded = Bytewords.encode(bytes, style: style)
            precondition(typed({ try Bytewords.decode(encoded, style: style) }) == bytes,
                         "Bytewords \(style) encode → decode changed the bytes")
            precondition(encoded == text.lowercased(), "Bytewords \(style) has a second spelling of the same bytes")
        }
    }

    if let part = typed({ try FountainPart(cbor: input) }) {
        precondition(part.cbor == input, "a fountain part re-encodes differently")
        precondition(typed({ try FountainPart(cbor: part.cbor) }) == part, "a fountain part does not round-trip")
        _ = typed({ try part.validate() })
        if part.seqLen <= 4096 { _ = part.indexes }
    }
    return 0
}

/// The value, nil for a typed error of this layer; any other error is a bug.
func typed<R>(_ body: () throws -> R) -> R? {
    do {
        return try body()
    } catch is URError {
        return nil
    } catch is BytewordsError {
        return nil
    } catch {
        preconditionFailure("untyped error \(error)")
    }
}
