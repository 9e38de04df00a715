import Testing

@testable import Sheets

@Suite struct LifeHashColorTests {
    /// The reference's `modulo` goes through single precision: 0.1 + 0.5 comes back as the float nearest 0.6.
    @Test func moduloRoundsThroughFloat() {
        #expect(LifeHashMath.modulo(-0.25, 1) == 0.75)
        #expect(LifeHashMath.modulo(1.25, 1) == 0.25)
        #expect(LifeHashMath.modulo(0.1 + 0.5, 1) == Double(Float(0.6)))
        #expect(LifeHashMath.modulo(0.1 + 0.5, 1) != 0.6)
    }

    @Test func clampedFollowsTheReferenceComparisons() {
        #expect(LifeHashMath.clamped(-3) == 0)
        #expect(LifeHashMath.clamped(0.5) == 0.5)
        #expect(LifeHashMath.clamped(7) == 1)
        #expect(LifeHashMath.clamped(.nan) == 1)
    }

    /// A third of the way round is green, but the hue went through `fmodf`, so blue keeps the float's error.
    @Test func hueWheelPrimaries() {
        #expect(LifeHashColor(hue: 0) == LifeHashColor(r: 1, g: 0, b: 0))
        let fraction = LifeHashMath.modulo(1.0 / 3, 1) * 6 - 2
        #expect(LifeHashColor(hue: 1.0 / 3) == LifeHashColor(r: 0, g: 1, b: 1 - (1 - fraction)))
        #expect(fraction > 0)
        #expect(LifeHashColor(hue: 0.5).r == 0)
    }

    @Test func lerpClampsItsFraction() {
        let gray = LifeHashColor.black.lerp(to: .white, 0.25)
        #expect(gray == LifeHashColor(r: 0.25, g: 0.25, b: 0.25))
        #expect(LifeHashColor.black.lerp(to: .white, 4) == .white)
    }

    @Test func burnNeverDividesByZero() {
        let burnt = LifeHashColor(r: 0.5, g: 1, b: 0.9).burn(1)
        #expect(burnt.g == 1)
        #expect(burnt.r < -1000)
    }
}
