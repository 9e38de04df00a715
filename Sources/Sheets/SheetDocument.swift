/// A printable sheet's content, top to bottom, independent of paper size: what the layout engine paginates.
public struct SheetDocument: Sendable {
    /// The sheet's title, printed large on the first page and in every page's footer.
    public var title: String
    /// A line under the title (e.g. the session id), or nil.
    public var subtitle: String?
    /// The content in reading order.
    public var blocks: [SheetBlock]

    /// A document from its title, optional subtitle and blocks.
    public init(title: String, subtitle: String? = nil, blocks: [SheetBlock]) {
        self.title = title
        self.subtitle = subtitle
        self.blocks = blocks
    }
}

/// A labelled value on a sheet, e.g. "Threshold: 2 of 3".
public struct SheetField: Sendable, Equatable {
    /// The name of the value.
    public var label: String
    /// The value; wrapped (and shrunk if a single word is too wide) to stay inside its column.
    public var value: String
    /// Set for hex, Bytewords and identifiers, which are printed in a monospace face.
    public var monospace: Bool

    /// A field; set `monospace` for hex, Bytewords and identifiers.
    public init(_ label: String, _ value: String, monospace: Bool = false) {
        self.label = label
        self.value = value
        self.monospace = monospace
    }
}

/// One piece of a sheet. Text never leaves its box: it wraps, long words shrink then break, and content that
/// does not fit the rest of a page moves to the next.
public enum SheetBlock: Sendable {
    /// A section heading, kept on the same page as what follows it.
    case heading(String)
    /// Running text, wrapped to the page width.
    case paragraph(String)
    /// Numbered steps, each wrapped with a hanging indent.
    case steps([String])
    /// Labelled values in two columns.
    case fields([SheetField])
    /// A LifeHash (or other small picture) drawn pixel by pixel, with a caption and fields beside it.
    case picture(RGBImage, caption: String, fields: [SheetField])
    /// QR codes of the given texts: one large code, or a grid of numbered codes (the parts of a multipart UR,
    /// which a scanner may read in any order). Texts starting `ur:` are encoded as uppercase alphanumeric.
    case qrCodes([String], caption: String)
    /// Boxes to tick, each with its statement.
    case checkBoxes([String])
    /// Lines to sign on, each labelled, with a date line beside it.
    case signatureLines([String])
    /// What follows starts on a new page (nothing happens at the top of a page), e.g. one backup share a page.
    case pageBreak
}

/// Something that can be printed as a sheet.
public protocol PrintableSheet: Sendable {
    /// The sheet's content, ready for layout.
    var document: SheetDocument { get }
}

/// Text helpers for sheets: long machine strings broken into groups a person can read aloud and compare.
public enum SheetText {
    /// `text` with a space every `size` characters (hex in groups of 4, say), so that it wraps between groups.
    public static func grouped(_ text: String, size: Int = 4) -> String {
        guard size > 0 else { return text }
        var out = ""
        for (index, character) in text.enumerated() {
            if index > 0 && index % size == 0 { out.append(" ") }
            out.append(character)
        }
        return out
    }

    /// Lowercase hexadecimal of bytes.
    public static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
