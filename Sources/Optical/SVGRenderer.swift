/// Scalable Vector Graphics (W3C SVG 1.1) of QR symbols: one white background rectangle and ONE path holding a
/// rectangle per horizontal run of dark modules, drawn with `shape-rendering="crispEdges"` so that edges land on
/// whole pixels at any zoom.
public enum SVGRenderer {
    /// A standalone SVG document of `code`, `style.moduleSize` user units a module (`width`/`height` in pixels).
    public static func document(_ code: QRCode, style: QRRenderStyle = .standard) -> String {
        let span = code.size + 2 * style.margin
        let side = span * style.moduleSize
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(side)" height="\(side)" \
            viewBox="0 0 \(span) \(span)" shape-rendering="crispEdges">
            <rect width="\(span)" height="\(span)" fill="#fff"/>
            <path fill="#000" d="\(pathData(code, margin: style.margin))"/>
            </svg>

            """
    }

    /// The path data of the dark modules in module units, offset by `margin`: `M x y h n v 1 h -n z` per run.
    /// The HTML player reuses it so its frames are the same shapes as the SVG files.
    public static func pathData(_ code: QRCode, margin: Int = QRCode.quietZone) -> String {
        var data = ""
        data.reserveCapacity(code.size * code.size)
        for run in code.darkRuns {
            if !data.isEmpty { data += " " }
            data += "M\(run.x + margin) \(run.y + margin)h\(run.length)v1h-\(run.length)z"
        }
        return data
    }
}
