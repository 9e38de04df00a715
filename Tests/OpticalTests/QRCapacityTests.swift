import Testing

@testable import Optical

@Suite struct QRCapacityTests {
    /// Each table entry against libqrencode: a text exactly at capacity gets that version, one character more
    /// needs the next. Both modes, every level, every version.
    @Test(arguments: QRErrorCorrection.allCases)
    func capacityMatchesLibqrencode(ecc: QRErrorCorrection) throws {
        for version in 1...40 {
            let alphanumeric = QRCapacity.alphanumericCharacters(version: version, ecc: ecc)
            let fits = try QRCode(encoding: String(repeating: "A", count: alphanumeric), ecc: ecc)
            #expect(fits.version == version, "alphanumeric \(ecc.rawValue) version \(version)")
            #expect(fits.mode == .alphanumeric)
            let bytes = QRCapacity.byteCharacters(version: version, ecc: ecc)
            let byteFits = try QRCode(encoding: String(repeating: "a", count: bytes), ecc: ecc)
            #expect(byteFits.version == version, "byte \(ecc.rawValue) version \(version)")
            #expect(byteFits.mode == .byte)
            if version < 40 {
                let over = try QRCode(encoding: String(repeating: "A", count: alphanumeric + 1), ecc: ecc)
                #expect(over.version == version + 1, "alphanumeric \(ecc.rawValue) version \(version) + 1")
            } else {
                #expect(throws: OpticalError.payloadTooLarge(characters: alphanumeric + 1, ecc: ecc)) {
                    try QRCode(encoding: String(repeating: "A", count: alphanumeric + 1), ecc: ecc)
                }
            }
        }
    }

    @Test func knownCapacities() {
        // ISO/IEC 18004:2015 Table 7 totals: version 1-L holds 25 alphanumeric characters, 40-L 4296, 40-H 1852.
        #expect(QRCapacity.alphanumericCharacters(version: 1, ecc: .low) == 25)
        #expect(QRCapacity.alphanumericCharacters(version: 40, ecc: .low) == 4296)
        #expect(QRCapacity.alphanumericCharacters(version: 40, ecc: .high) == 1852)
        #expect(QRCapacity.byteCharacters(version: 40, ecc: .low) == 2953)
        #expect(QRCapacity.alphanumericCharacters(version: 0, ecc: .low) == 0)
        #expect(QRCapacity.smallestVersion(characters: 26, mode: .alphanumeric, ecc: .low) == 2)
        #expect(QRCapacity.smallestVersion(characters: 5000, mode: .alphanumeric, ecc: .low) == nil)
    }

    @Test(arguments: [
        ("UR:BYTES/1-9/LPADASCF", true), ("0123 $%*+-./:", true), ("ur:bytes", false), ("A\u{00E9}", false),
        ("", true), ("A\nB", false),
    ])
    func alphanumericAlphabet(text: String, expected: Bool) {
        #expect(QRCapacity.isAlphanumeric(text.utf8) == expected)
    }
}
