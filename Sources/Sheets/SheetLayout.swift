import Optical

/// A horizontal band of a page that is never split: a line of text, a row of QR codes, a check box.
struct LayoutRow: Sendable {
    /// Items with y measured from the row's top.
    var items: [SheetItem]
    var height: Double
    /// Space above the row, dropped at the top of a page.
    var spaceBefore: Double = 0
    /// Set for headings and captions, which must not end a page without what follows them.
    var keepWithNext = false
    /// Rows repeated above this one when it starts a new page (a QR grid's caption, marked as continued).
    var continuation: [LayoutRow] = []
    /// Set for the empty row of a page break: the next row starts a new page unless this one is at the top.
    var breaksPage = false
}

/// Lays a `SheetDocument` out on pages of a paper size: measures text with cairo, sizes QR codes so that every
/// module is at least 2.4 pt (5 pixels at 150 dpi) and paginates.
struct SheetLayout {
    let paper: PaperSize
    let fitter: TextFitter

    static let margin = 42.0
    static let footerHeight = 22.0
    /// One pixel at 150 dpi: QR modules and origins are whole multiples, so a 150 dpi scan of the page has
    /// crisp, equal modules.
    static let qrUnit = 72.0 / 150.0
    static let minimumModule = 5 * qrUnit
    static let bodySize = 10.0

    var left: Double { Self.margin }
    var width: Double { paper.points.width - 2 * Self.margin }
    var top: Double { Self.margin }
    var bottom: Double { paper.points.height - Self.margin - Self.footerHeight }

    init(paper: PaperSize, canvas: PDFCanvas) {
        self.paper = paper
        fitter = TextFitter(canvas: canvas)
    }

    /// The pages of a document, footers included.
    func pages(for document: SheetDocument) throws -> [SheetPage] {
        var rows = titleRows(document)
        for block in document.blocks { rows += try self.rows(for: block) }
        var pages = paginate(rows)
        for index in pages.indices {
            pages[index].items += footer(document, page: index + 1, of: pages.count)
        }
        return pages
    }

    /// Places rows top to bottom, starting a page when a row (with the rows it is kept with) does not fit.
    /// A chain of keep-with-next rows moves as a whole when it fits on a page; a longer chain breaks where it
    /// must. A row that starts a page repeats its continuation rows (a grid's caption) above it.
    func paginate(_ rows: [LayoutRow]) -> [SheetPage] {
        let pageHeight = bottom - top
        var pages = [SheetPage()]
        var y = top
        func place(_ row: LayoutRow, space: Double) {
            pages[pages.count - 1].items += row.items.map { $0.shifted(by: y + space) }
            y += space + row.height
        }
        for (index, row) in rows.enumerated() {
            if row.breaksPage {
                if y > top {
                    pages.append(SheetPage())
                    y = top
                }
                continue
            }
            var space = y == top ? 0 : row.spaceBefore
            var chain = row.height
            var last = index
            while rows[last].keepWithNext && last + 1 < rows.count {
                last += 1
                chain += rows[last].spaceBefore + rows[last].height
            }
            if chain > pageHeight {
                chain = row.height
                if row.keepWithNext, index + 1 < rows.count {
                    chain += rows[index + 1].spaceBefore + rows[index + 1].height
                }
            }
            if y + space + chain > bottom && y > top {
                pages.append(SheetPage())
                y = top
                space = 0
                for header in row.continuation { place(header, space: y == top ? 0 : header.spaceBefore) }
            }
            place(row, space: y == top ? 0 : space)
        }
        return pages
    }

    // MARK: Blocks

    func rows(for block: SheetBlock) throws -> [LayoutRow] {
        switch block {
        case .heading(let text): return headingRows(text)
        case .paragraph(let text): return textRows(fitter.fit(text, font: .regular, size: Self.bodySize, width: width))
        case .steps(let steps): return stepRows(steps)
        case .fields(let fields): return fieldRows(fields, x: left, width: width)
        case .picture(let image, let caption, let fields):
            return try pictureRows(image, caption: caption, fields: fields)
        case .qrCodes(let texts, let caption): return try qrRows(texts, caption: caption)
        case .checkBoxes(let items): return checkBoxRows(items)
        case .signatureLines(let labels): return signatureRows(labels)
        case .pageBreak: return [LayoutRow(items: [], height: 0, breaksPage: true)]
        }
    }

    func titleRows(_ document: SheetDocument) -> [LayoutRow] {
        let title = fitter.fit(document.title, font: .bold, size: 20, minimumSize: 11, width: width, maxLines: 2)
        var rows = textRows(title, spaceBefore: 0, keepWithNext: true)
        if let subtitle = document.subtitle {
            let fitted = fitter.fit(subtitle, font: .mono, size: 9, minimumSize: 6, width: width, maxLines: 2)
            rows += textRows(fitted, ink: .gray, spaceBefore: 2, keepWithNext: true)
        }
        rows.append(rule(spaceBefore: 4))
        return rows
    }

    func rule(spaceBefore: Double) -> LayoutRow {
        LayoutRow(
            items: [.line(SheetRect(x: left, y: 1, width: width, height: 0), lineWidth: 0.75, ink: .rule)],
            height: 4, spaceBefore: spaceBefore)
    }

    func headingRows(_ text: String) -> [LayoutRow] {
        let fitted = fitter.fit(text, font: .bold, size: 12.5, minimumSize: 9, width: width, maxLines: 2)
        var rows = textRows(fitted, spaceBefore: 14, keepWithNext: true)
        rows[rows.count - 1].height += 2
        return rows
    }

    /// One row per line, so that text of any length can continue on the next page; with `keepWithNext` the lines
    /// stay with each other and with what follows whenever that fits on a page.
    func textRows(
        _ fitted: FittedText, x: Double? = nil, ink: PDFInk = .black, spaceBefore: Double = 5,
        keepWithNext: Bool = false
    ) -> [LayoutRow] {
        let start = x ?? left
        let runs = fitted.runs(x: start, top: 0, width: width - (start - left), ink: ink)
        return runs.enumerated().map { index, run in
            // Each line is its own row, so its baseline is measured from that row's top.
            var line = run
            line.baseline -= Double(index) * fitted.lineHeight
            return LayoutRow(
                items: [.text(line)], height: fitted.lineHeight, spaceBefore: index == 0 ? spaceBefore : 0,
                keepWithNext: keepWithNext)
        }
    }

    func stepRows(_ steps: [String]) -> [LayoutRow] {
        let indent = 20.0
        var rows: [LayoutRow] = []
        for (index, step) in steps.enumerated() {
            let fitted = fitter.fit(step, font: .regular, size: Self.bodySize, width: width - indent)
            var stepRows = textRows(fitted, x: left + indent, spaceBefore: 3)
            // A step's lines stay together: a page break falls between steps.
            for line in stepRows.indices.dropLast() { stepRows[line].keepWithNext = true }
            let number = fitter.fit("\(index + 1).", font: .bold, size: Self.bodySize, width: indent - 2)
            stepRows[0].items += number.runs(x: left, top: 0, width: indent - 2).map { .text($0) }
            rows += stepRows
        }
        return rows
    }

    /// Labels on the left, values on the right; the two wrap separately, and a long value runs over several rows.
    func fieldRows(_ fields: [SheetField], x: Double, width: Double) -> [LayoutRow] {
        let labelWidth = min(140, width * 0.3)
        let valueX = x + labelWidth + 8
        let valueWidth = width - labelWidth - 8
        var rows: [LayoutRow] = []
        for field in fields {
            let label = fitter.fit(
                field.label, font: .bold, size: 9, minimumSize: 7, width: labelWidth, maxLines: 2, truncating: true)
            let value = fitter.fit(
                field.value, font: field.monospace ? .mono : .regular, size: field.monospace ? 9.5 : Self.bodySize,
                minimumSize: 7, width: valueWidth)
            let labelRuns = label.runs(x: x, top: 0, width: labelWidth, ink: .gray)
            let valueRuns = value.runs(x: valueX, top: 0, width: valueWidth)
            let lineHeight = max(label.lineHeight, value.lineHeight)
            for line in 0..<max(labelRuns.count, valueRuns.count) {
                var items: [SheetItem] = []
                // Each line of the field becomes its own row, so its baseline is measured from that row's top.
                for (runs, runHeight) in [(labelRuns, label.lineHeight), (valueRuns, value.lineHeight)]
                where line < runs.count {
                    var run = runs[line]
                    run.baseline -= Double(line) * runHeight
                    items.append(.text(run))
                }
                rows.append(LayoutRow(items: items, height: lineHeight, spaceBefore: line == 0 ? 4 : 0))
            }
        }
        return rows
    }

    /// The picture at its left, at most 96 pt square, caption under it and fields beside it; split when too tall to
    /// keep together.
    /// - Throws: `SheetError.malformedImage` for an empty image or one whose bytes do not match its size.
    func pictureRows(_ image: RGBImage, caption: String, fields: [SheetField]) throws -> [LayoutRow] {
        guard image.width > 0, image.height > 0, image.rgb.count == image.width * image.height * 3 else {
            throw SheetError.malformedImage(width: image.width, height: image.height, bytes: image.rgb.count)
        }
        // Whole 150 dpi pixels per picture pixel (2.88 pt for a 32-pixel LifeHash), so a scan shows crisp cells;
        // a picture too large for that is simply scaled to fit.
        let fitting = 96 / Double(max(image.width, image.height))
        let pixelSize = fitting >= Self.qrUnit ? (fitting / Self.qrUnit).rounded(.down) * Self.qrUnit : fitting
        let side = pixelSize * Double(max(image.width, image.height))
        let captionText = fitter.fit(
            caption, font: .regular, size: 8, minimumSize: 6, width: side + 20, maxLines: 3, truncating: true)
        var items: [SheetItem] = [.pixels(image, x: left, y: 0, pixelSize: pixelSize)]
        items += captionText.runs(x: left, top: side + 3, width: side + 20, ink: .gray).map { .text($0) }
        let pictureHeight = side + 3 + captionText.height
        let fieldX = left + side + 28
        let beside = fieldRows(fields, x: fieldX, width: width - side - 28)
        var y = 0.0
        for row in beside {
            y += row.spaceBefore
            items += row.items.map { $0.shifted(by: y) }
            y += row.height
        }
        let height = max(pictureHeight, y)
        if height > (bottom - top) / 2 {
            // Very long fields: the picture alone, then the fields at full width beneath it.
            let pictureOnly =
                [SheetItem.pixels(image, x: left, y: 0, pixelSize: pixelSize)]
                + captionText.runs(x: left, top: side + 3, width: side + 20, ink: .gray).map { .text($0) }
            return [LayoutRow(items: pictureOnly, height: pictureHeight, spaceBefore: 8)]
                + fieldRows(fields, x: left, width: width)
        }
        return [LayoutRow(items: items, height: height, spaceBefore: 8)]
    }

    func checkBoxRows(_ statements: [String]) -> [LayoutRow] {
        let box = 10.0
        let indent = 20.0
        var rows: [LayoutRow] = []
        for statement in statements {
            let fitted = fitter.fit(statement, font: .regular, size: Self.bodySize, width: width - indent)
            var statementRows = textRows(fitted, x: left + indent, spaceBefore: 6)
            let boxTop = max(0, fitted.ascent - box + 1)
            statementRows[0].items.append(
                .stroke(SheetRect(x: left + 1, y: boxTop, width: box, height: box), lineWidth: 0.8))
            rows += statementRows
        }
        // A short list of checks stays together (the pagination breaks it anyway if it is longer than a page).
        for index in rows.indices.dropLast() { rows[index].keepWithNext = true }
        return rows
    }

    /// A signature line with its label under it, and a shorter date line beside it.
    func signatureRows(_ labels: [String]) -> [LayoutRow] {
        let gap = 24.0
        let signatureWidth = (width - gap) * 0.68
        let dateX = left + signatureWidth + gap
        let dateWidth = width - signatureWidth - gap
        let lineY = 26.0
        return labels.enumerated().map { index, label in
            let name = fitter.fit(
                label, font: .regular, size: 8, minimumSize: 6, width: signatureWidth, maxLines: 1, truncating: true)
            let date = fitter.fit(
                "Date (UTC)", font: .regular, size: 8, minimumSize: 6, width: dateWidth, maxLines: 1, truncating: true)
            var items: [SheetItem] = [
                .line(SheetRect(x: left, y: lineY, width: signatureWidth, height: 0), lineWidth: 0.8, ink: .black),
                .line(SheetRect(x: dateX, y: lineY, width: dateWidth, height: 0), lineWidth: 0.8, ink: .black),
            ]
            items += name.runs(x: left, top: lineY + 3, width: signatureWidth, ink: .gray).map { .text($0) }
            items += date.runs(x: dateX, top: lineY + 3, width: dateWidth, ink: .gray).map { .text($0) }
            return LayoutRow(
                items: items, height: lineY + 3 + max(name.height, date.height), spaceBefore: 8,
                keepWithNext: index < labels.count - 1)
        }
    }

    // MARK: QR codes

    /// A caption, then the codes in rows: one large code, or a grid of codes each numbered "n of N".
    func qrRows(_ texts: [String], caption: String) throws -> [LayoutRow] {
        guard !texts.isEmpty else { return [] }
        let symbols = try texts.enumerated().map { index, text in
            try Self.encodeQR(text, what: texts.count == 1 ? caption : "\(caption), part \(index + 1)")
        }
        let modulesAcross = Double((symbols.map(\.size).max() ?? 21) + 8)
        let columns: Int
        let maxModule: Double
        if texts.count == 1 {
            // 6 pixels at 150 dpi (about 1 mm) reads easily and leaves room for the rest of the page.
            columns = 1
            maxModule = 6 * Self.qrUnit
        } else {
            columns = max(1, min(4, texts.count, Int(width / (modulesAcross * Self.minimumModule))))
            maxModule = 7 * Self.qrUnit
        }
        let labelHeight = 14.0
        let cellWidth = width / Double(columns)
        let pageRoom = bottom - top - labelHeight - 40
        var module = min(maxModule, cellWidth / modulesAcross, pageRoom / modulesAcross)
        module = max(Self.qrUnit, (module / Self.qrUnit).rounded(.down) * Self.qrUnit)
        let side = modulesAcross * module

        let captionText = fitter.fit(caption, font: .bold, size: Self.bodySize, minimumSize: 8, width: width)
        var rows = textRows(captionText, spaceBefore: 10, keepWithNext: true)
        // Repeated above a grid's rows on later pages; cut to one line so it always fits.
        let continuedText = fitter.fit(
            caption + " (continued)", font: .bold, size: Self.bodySize, minimumSize: 8, width: width, maxLines: 1,
            truncating: true)
        let continued = LayoutRow(
            items: continuedText.runs(x: left, top: 0, width: width).map { .text($0) }, height: continuedText.height)
        for rowStart in stride(from: 0, to: symbols.count, by: columns) {
            var items: [SheetItem] = []
            for index in rowStart..<min(rowStart + columns, symbols.count) {
                let column = Double(index - rowStart)
                let x =
                    texts.count == 1 ? left + (width - side) / 2 : left + column * cellWidth + (cellWidth - side) / 2
                items.append(
                    .qrCode(
                        SheetQRCode(
                            payload: texts[index], size: symbols[index].size, modules: symbols[index].modules, x: x,
                            y: 0, moduleSize: module)))
                if texts.count > 1 {
                    let label = fitter.fit(
                        "\(index + 1) of \(texts.count)", font: .regular, size: 8, minimumSize: 6, width: side,
                        maxLines: 1, truncating: true)
                    let labelWidth = fitter.canvas.width(of: label.lines.first ?? "", font: .regular, size: label.size)
                    items += label.runs(
                        x: x + (side - labelWidth) / 2, top: side - 2, width: labelWidth + 1, ink: .gray
                    )
                    .map { .text($0) }
                }
            }
            rows.append(
                LayoutRow(
                    items: items, height: side + (texts.count > 1 ? labelHeight : 0), spaceBefore: 2,
                    continuation: rowStart == 0 ? [] : [continued]))
        }
        // A grid that fits on a page is kept together with its caption.
        let total = rows.reduce(0) { $0 + $1.spaceBefore + $1.height }
        if total <= (bottom - top) * 0.6 {
            for index in rows.indices.dropLast() { rows[index].keepWithNext = true }
        }
        return rows
    }

    /// A QR symbol at medium error correction (a printed page gets scuffed); URs go in as uppercase alphanumeric.
    static func encodeQR(_ text: String, what: String) throws -> QRCode {
        do {
            if text.lowercased().hasPrefix("ur:") { return try QRCode(ur: text, ecc: .medium) }
            return try QRCode(encoding: text, ecc: .medium)
        } catch {
            throw SheetError.qrEncodingFailed(what: what, reason: "\(error)")
        }
    }

    // MARK: Footer

    func footer(_ document: SheetDocument, page: Int, of count: Int) -> [SheetItem] {
        let y = paper.points.height - Self.margin - 8
        let pageText = "Page \(page) of \(count)"
        let pageWidth = fitter.canvas.width(of: pageText, font: .regular, size: 8) + 1
        let ascent = fitter.canvas.lineMetrics(font: .regular, size: 8).ascent
        let titleWidth = width - pageWidth - 16
        let label = [document.title, document.subtitle].compactMap { $0 }.joined(separator: " · ")
        let fitted = fitter.fit(
            label, font: .regular, size: 8, minimumSize: 5, width: titleWidth, maxLines: 1, truncating: true)
        var items: [SheetItem] = [
            .line(SheetRect(x: left, y: y - 4, width: width, height: 0), lineWidth: 0.5, ink: .rule),
            .text(
                SheetTextRun(
                    text: pageText, font: .regular, size: 8, ink: .gray, x: left + width - pageWidth,
                    baseline: y + ascent,
                    boxWidth: pageWidth)),
        ]
        items += fitted.runs(x: left, top: y, width: titleWidth, ink: .gray).map { .text($0) }
        return items
    }
}
