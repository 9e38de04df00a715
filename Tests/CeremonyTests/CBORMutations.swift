import DeterministicCBOR

/// Every single-field tampering of a message: each byte string bit-flipped and truncated, each integer bumped,
/// each text changed, each array item dropped and the first two swapped, each map key dropped, and an unknown key
/// added; applied at every depth. Used to show that whatever the coordinator changes is caught.
func mutations(of item: CBOR, path: String = "$") -> [(description: String, mutated: CBOR)] {
    switch item {
    case .bytes(let bytes):
        guard !bytes.isEmpty else { return [(path + " grown", .bytes([0]))] }
        var flipped = bytes
        flipped[flipped.count - 1] ^= 0x01
        return [(path + " bit flipped", .bytes(flipped)), (path + " truncated", .bytes(Array(bytes.dropLast())))]
    case .unsigned(let value):
        return [(path + " incremented", .unsigned(value &+ 1))]
    case .negative(let value):
        return [(path + " changed", .negative(value &+ 1))]
    case .text(let text):
        return [(path + " changed", .text(text + "!"))]
    case .array(let items):
        var out: [(String, CBOR)] = []
        for (index, child) in items.enumerated() {
            for (description, mutated) in mutations(of: child, path: "\(path)[\(index)]") {
                var copy = items
                copy[index] = mutated
                out.append((description, .array(copy)))
            }
            var dropped = items
            dropped.remove(at: index)
            out.append(("\(path)[\(index)] dropped", .array(dropped)))
        }
        if items.count >= 2, items[0] != items[1] {
            var swapped = items
            swapped.swapAt(0, 1)
            out.append(("\(path)[0] and [1] swapped", .array(swapped)))
        }
        return out
    case .map(let map):
        var out: [(String, CBOR)] = []
        for (key, value) in map.entries {
            for (description, mutated) in mutations(of: value, path: "\(path).\(key.diagnostic)") {
                var copy = map
                copy[key] = mutated
                out.append((description, .map(copy)))
            }
            var dropped = map
            dropped[key] = nil
            out.append(("\(path).\(key.diagnostic) dropped", .map(dropped)))
        }
        var extra = map
        extra[99] = 0
        out.append(("\(path) unknown key added", .map(extra)))
        return out
    default:
        return []
    }
}
