import DeterministicCBOR

/// libFuzzer entry: any bytes either fail to decode with a typed error, or decode to an item whose deterministic
/// encoding is exactly the input (one encoding per value).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCBOR(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    if let item = try? CBOR.decode(input) {
        precondition(item.encoded == input, "decoded item re-encodes differently")
        _ = item.diagnostic
    }
    return 0
}
