import Testing

@testable import Optical

@Suite struct QRCodeTests {
    @Test func matrixShapeIsChecked() {
        #expect(QRCode(version: 1, ecc: .low, mode: .byte, modules: [Bool](repeating: false, count: 441)) != nil)
        #expect(QRCode(version: 1, ecc: .low, mode: .byte, modules: [Bool](repeating: false, count: 440)) == nil)
        #expect(QRCode(version: 41, ecc: .low, mode: .byte, modules: []) == nil)
    }

    @Test(arguments: ["A", "UR:BYTES/HDCXLKAHSSQZWFVSLOFZOEBSNNETGYCXPA", String(repeating: "Z", count: 900)])
    func darkRunsCoverExactlyTheDarkModules(text: String) throws {
        let code = try QRCode(encoding: text)
        var covered = [Bool](repeating: false, count: code.size * code.size)
        for run in code.darkRuns {
            for x in run.x..<(run.x + run.length) {
                #expect(!covered[run.y * code.size + x])
                covered[run.y * code.size + x] = true
            }
        }
        #expect(covered == code.modules)
        #expect(code.darkModuleCount == code.modules.filter { $0 }.count)
    }

    @Test(arguments: [(1, 0), (3, 4), (7, 2)])
    func imageHasOneBlockPerModule(moduleSize: Int, margin: Int) throws {
        let code = try QRCode(encoding: "UR:BYTES/RENDER")
        let image = code.image(style: try QRRenderStyle(moduleSize: moduleSize, margin: margin))
        #expect(image.width == (code.size + 2 * margin) * moduleSize)
        #expect(image.height == image.width)
        for y in 0..<image.height {
            for x in 0..<image.width {
                let dark = code[x / moduleSize - margin, y / moduleSize - margin]
                if image[x, y] != (dark ? 0 : 255) {
                    Issue.record("pixel \(x),\(y) is \(image[x, y])")
                    return
                }
            }
        }
    }

    @Test func fittingCentresTheLargestWholeModule() throws {
        let code = try QRCode(encoding: "UR:BYTES/FRAME", minimumVersion: 12)  // 65 modules, 73 with the margin
        let image = try code.image(fitting: 1280, 720)
        #expect(image.width == 1280 && image.height == 720)
        let moduleSize = 720 / 73
        let left = (1280 - 73 * moduleSize) / 2 + 4 * moduleSize
        let top = (720 - 73 * moduleSize) / 2 + 4 * moduleSize
        #expect(image[left, top] == 0)  // the top-left finder pattern's corner
        #expect(image[left - 1, top] == 255)
        #expect(QRScanner.plain.read(image).texts == ["UR:BYTES/FRAME"])
        #expect(throws: OpticalError.self) { try code.image(fitting: 40, 40) }
        #expect(throws: OpticalError.self) { try code.image(fitting: 1280, 720, margin: -50) }
    }

    @Test func styleBoundsAreChecked() {
        #expect(throws: OpticalError.invalidRenderParameter(name: "module size", value: "0")) {
            try QRRenderStyle(moduleSize: 0)
        }
        #expect(throws: OpticalError.invalidRenderParameter(name: "margin", value: "-1")) {
            try QRRenderStyle(margin: -1)
        }
        #expect(QRRenderStyle.standard.side(for: 21) == 29 * 8)
    }
}
