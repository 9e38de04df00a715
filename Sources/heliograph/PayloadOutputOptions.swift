import ArgumentParser
import Foundation
import UniformResources

/// How `scan` and `ur decode` write the payload of the UR they received: raw bytes (to a terminal only when they
/// are text) or hex with `--hex`, and with `--stats` one JSON line of counts on stderr.
struct PayloadOutputOptions: ParsableArguments {
    @Flag(help: "Write the payload as lowercase hex and a newline instead of raw bytes.")
    var hex = false

    @Flag(help: "On completion, one JSON line on stderr: type, seqLen, partsReceived, messageLength (scan: frames).")
    var stats = false

    /// Writes the payload of `ur`; with `--stats`, then the JSON line: its type, then `counts` in order.
    func write(_ ur: UR, counts: KeyValuePairs<String, Int>) throws {
        if hex {
            print(Base16.encode(ur.cbor))
        } else {
            try Console.writePayload(ur.cbor)
        }
        guard stats else { return }
        let fields = counts.map { "\"\($0.key)\":\($0.value)" }
        Console.note("{\"type\":\(JSONText.string(ur.type))," + fields.joined(separator: ",") + "}")
    }
}
