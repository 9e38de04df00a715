import CZBar

/// One pass of zbar over a grayscale image, QR codes only. This is the only file that talks to zbar.
enum ZBarPass {
    /// The fourcc "Y800": 8-bit luminance, one byte per pixel, what `GrayImage` holds.
    private static let y800: UInt = 0x30_30_38_59

    /// Texts of all QR codes zbar finds in one pass, in zbar's order. `density` 1 scans every row and column,
    /// 2 every other (about twice as fast, misses very small codes).
    static func texts(in image: GrayImage, density: Int32 = 1, binary: Bool = false) -> [String] {
        codes(in: image, density: density, binary: binary).compactMap(\.text)
    }

    /// The QR codes zbar decodes in one pass, with the corners of each (zbar reports only codes it decoded).
    static func codes(in image: GrayImage, density: Int32 = 1, binary: Bool = false) -> [LocatedCode] {
        guard image.width > 0, image.height > 0, image.pixels.count == image.width * image.height,
            let scanner = zbar_image_scanner_create()
        else { return [] }
        defer { zbar_image_scanner_destroy(scanner) }
        zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0)
        zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1)
        zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, binary ? 1 : 0)
        zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_X_DENSITY, density)
        zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_Y_DENSITY, density)
        guard let zimage = zbar_image_create() else { return [] }
        defer { zbar_image_destroy(zimage) }
        zbar_image_set_format(zimage, y800)
        zbar_image_set_size(zimage, UInt32(image.width), UInt32(image.height))
        return image.pixels.withUnsafeBufferPointer { buffer -> [LocatedCode] in
            // zbar borrows the buffer for the scan only; no cleanup handler, and the data is detached before return.
            zbar_image_set_data(zimage, buffer.baseAddress, UInt(buffer.count), nil)
            defer { zbar_image_set_data(zimage, nil, 0, nil) }
            guard zbar_scan_image(scanner, zimage) > 0 else { return [] }
            var codes: [LocatedCode] = []
            var symbol = zbar_image_first_symbol(zimage)
            while let current = symbol {
                if let data = zbar_symbol_get_data(current) {
                    let length = Int(zbar_symbol_get_data_length(current))
                    let bytes = UnsafeRawBufferPointer(start: data, count: length)
                    // A QR symbol's location is its four corners; anything else is kept as the points given.
                    let points = min(Int(zbar_symbol_get_loc_size(current)), 16)
                    let corners = (0..<points).map { index in
                        (x: Double(zbar_symbol_get_loc_x(current, UInt32(index))),
                            y: Double(zbar_symbol_get_loc_y(current, UInt32(index))))
                    }
                    codes.append(LocatedCode(corners: corners, text: String(decoding: bytes, as: UTF8.self)))
                }
                symbol = zbar_symbol_next(current)
            }
            return codes
        }
    }
}
