extension CBOR {
    /// The deterministic encoding of this item (dCBOR).
    public var encoded: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(16)
        encode(into: &output)
        return output
    }

    /// Appends the deterministic encoding of this item to `output`.
    public func encode(into output: inout [UInt8]) {
        switch self {
        case .unsigned(let value):
            Self.appendHead(major: 0, argument: value, to: &output)
        case .negative(let n):
            Self.appendHead(major: 1, argument: n, to: &output)
        case .bytes(let bytes):
            Self.appendHead(major: 2, argument: UInt64(bytes.count), to: &output)
            output.append(contentsOf: bytes)
        case .text(let text):
            let utf8 = text.utf8
            Self.appendHead(major: 3, argument: UInt64(utf8.count), to: &output)
            output.append(contentsOf: utf8)
        case .array(let items):
            Self.appendHead(major: 4, argument: UInt64(items.count), to: &output)
            for item in items { item.encode(into: &output) }
        case .map(let map):
            Self.appendHead(major: 5, argument: UInt64(map.count), to: &output)
            for entry in map.storage {
                output.append(contentsOf: entry.keyEncoding)
                entry.value.encode(into: &output)
            }
        case .tagged(let tag, let item):
            Self.appendHead(major: 6, argument: tag, to: &output)
            item.encode(into: &output)
        case .simple(let simple):
            output.append(0xe0 | simple.rawValue)
        case .float(let value):
            Self.appendFloat(value, to: &output)
        }
    }

    /// RFC 8949 §3: the initial byte and the argument in its shortest form (§4.2.1 preferred serialization).
    static func appendHead(major: UInt8, argument: UInt64, to output: inout [UInt8]) {
        let type = major << 5
        switch argument {
        case 0..<24:
            output.append(type | UInt8(argument))
        case 24...0xff:
            output.append(type | 24)
            output.append(UInt8(argument))
        case 0x100...0xffff:
            output.append(type | 25)
            output.append(UInt8(argument >> 8))
            output.append(UInt8(argument & 0xff))
        case 0x1_0000...0xffff_ffff:
            output.append(type | 26)
            for shift in stride(from: 24, through: 0, by: -8) { output.append(UInt8((argument >> UInt64(shift)) & 0xff)) }
        default:
            output.append(type | 27)
            for shift in stride(from: 56, through: 0, by: -8) { output.append(UInt8((argument >> UInt64(shift)) & 0xff)) }
        }
    }

    /// dCBOR numeric reduction: an integral value in [-2^63, 2^64 - 1] encodes as an integer; any other value in
    /// the shortest of half, single and double precision that represents it exactly; every NaN as `0xf97e00`.
    static func appendFloat(_ value: Double, to output: inout [UInt8]) {
        if value.isNaN {
            output.append(contentsOf: [0xf9, 0x7e, 0x00])
            return
        }
        if value.isFinite, value == value.rounded(.towardZero) {
            if value >= 0, value < 18_446_744_073_709_551_616.0 {
                appendHead(major: 0, argument: UInt64(value), to: &output)
                return
            }
            if value < 0, value >= -9_223_372_036_854_775_808.0 {
                appendHead(major: 1, argument: UInt64(-1 - Int64(value)), to: &output)
                return
            }
        }
        if let half = HalfPrecision.exactBits(of: value) {
            output.append(0xf9)
            output.append(UInt8(half >> 8))
            output.append(UInt8(half & 0xff))
        } else if Double(Float(value)) == value {
            let bits = Float(value).bitPattern
            output.append(0xfa)
            for shift in stride(from: 24, through: 0, by: -8) { output.append(UInt8((bits >> UInt32(shift)) & 0xff)) }
        } else {
            let bits = value.bitPattern
            output.append(0xfb)
            for shift in stride(from: 56, through: 0, by: -8) { output.append(UInt8((bits >> UInt64(shift)) & 0xff)) }
        }
    }
}

/// IEEE 754 binary16, converted by hand so that no platform `Float16` support is needed.
enum HalfPrecision {
    /// The value of a binary16 bit pattern.
    static func value(of bits: UInt16) -> Double {
        let negative = bits & 0x8000 != 0
        let exponent = Int((bits >> 10) & 0x1f)
        let mantissa = Double(bits & 0x3ff)
        let magnitude: Double
        switch exponent {
        case 0: magnitude = mantissa * 0x1p-24
        case 31: magnitude = mantissa == 0 ? .infinity : .nan
        default: magnitude = (1 + mantissa / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
        return negative ? -magnitude : magnitude
    }

    /// The binary16 bit pattern that represents `value` exactly, or `nil` if none does (NaN excluded).
    static func exactBits(of value: Double) -> UInt16? {
        guard !value.isNaN else { return nil }
        let sign: UInt16 = value.sign == .minus ? 0x8000 : 0
        let magnitude = abs(value)
        if magnitude.isInfinite { return sign | 0x7c00 }
        if magnitude == 0 { return sign }
        let exponent = Int(magnitude.exponent)
        if exponent > 15 { return nil }
        if exponent >= -14 {
            let scaled = (magnitude / Double(sign: .plus, exponent: exponent, significand: 1) - 1) * 1024
            guard scaled == scaled.rounded(.towardZero) else { return nil }
            return sign | UInt16(exponent + 15) << 10 | UInt16(scaled)
        }
        let scaled = magnitude * 0x1p24
        guard scaled == scaled.rounded(.towardZero), scaled >= 1, scaled < 1024 else { return nil }
        return sign | UInt16(scaled)
    }
}
