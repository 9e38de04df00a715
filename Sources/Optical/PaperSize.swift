/// A sheet of paper, in PostScript points (1/72 inch): the pages of PDF grids and of ceremony sheets.
public enum PaperSize: String, Sendable, CaseIterable {
    /// ISO 216 A4, 210 × 297 mm.
    case a4
    /// ANSI US Letter, 8.5 × 11 in.
    case letter

    /// Width and height in points.
    public var points: (width: Double, height: Double) {
        switch self {
        case .a4: return (595.2756, 841.8898)
        case .letter: return (612, 792)
        }
    }
}
