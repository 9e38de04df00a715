import Bitcoin
import UniformResources

/// libFuzzer entry for the Bitcoin layer's decoders: binary PSBTs (BIP 174 / 370 / 371), the CBOR of a PSBT UR,
/// network transactions, and descriptor / extended key text. Byte 0 picks the decoder; the rest is its input. Every
/// input either fails with a `BitcoinError` or gives a value that serializes back to exactly the input, and a PSBT
/// that parses also goes through a signing plan for a fixed wallet, which must refuse it with a typed error or
/// give a plan whose totals add up.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPSBT(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let selector = input.first else { return 0 }
    let body = Array(input.dropFirst())
    switch selector % 4 {
    case 0: checkPSBT(body, expectSame: body)
    case 1:
        guard let ur = try? UR(type: "psbt", cbor: body) else { return 0 }
        guard let psbt = typed({ try PSBT(ur: ur) }) else { return 0 }
        checkPSBT(psbt.serialized, expectSame: psbt.serialized)
    case 2:
        guard let transaction = typed({ try BitcoinTransaction(parsing: body) }) else { return 0 }
        precondition(transaction.serialized() == body, "a transaction serializes differently")
    default:
        let text = String(decoding: body, as: UTF8.self)
        if let descriptor = typed({ try TaprootKeyDescriptor(parsing: text) }) { _ = typed { try descriptor.scriptPubKey() } }
        if let key = typed({ try ExtendedPublicKey(parsing: text) }) {
            precondition(key.base58 == text, "an extended key serializes differently")
        }
    }
    return 0
}

func typed<R>(_ body: () throws -> R) -> R? {
    do {
        return try body()
    } catch is BitcoinError {
        return nil
    } catch {
        preconditionFailure("untyped error \(error)")
    }
}

/// A fixed wallet: the generator as group key.
let wallet = try? TaprootWallet(
    groupKey: [0x02, 0x79, 0xbe, 0x66, 0x7e, 0xf9, 0xdc, 0xbb, 0xac, 0x55, 0xa0, 0x62, 0x95, 0xce, 0x87, 0x0b, 0x07,
               0x02, 0x9b, 0xfc, 0xdb, 0x2d, 0xce, 0x28, 0xd9, 0x59, 0xf2, 0x81, 0x5b, 0x16, 0xf8, 0x17, 0x98],
    network: .testnet)

func checkPSBT(_ bytes: [UInt8], expectSame: [UInt8]) {
    guard let psbt = typed({ try PSBT(parsing: bytes) }) else { return }
    precondition(psbt.serialized == expectSame, "a PSBT serializes differently")
    guard let wallet, let plan = typed({ try PSBTSigningPlan(psbt: psbt, wallet: wallet, gapLimit: 2) }) else { return }
    let summary = plan.summary
    precondition(summary.totalOut <= summary.totalIn, "a plan spends more than its inputs")
    precondition(summary.outputs.reduce(UInt64(0)) { $0 + $1.amount } == summary.totalOut, "outputs do not add up")
    precondition(plan.groupInputs.count + plan.foreignInputs.count == summary.inputCount, "inputs not all accounted for")
}
