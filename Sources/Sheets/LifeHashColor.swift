import Foundation

/// An RGB colour with components nominally in [0, 1], as LifeHash computes in doubles.
///
/// Several operations deliberately round through `Float` because the reference implementation
/// (bc-lifehash `numeric.hpp`, `color.cpp`, `hsb-color.cpp`) calls `fmodf`, `powf`, `sqrtf` and `floorf` on its
/// doubles; matching its images bit for bit means matching those roundings.
struct LifeHashColor: Sendable, Equatable {
    var r: Double
    var g: Double
    var b: Double

    static let white = LifeHashColor(r: 1, g: 1, b: 1)
    static let black = LifeHashColor(r: 0, g: 0, b: 0)

    init(r: Double, g: Double, b: Double) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// A colour from 8-bit components, each divided by 255.
    init(bytes r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.init(r: Double(r) / 255, g: Double(g) / 255, b: Double(b) / 255)
    }

    /// The fully saturated, fully bright colour of a hue in [0, 1] (HSB to RGB), used by version1.
    init(hue: Double) {
        // Saturation and brightness are both 1 here, so the general HSB formula reduces to these six cases.
        var h = LifeHashMath.modulo(hue, 1)
        if h < 0 { h += 1 }
        h *= 6
        let i = Int(floorf(Float(h)))
        let f = h - Double(i)
        // Kept in the reference's form: 1 - (1 - f) is not always f in floating point.
        let q = 1 - f
        let t = 1 - (1 - f)
        switch i {
        case 0: self.init(r: 1, g: t, b: 0)
        case 1: self.init(r: q, g: 1, b: 0)
        case 2: self.init(r: 0, g: 1, b: t)
        case 3: self.init(r: 0, g: q, b: 1)
        case 4: self.init(r: t, g: 0, b: 1)
        default: self.init(r: 1, g: 0, b: q)
        }
    }

    /// Linear interpolation towards another colour, with the fraction and each result clamped to [0, 1].
    func lerp(to other: LifeHashColor, _ t: Double) -> LifeHashColor {
        let f = LifeHashMath.clamped(t)
        return LifeHashColor(
            r: LifeHashMath.clamped(r * (1 - f) + other.r * f),
            g: LifeHashMath.clamped(g * (1 - f) + other.g * f),
            b: LifeHashMath.clamped(b * (1 - f) + other.b * f)
        )
    }

    func lighten(_ t: Double) -> LifeHashColor { lerp(to: .white, t) }
    func darken(_ t: Double) -> LifeHashColor { lerp(to: .black, t) }

    /// Colour burn by a fraction; the divisor never falls below 1e-7.
    func burn(_ t: Double) -> LifeHashColor {
        let f = max(1.0 - t, 1.0e-7)
        return LifeHashColor(
            r: min(1.0 - (1.0 - r) / f, 1.0),
            g: min(1.0 - (1.0 - g) / f, 1.0),
            b: min(1.0 - (1.0 - b) / f, 1.0)
        )
    }

    /// Perceived brightness, computed in single precision exactly as the reference does.
    var luminance: Double {
        let red = powf(Float(0.299 * r), 2)
        let green = powf(Float(0.587 * g), 2)
        let blue = powf(Float(0.114 * b), 2)
        return Double(sqrtf(red + green + blue))
    }
}

/// The reference's small numeric helpers, with its exact precision.
enum LifeHashMath {
    /// Maps `t` from [a, b] to [0, 1].
    static func lerpFrom(_ a: Double, _ b: Double, _ t: Double) -> Double { (a - t) / (a - b) }

    /// Maps `t` from [0, 1] to [a, b].
    static func lerpTo(_ a: Double, _ b: Double, _ t: Double) -> Double { t * (b - a) + a }

    /// Maps `t` from [a, b] to [c, d].
    static func lerp(_ a: Double, _ b: Double, _ c: Double, _ d: Double, _ t: Double) -> Double {
        lerpTo(c, d, lerpFrom(a, b, t))
    }

    /// `n` clamped to [0, 1], comparing in the reference's order (so NaN comes out as 1, as it does there).
    static func clamped(_ n: Double) -> Double {
        let upper = n < 1 ? n : 1
        return upper > 0 ? upper : 0
    }

    /// A non-negative remainder, computed with single-precision `fmodf` while the sum in between is a double.
    static func modulo(_ dividend: Double, _ divisor: Double) -> Double {
        let inner = fmodf(Float(dividend), Float(divisor))
        let shifted = Double(inner) + divisor
        return Double(fmodf(Float(shifted), Float(divisor)))
    }
}
