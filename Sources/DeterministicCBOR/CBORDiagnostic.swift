extension CBOR {
    /// The item in diagnostic notation (RFC 8949 §8), on one line: `[1, -2, h'0a0b', "x", {1: true}, 40(null)]`.
    public var diagnostic: String {
        var output = ""
        writeDiagnostic(to: &output)
        return output
    }

    private func writeDiagnostic(to output: inout String) {
        switch self {
        case .unsigned(let value):
            output += String(value)
        case .negative(let n):
            output += n == UInt64.max ? "-18446744073709551616" : "-" + String(n + 1)
        case .bytes(let bytes):
            output += "h'"
            for byte in bytes {
                output += byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
            }
            output += "'"
        case .text(let text):
            output += "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": output += "\\\""
                case "\\": output += "\\\\"
                case "\n": output += "\\n"
                case "\r": output += "\\r"
                case "\t": output += "\\t"
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7f {
                        let hex = String(scalar.value, radix: 16)
                        output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        output.unicodeScalars.append(scalar)
                    }
                }
            }
            output += "\""
        case .array(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += ", " }
                item.writeDiagnostic(to: &output)
            }
            output += "]"
        case .map(let map):
            output += "{"
            for (index, entry) in map.entries.enumerated() {
                if index > 0 { output += ", " }
                entry.key.writeDiagnostic(to: &output)
                output += ": "
                entry.value.writeDiagnostic(to: &output)
            }
            output += "}"
        case .tagged(let tag, let item):
            output += String(tag) + "("
            item.writeDiagnostic(to: &output)
            output += ")"
        case .simple(let simple):
            switch simple {
            case .false: output += "false"
            case .true: output += "true"
            case .null: output += "null"
            }
        case .float(let value):
            if value.isNaN {
                output += "NaN"
            } else if value.isInfinite {
                output += value < 0 ? "-Infinity" : "Infinity"
            } else if value == value.rounded(.towardZero), abs(value) < 1e17 {
                output += String(Int64(value)) + ".0"
            } else {
                output += "\(value)"
            }
        }
    }
}
