import ArgumentParser
import DeterministicCBOR
import Foundation
import UniformResources

/// `heliograph ur encode`: a CBOR payload on stdin to UR strings on stdout, one per line (BCR-2020-005).
struct UREncode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Write a CBOR payload (stdin) as a UR: one single-part UR, or multipart fountain parts."
    )

    @Option(help: "The UR type: lowercase letters, digits and '-', e.g. bytes or crypto-psbt.")
    var type: String

    @Option(name: .customLong("max-fragment-length"), help: "The longest fragment in bytes.")
    var maxFragmentLength: Int = 200

    @Option(name: .customLong("first-part"), help: "The seqNum of the first part printed.")
    var firstPart: UInt32?

    @Option(help: "How many parts to print (default: from the first part up to seqLen; one loop with --animation).")
    var count: Int?

    @Flag(help: "Print the parts in the order every Heliograph animation shows them, looping as it loops.")
    var animation = false

    /// Bounds what one command holds and prints (the lines are made before the first is printed).
    static let maximumCount = 100_000

    func validate() throws {
        if animation, firstPart != nil {
            throw ValidationError("--first-part and --animation do not go together: an animation has its own order.")
        }
        if let count, !(1...Self.maximumCount).contains(count) {
            throw ValidationError("--count must be within 1...\(Self.maximumCount).")
        }
    }

    @Flag(help: "Read the payload as hex text instead of raw bytes.")
    var hex = false

    @Flag(help: "Wrap raw bytes in a CBOR byte string (what a `bytes` UR holds) instead of reading them as CBOR.")
    var wrap = false

    func run() throws {
        let input = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        let payload = try self.payload(input)
        do {
            let ur = try UR(type: type, cbor: payload)
            let lines =
                animation
                ? try UREncoder.animation(of: ur, maxFragmentLength: maxFragmentLength, count: count)
                : try UREncoder.parts(
                    of: ur, maxFragmentLength: maxFragmentLength, firstPart: firstPart ?? 1, count: count)
            for line in lines { print(line) }
        } catch let error as URError {
            throw ValidationError(error.description)
        }
    }

    /// The UR's CBOR from stdin's bytes: hex decoded with `--hex`, wrapped in a byte string with `--wrap`, and
    /// otherwise checked to be one deterministic CBOR item (BCR-2020-005: a UR carries one CBOR item; raw bytes sent
    /// as they are would not decode at the other end).
    private func payload(_ input: [UInt8]) throws -> [UInt8] {
        var payload = input
        if hex {
            guard let decoded = Base16.decode(String(decoding: input, as: UTF8.self)) else {
                throw ValidationError("The input is not hex: it must be pairs of digits 0-9, a-f.")
            }
            payload = decoded
        }
        guard !payload.isEmpty else { throw ValidationError("The payload is empty: give the UR's CBOR on stdin.") }
        if wrap { return CBOR.bytes(payload).encoded }
        do {
            _ = try CBOR.decode(payload)
        } catch {
            throw ValidationError(
                "The payload is not one deterministic CBOR item (\(error)). To send raw bytes as a `bytes` UR, "
                    + "add --wrap, which encodes them as a CBOR byte string.")
        }
        return payload
    }
}
