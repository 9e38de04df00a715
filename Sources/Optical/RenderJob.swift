/// The output formats of `heliograph qr render`.
public enum RenderFormat: String, Sendable, CaseIterable {
    /// One 8-bit grayscale PNG per frame.
    case png
    /// One SVG document per frame.
    case svg
    /// One PDF: a numbered grid of codes on A4 or Letter pages, or one frame per page.
    case pdf
    /// One animated GIF, looping.
    case gif
    /// One self-contained HTML player.
    case html
    /// Text for a terminal.
    case terminal
}

/// How PDF output lays out its frames.
public enum PDFLayout: String, Sendable, CaseIterable {
    /// Numbered codes in a grid on paper pages (`PDFRenderer.grid`).
    case grid
    /// One frame per page, the page the size of the code (`PDFRenderer.pages`).
    case pages
}

/// Everything `heliograph qr render` can be told.
public struct RenderOptions: Sendable {
    /// The output format.
    public var format: RenderFormat
    /// Error correction of every frame.
    public var ecc: QRErrorCorrection = .low
    /// Frames a second for GIF, HTML and terminal animation.
    public var fps: Double = 8
    /// Module size (pixels, points, SVG units) and margin in modules.
    public var style: QRRenderStyle = .standard
    /// Paper and layout for PDF.
    public var paper: PaperSize = .a4
    /// How PDF places codes: many to a page on `paper`, or one code per page.
    public var pdfLayout: PDFLayout = .grid
    /// Characters for terminal output.
    public var terminalStyle: TerminalStyle = .ansi
    /// What the HTML player says it plays (type and size); nil for a general line.
    public var caption: PlayerCaption?

    /// Options for `format`, everything else at its default.
    public init(format: RenderFormat) { self.format = format }

    /// The frame rates an animation (terminal, GIF, HTML) may play at: from one frame in ten seconds to 60 a
    /// second, as fast as common screens refresh.
    public static let fpsRange: ClosedRange<Double> = 0.1...60

    /// Checks a frame rate against `fpsRange`; throws `.invalidRenderParameter` naming `fps` otherwise (NaN and
    /// infinities included).
    public static func checkFPS(_ fps: Double) throws(OpticalError) {
        guard fps.isFinite, fpsRange.contains(fps) else { throw .invalidRenderParameter(name: "fps", value: "\(fps)") }
    }
}

/// One output file: a name (for per-frame formats, `frame-0001.png` and on) and its bytes.
public struct RenderedFile: Sendable, Equatable {
    /// `frame-0001.png` and on for PNG and SVG; `frames.pdf`, `frames.gif` and the like for one-file formats.
    public let name: String
    /// The file's contents.
    public let bytes: [UInt8]
}

/// Turns lines of text (URs, one a frame) into files of any `RenderFormat`: the library half of `qr render`.
public enum RenderJob {
    /// Most frames one job renders; beyond it the input is refused before any encoding.
    public static let maximumFrames = 100_000

    /// The text a line becomes in its QR code: a UR (`ur:` in any case) is uppercased for the alphanumeric mode
    /// (BCR-2020-005 §"QR"); any other line is kept exactly. Surrounding whitespace is dropped.
    public static func frameText(_ line: String) -> String {
        let trimmed = line.trimmingWhitespace
        return trimmed.lowercased().hasPrefix("ur:") ? trimmed.uppercased() : trimmed
    }

    /// The non-empty lines of `lines` as QR codes, ALL at the version the longest one needs, so an animation of
    /// them never changes grid. Throws `OpticalError.noFrames` when no line has text, `payloadTooLarge` for a line
    /// no version holds.
    public static func codes(lines: [String], ecc: QRErrorCorrection) throws -> [QRCode] {
        let texts = lines.map(frameText).filter { !$0.isEmpty }
        guard !texts.isEmpty else { throw OpticalError.noFrames }
        guard texts.count <= maximumFrames else {
            throw OpticalError.invalidRenderParameter(name: "frame count", value: String(texts.count))
        }
        var version = 1
        for text in texts {
            let mode: QRMode = QRCapacity.isAlphanumeric(text.utf8) ? .alphanumeric : .byte
            guard let needed = QRCapacity.smallestVersion(characters: text.utf8.count, mode: mode, ecc: ecc) else {
                throw OpticalError.payloadTooLarge(characters: text.utf8.count, ecc: ecc)
            }
            version = max(version, needed)
        }
        return try texts.map { try QRCode(encoding: $0, ecc: ecc, minimumVersion: version) }
    }

    /// Name of frame `index` (0-based) of `count`: `frame-0001.png`, with more digits past 9999 frames.
    public static func frameName(_ index: Int, of count: Int, extension suffix: String) -> String {
        let digits = max(4, String(count).count)
        let number = String(index + 1)
        return "frame-" + String(repeating: "0", count: digits - number.count) + number + "." + suffix
    }

    /// Renders `codes` as files: one a frame for PNG and SVG, one file otherwise (`frames.pdf`, `frames.gif`,
    /// `frames.html`, `frames.txt` holding the terminal text of every frame, each starting with cursor-home).
    public static func render(_ codes: [QRCode], options: RenderOptions) throws -> [RenderedFile] {
        guard !codes.isEmpty else { throw OpticalError.noFrames }
        switch options.format {
        case .png:
            return try codes.enumerated().map { index, code in
                RenderedFile(name: frameName(index, of: codes.count, extension: "png"),
                    bytes: try PNG.encode(code, style: options.style))
            }
        case .svg:
            return codes.enumerated().map { index, code in
                RenderedFile(name: frameName(index, of: codes.count, extension: "svg"),
                    bytes: Array(SVGRenderer.document(code, style: options.style).utf8))
            }
        case .pdf:
            let bytes: [UInt8]
            switch options.pdfLayout {
            case .grid: bytes = try PDFRenderer.grid(codes, paper: options.paper, margin: options.style.margin)
            case .pages: bytes = try PDFRenderer.pages(codes, style: options.style)
            }
            return [RenderedFile(name: "frames.pdf", bytes: bytes)]
        case .gif:
            return [RenderedFile(name: "frames.gif", bytes: try gif(codes, style: options.style, fps: options.fps))]
        case .html:
            let page = try HTMLPlayer.page(
                frames: codes, fps: options.fps, margin: options.style.margin, caption: options.caption)
            return [RenderedFile(name: "frames.html", bytes: Array(page.utf8))]
        case .terminal:
            let text = codes.map {
                TerminalAnimation.frame($0, style: options.terminalStyle, margin: options.style.margin)
            }.joined()
            return [RenderedFile(name: "frames.txt", bytes: Array(text.utf8))]
        }
    }

    /// An endless GIF of `codes`, each centred on a canvas the size of the largest.
    public static func gif(_ codes: [QRCode], style: QRRenderStyle, fps: Double) throws -> [UInt8] {
        guard let largest = codes.map(\.size).max() else { throw OpticalError.noFrames }
        let side = style.side(for: largest)
        var encoder = try GIFEncoder(width: side, height: side, fps: fps)
        for code in codes {
            var image = code.image(style: style)
            if image.width != side {
                var canvas = GrayImage(width: side, height: side)
                let offset = (side - image.width) / 2
                for y in 0..<image.height {
                    canvas.pixels.replaceSubrange((y + offset) * side + offset..<(y + offset) * side + offset
                        + image.width, with: image.pixels[y * image.width..<(y + 1) * image.width])
                }
                image = canvas
            }
            try encoder.add(image)
        }
        return encoder.data
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
