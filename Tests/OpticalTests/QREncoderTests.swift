import CQRencode
import Testing
import UniformResources

@testable import Optical

@Suite struct QREncoderTests {
    /// An uppercase UR is one alphanumeric segment: its 5.5 bits a character make it fit a version byte mode could
    /// not, and it scans back to the same text.
    @Test func uppercaseURIsAlphanumeric() throws {
        let ur = try UR(type: "bytes", cbor: [UInt8](repeating: 0x5A, count: 60))
        let code = try QRCode(ur: ur.string)
        #expect(code.mode == .alphanumeric)
        let text = ur.qrString
        let byteVersion = try #require(QRCapacity.smallestVersion(characters: text.utf8.count, mode: .byte, ecc: .low))
        #expect(code.version < byteVersion)
        #expect(QRScanner.plain.read(code.image(style: try QRRenderStyle(moduleSize: 4))).texts == [text])
    }

    /// Our explicit alphanumeric segment is the symbol libqrencode's own mode optimiser builds for the same text.
    @Test func matchesLibqrencodeOptimiser() throws {
        let text = "UR:CRYPTO-PSBT/12-34/LPBWASCFADAXJEHPFYJTIHKSGLKSAX"
        let code = try QRCode(encoding: text, ecc: .medium)
        let reference = try #require(QRFixtures.modules(text, level: QR_ECLEVEL_M))
        #expect(reference.count == code.size)
        #expect(reference.flatMap { $0 } == code.modules)
    }

    @Test func lowercaseIsByteModeAndScansBack() throws {
        let code = try QRCode(encoding: "ur:bytes/hdcx", ecc: .high)
        #expect(code.mode == .byte)
        #expect(code.ecc == .high)
        #expect(QRScanner.plain.read(code.image()).texts == ["ur:bytes/hdcx"])
    }

    @Test func minimumVersionPinsTheSymbol() throws {
        let code = try QRCode(encoding: "UR:BYTES/X", ecc: .low, minimumVersion: 12)
        #expect(code.version == 12)
        #expect(code.size == 65)
        #expect(QRScanner.plain.read(code.image(style: try QRRenderStyle(moduleSize: 3))).texts == ["UR:BYTES/X"])
    }

    @Test func rejectsWhatCannotBeEncoded() {
        #expect(throws: OpticalError.payloadTooLarge(characters: 2954, ecc: .low)) {
            try QRCode(encoding: String(repeating: "x", count: 2954))
        }
        #expect(throws: OpticalError.invalidVersion(41)) { try QRCode(encoding: "A", minimumVersion: 41) }
        #expect(throws: OpticalError.invalidVersion(0)) { try QRCode(encoding: "A", minimumVersion: 0) }
    }
}
