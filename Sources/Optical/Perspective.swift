/// Perspective correction: a code seen at an angle is a quadrilateral in the frame; the homography taking the unit
/// square onto it (CaptureSimulator's `Homography`) samples the frame upright, where zbar, which corrects no
/// perspective, can read it.
extension GrayImage {
    /// The quadrilateral `corners` (top left, top right, bottom right, bottom left) resampled upright into a
    /// `side` x `side` square, with `margin` of the side added around it from the frame itself (the quiet zone),
    /// bilinear; white outside the frame. Nil when the corners do not span a quadrilateral.
    func upright(corners: [(x: Double, y: Double)], side: Int, margin: Double = 0.12) -> GrayImage? {
        guard side > 0, side <= 4096, corners.count == 4, corners.allSatisfy({ $0.x.isFinite && $0.y.isFinite })
        else { return nil }
        let map = Homography(unitSquareTo: corners.map { ($0.x, $0.y) })
        var out = GrayImage(width: side, height: side)
        let span = 1 + 2 * margin, step = span / Double(side)
        for row in 0..<side {
            let v = -margin + (Double(row) + 0.5) * step
            for column in 0..<side {
                let u = -margin + (Double(column) + 0.5) * step
                let (x, y) = map.apply(u, v)
                guard x.isFinite, y.isFinite else { continue }
                out.pixels[row * side + column] = sample(x - 0.5, y - 0.5)
            }
        }
        return out
    }

    /// Bilinear interpolation at (x, y) in pixel-centre coordinates; white outside the image.
    private func sample(_ x: Double, _ y: Double) -> UInt8 {
        guard x >= 0, y >= 0, x < Double(width - 1), y < Double(height - 1) else { return 255 }
        // In range, so the conversions below cannot trap.
        let x0 = Int(x), y0 = Int(y), fx = x - Double(x0), fy = y - Double(y0)
        let i = y0 * width + x0
        let top = Double(pixels[i]) * (1 - fx) + Double(pixels[i + 1]) * fx
        let bottom = Double(pixels[i + width]) * (1 - fx) + Double(pixels[i + width + 1]) * fx
        return UInt8(max(0, min(255, (top * (1 - fy) + bottom * fy).rounded())))
    }
}
