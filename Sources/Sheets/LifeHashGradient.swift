/// A map from a fraction in [0, 1] to a colour: the palette a LifeHash is painted with.
///
/// bc-lifehash `gradients.cpp`: the digest's bits choose one of four colour schemes (monochromatic,
/// complementary, triadic, analogous) and its hues; each version has its own hue source and variants.
struct LifeHashGradient: Sendable {
    let colorAt: @Sendable (Double) -> LifeHashColor

    func callAsFunction(_ t: Double) -> LifeHashColor { colorAt(t) }

    /// The same gradient run from 1 to 0.
    var reversed: LifeHashGradient {
        let forward = colorAt
        return LifeHashGradient { forward(1 - $0) }
    }

    func reversed(if condition: Bool) -> LifeHashGradient { condition ? reversed : self }

    /// A straight blend between two colours.
    static func blend(_ from: LifeHashColor, _ to: LifeHashColor) -> LifeHashGradient {
        LifeHashGradient { from.lerp(to: to, $0) }
    }

    /// A blend through each colour at equal intervals.
    static func blend(_ colors: [LifeHashColor]) -> LifeHashGradient {
        switch colors.count {
        case 0: return blend(.black, .black)
        case 1: return blend(colors[0], colors[0])
        case 2: return blend(colors[0], colors[1])
        default:
            let count = colors.count
            return LifeHashGradient { t in
                if t >= 1 { return colors[count - 1] }
                if t <= 0 { return colors[0] }
                let s = t * Double(count - 1)
                let segment = Int(s)
                let segmentFraction = LifeHashMath.modulo(s, 1)
                return colors[segment].lerp(to: colors[segment + 1], segmentFraction)
            }
        }
    }

    static let grayscale = blend(.black, .white)

    /// The hue wheel of version1, in the HSB gamut.
    static let hue = LifeHashGradient { LifeHashColor(hue: $0) }

    /// The spectrum of version1's other schemes.
    static let spectrum = blend([
        LifeHashColor(bytes: 0, 168, 222), LifeHashColor(bytes: 51, 51, 145), LifeHashColor(bytes: 233, 19, 136),
        LifeHashColor(bytes: 235, 45, 46), LifeHashColor(bytes: 253, 233, 43), LifeHashColor(bytes: 0, 158, 84),
        LifeHashColor(bytes: 0, 168, 222),
    ])

    /// The CMYK-printable spectrum of version2 and later.
    static let spectrumCMYKSafe = blend([
        LifeHashColor(bytes: 0, 168, 222), LifeHashColor(bytes: 41, 60, 130), LifeHashColor(bytes: 210, 59, 130),
        LifeHashColor(bytes: 217, 63, 53), LifeHashColor(bytes: 244, 228, 81), LifeHashColor(bytes: 0, 158, 84),
        LifeHashColor(bytes: 0, 168, 222),
    ])

    /// Chooses the gradient for a version from the digest's bits, consuming them as the reference does.
    static func select(_ entropy: inout LifeHashBits, version: LifeHash.Version) -> LifeHashGradient {
        if version == .grayscaleFiducial {
            return entropy.next() ? grayscale : grayscale.reversed
        }
        let scheme = entropy.nextUInt2()
        switch version {
        case .version1:
            switch scheme {
            case 0: return monochromatic(&entropy, hues: hue)
            case 1: return complementary(&entropy, hues: spectrum)
            case 2: return triadic(&entropy, hues: spectrum)
            default: return analogous(&entropy, hues: spectrum)
            }
        case .version2, .detailed:
            switch scheme {
            case 0: return monochromatic(&entropy, hues: spectrumCMYKSafe)
            case 1: return complementary(&entropy, hues: spectrumCMYKSafe)
            case 2: return triadic(&entropy, hues: spectrumCMYKSafe)
            default: return analogous(&entropy, hues: spectrumCMYKSafe)
            }
        case .fiducial, .grayscaleFiducial:
            switch scheme {
            case 0: return monochromaticFiducial(&entropy)
            case 1: return complementaryFiducial(&entropy)
            case 2: return triadicFiducial(&entropy)
            default: return analogousFiducial(&entropy)
            }
        }
    }

    /// Moves a colour away from a contrast colour's luminance when the two are closer than 0.6.
    static func adjustForLuminance(_ color: LifeHashColor, contrast: LifeHashColor) -> LifeHashColor {
        let lum = color.luminance
        let contrastLum = contrast.luminance
        let threshold = 0.6
        let offset = abs(lum - contrastLum)
        if offset > threshold { return color }
        let t = LifeHashMath.lerp(0, threshold, 0.7, 0, offset)
        if contrastLum > lum {
            return color.darken(t).burn(t * 0.6)
        }
        return color.lighten(t).burn(t * 0.6)
    }

    static func monochromatic(_ entropy: inout LifeHashBits, hues: LifeHashGradient) -> LifeHashGradient {
        let hue = entropy.nextFraction()
        let isTint = entropy.next()
        let isReversed = entropy.next()
        let keyAdvance = entropy.nextFraction() * 0.3 + 0.05
        let neutralAdvance = entropy.nextFraction() * 0.3 + 0.05
        var keyColor = hues(hue)
        let contrastBrightness: Double
        if isTint {
            contrastBrightness = 1
            keyColor = keyColor.darken(0.5)
        } else {
            contrastBrightness = 0
        }
        let neutralColor = grayscale(contrastBrightness)
        let key2 = keyColor.lerp(to: neutralColor, keyAdvance)
        let neutral2 = neutralColor.lerp(to: keyColor, neutralAdvance)
        return blend(key2, neutral2).reversed(if: isReversed)
    }

    static func monochromaticFiducial(_ entropy: inout LifeHashBits) -> LifeHashGradient {
        let hue = entropy.nextFraction()
        let isReversed = entropy.next()
        let isTint = entropy.next()
        let contrastColor: LifeHashColor = isTint ? .white : .black
        let keyColor = adjustForLuminance(spectrumCMYKSafe(hue), contrast: contrastColor)
        return blend([keyColor, contrastColor, keyColor]).reversed(if: isReversed)
    }

    static func complementary(_ entropy: inout LifeHashBits, hues: LifeHashGradient) -> LifeHashGradient {
        let spectrum1 = entropy.nextFraction()
        let spectrum2 = LifeHashMath.modulo(spectrum1 + 0.5, 1)
        let lighterAdvance = entropy.nextFraction() * 0.3
        let darkerAdvance = entropy.nextFraction() * 0.3
        let isReversed = entropy.next()
        let color1 = hues(spectrum1)
        let color2 = hues(spectrum2)
        let (darker, lighter) = color1.luminance > color2.luminance ? (color2, color1) : (color1, color2)
        return blend(darker.darken(darkerAdvance), lighter.lighten(lighterAdvance)).reversed(if: isReversed)
    }

    static func complementaryFiducial(_ entropy: inout LifeHashBits) -> LifeHashGradient {
        let spectrum1 = entropy.nextFraction()
        let spectrum2 = LifeHashMath.modulo(spectrum1 + 0.5, 1)
        let isTint = entropy.next()
        let isReversed = entropy.next()
        let neutralColorBias = entropy.next()
        let neutralColor: LifeHashColor = isTint ? .white : .black
        let color1 = spectrumCMYKSafe(spectrum1)
        let color2 = spectrumCMYKSafe(spectrum2)
        let biasedNeutral = neutralColor.lerp(to: neutralColorBias ? color1 : color2, 0.2).burn(0.1)
        return blend([
            adjustForLuminance(color1, contrast: biasedNeutral),
            biasedNeutral,
            adjustForLuminance(color2, contrast: biasedNeutral),
        ]).reversed(if: isReversed)
    }

    static func triadic(_ entropy: inout LifeHashBits, hues: LifeHashGradient) -> LifeHashGradient {
        let spectrum1 = entropy.nextFraction()
        let spectrum2 = LifeHashMath.modulo(spectrum1 + 1.0 / 3, 1)
        let spectrum3 = LifeHashMath.modulo(spectrum1 + 2.0 / 3, 1)
        let lighterAdvance = entropy.nextFraction() * 0.3
        let darkerAdvance = entropy.nextFraction() * 0.3
        let isReversed = entropy.next()
        let colors = sortedByLuminance([hues(spectrum1), hues(spectrum2), hues(spectrum3)])
        return blend([
            colors[2].lighten(lighterAdvance),
            colors[1],
            colors[0].darken(darkerAdvance),
        ]).reversed(if: isReversed)
    }

    /// Sorts by ascending luminance with an insertion sort, which is what `std::sort` does for three elements,
    /// so that equal luminances keep the reference's order.
    static func sortedByLuminance(_ colors: [LifeHashColor]) -> [LifeHashColor] {
        var sorted = colors
        for i in 1..<sorted.count {
            var j = i
            while j > 0 && sorted[j].luminance < sorted[j - 1].luminance {
                sorted.swapAt(j, j - 1)
                j -= 1
            }
        }
        return sorted
    }

    /// `triadic_fiducial` of the reference: three hues a third of the spectrum apart, with a neutral inserted.
    static func triadicFiducial(_ entropy: inout LifeHashBits) -> LifeHashGradient {
        fiducial(&entropy, hueStep: 1.0 / 3)
    }

    static func analogous(_ entropy: inout LifeHashBits, hues: LifeHashGradient) -> LifeHashGradient {
        let spectrum1 = entropy.nextFraction()
        let spectrum2 = LifeHashMath.modulo(spectrum1 + 1.0 / 12, 1)
        let spectrum3 = LifeHashMath.modulo(spectrum1 + 2.0 / 12, 1)
        let spectrum4 = LifeHashMath.modulo(spectrum1 + 3.0 / 12, 1)
        let advance = entropy.nextFraction() * 0.5 + 0.2
        let isReversed = entropy.next()
        let color1 = hues(spectrum1)
        let color2 = hues(spectrum2)
        let color3 = hues(spectrum3)
        let color4 = hues(spectrum4)
        let ordered =
            color1.luminance < color4.luminance
            ? [color1, color2, color3, color4] : [color4, color3, color2, color1]
        return blend([
            ordered[0].darken(advance),
            ordered[1].darken(advance / 2),
            ordered[2].lighten(advance / 2),
            ordered[3].lighten(advance),
        ]).reversed(if: isReversed)
    }

    /// `analogous_fiducial` of the reference: three hues a tenth of the spectrum apart, with a neutral inserted.
    static func analogousFiducial(_ entropy: inout LifeHashBits) -> LifeHashGradient {
        fiducial(&entropy, hueStep: 1.0 / 10)
    }

    /// The two fiducial schemes differ only in how far apart their three hues are; the entropy is read in the
    /// reference's order: first hue, tint or shade, where the neutral goes, reversal.
    private static func fiducial(_ entropy: inout LifeHashBits, hueStep: Double) -> LifeHashGradient {
        let spectrum1 = entropy.nextFraction()
        let spectrum2 = LifeHashMath.modulo(spectrum1 + hueStep, 1)
        let spectrum3 = LifeHashMath.modulo(spectrum1 + 2 * hueStep, 1)
        let isTint = entropy.next()
        let neutralInsertIndex = entropy.nextUInt8() % 2 + 1
        let isReversed = entropy.next()
        let neutral: LifeHashColor = isTint ? .white : .black
        let colors = [spectrumCMYKSafe(spectrum1), spectrumCMYKSafe(spectrum2), spectrumCMYKSafe(spectrum3)]
        return blend(fiducialColors(colors, neutral: neutral, insertAt: neutralInsertIndex))
            .reversed(if: isReversed)
    }

    /// The triadic and analogous fiducials' shared step: push the two colours beside the neutral away from it,
    /// the third away from its neighbour, then insert the neutral at index 1 or 2.
    static func fiducialColors(_ input: [LifeHashColor], neutral: LifeHashColor, insertAt index: Int)
        -> [LifeHashColor]
    {
        var colors = input
        if index == 1 {
            colors[0] = adjustForLuminance(colors[0], contrast: neutral)
            colors[1] = adjustForLuminance(colors[1], contrast: neutral)
            colors[2] = adjustForLuminance(colors[2], contrast: colors[1])
        } else {
            colors[1] = adjustForLuminance(colors[1], contrast: neutral)
            colors[2] = adjustForLuminance(colors[2], contrast: neutral)
            colors[0] = adjustForLuminance(colors[0], contrast: colors[1])
        }
        colors.insert(neutral, at: index)
        return colors
    }
}
