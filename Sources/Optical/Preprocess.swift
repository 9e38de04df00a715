/// Image filters the scanner's ladder applies when zbar finds nothing in the plain frame.
/// Each returns a new image; all are O(pixels) so that a rung's cost is predictable from the frame size.
extension GrayImage {
    /// Half the size in each direction, each pixel the mean of a 2x2 block: large modules and sensor noise
    /// shrink, and zbar runs about four times faster.
    public func halved() -> GrayImage {
        let w = width / 2, h = height / 2
        guard w > 0, h > 0 else { return self }
        var out = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h {
            let top = 2 * y * width, bottom = top + width, row = y * w
            for x in 0..<w {
                let sum = Int(pixels[top + 2 * x]) + Int(pixels[top + 2 * x + 1]) + Int(pixels[bottom + 2 * x])
                    + Int(pixels[bottom + 2 * x + 1])
                out[row + x] = UInt8((sum + 2) >> 2)
            }
        }
        return GrayImage(width: w, height: h, pixels: out) ?? self
    }

    /// Twice the size in each direction, bilinear: modules of 1.5-2 px become 3-4 px, which zbar's finder-pattern
    /// detector needs.
    public func doubled() -> GrayImage {
        let w = width * 2, h = height * 2
        guard width > 1, height > 1 else { return self }
        var out = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h {
            // Sample centres: output pixel y covers source coordinate (y - 0.5) / 2, in quarter steps.
            let sy4 = max(0, 2 * y - 1), y0 = min(sy4 >> 2, height - 1), y1 = min(y0 + 1, height - 1)
            let fy = sy4 & 3
            for x in 0..<w {
                let sx4 = max(0, 2 * x - 1), x0 = min(sx4 >> 2, width - 1), x1 = min(x0 + 1, width - 1)
                let fx = sx4 & 3
                let a = Int(pixels[y0 * width + x0]), b = Int(pixels[y0 * width + x1])
                let c = Int(pixels[y1 * width + x0]), d = Int(pixels[y1 * width + x1])
                let top = a * (4 - fx) + b * fx, bottom = c * (4 - fx) + d * fx
                out[y * w + x] = UInt8((top * (4 - fy) + bottom * fy + 8) >> 4)
            }
        }
        return GrayImage(width: w, height: h, pixels: out) ?? self
    }

    /// Maps the darkest `clip` fraction of pixels to 0 and the brightest to 255, linearly between: restores
    /// a washed-out or dim capture to full contrast.
    public func stretched(clip: Double = 0.01) -> GrayImage {
        guard !pixels.isEmpty else { return self }
        var histogram = [Int](repeating: 0, count: 256)
        for value in pixels { histogram[Int(value)] += 1 }
        let cut = Int(Double(pixels.count) * clip)
        var low = 0, seen = 0
        while low < 255, seen + histogram[low] <= cut { seen += histogram[low]; low += 1 }
        var high = 255
        seen = 0
        while high > low, seen + histogram[high] <= cut { seen += histogram[high]; high -= 1 }
        guard high > low else { return self }
        var table = [UInt8](repeating: 0, count: 256)
        for value in 0..<256 {
            table[value] = UInt8(clamping: (value - low) * 255 / (high - low))
        }
        return GrayImage(width: width, height: height, pixels: pixels.map { table[Int($0)] }) ?? self
    }

    /// Black where a pixel is darker than the mean of the (2 radius + 1)² window around it minus `offset`,
    /// white elsewhere (an integral image makes each window O(1)): removes uneven light and glare gradients.
    public func adaptiveThresholded(radius: Int = 12, offset: Int = 6) -> GrayImage {
        guard width > 0, height > 0, radius > 0 else { return self }
        let stride = width + 1
        var integral = [Int](repeating: 0, count: stride * (height + 1))
        for y in 0..<height {
            var rowSum = 0
            for x in 0..<width {
                rowSum += Int(pixels[y * width + x])
                integral[(y + 1) * stride + x + 1] = integral[y * stride + x + 1] + rowSum
            }
        }
        var out = [UInt8](repeating: 255, count: width * height)
        for y in 0..<height {
            let y0 = max(0, y - radius), y1 = min(height, y + radius + 1)
            for x in 0..<width {
                let x0 = max(0, x - radius), x1 = min(width, x + radius + 1)
                let sum = integral[y1 * stride + x1] - integral[y0 * stride + x1] - integral[y1 * stride + x0]
                    + integral[y0 * stride + x0]
                let count = (y1 - y0) * (x1 - x0)
                if Int(pixels[y * width + x]) * count < sum - offset * count { out[y * width + x] = 0 }
            }
        }
        return GrayImage(width: width, height: height, pixels: out) ?? self
    }

    /// Unsharp mask against a (2 radius + 1)² box blur: `pixel + amount (pixel - blurred)`; recovers edges lost to
    /// defocus (a wider radius for a wider blur).
    public func sharpened(amount: Int = 2, radius: Int = 1) -> GrayImage {
        let blurred = boxBlurred(radius: radius)
        var out = pixels
        for index in pixels.indices {
            let value = Int(pixels[index])
            out[index] = UInt8(clamping: value + amount * (value - Int(blurred.pixels[index])))
        }
        return GrayImage(width: width, height: height, pixels: out) ?? self
    }

    /// Dark becomes light: QR codes shown light-on-dark (inverted themes, some screens).
    public func inverted() -> GrayImage {
        GrayImage(width: width, height: height, pixels: pixels.map { 255 - $0 }) ?? self
    }

    /// Mean over a (2 radius + 1)² window, separable with running sums: smooths screen moiré and sensor noise.
    public func boxBlurred(radius: Int = 1) -> GrayImage {
        guard width > 0, height > 0, radius > 0 else { return self }
        var horizontal = [UInt8](repeating: 0, count: pixels.count)
        for y in 0..<height {
            let row = y * width
            var sum = 0
            for x in -radius...radius { sum += Int(pixels[row + min(max(x, 0), width - 1)]) }
            for x in 0..<width {
                horizontal[row + x] = UInt8(sum / (2 * radius + 1))
                sum += Int(pixels[row + min(x + radius + 1, width - 1)]) - Int(pixels[row + max(x - radius, 0)])
            }
        }
        var out = [UInt8](repeating: 0, count: pixels.count)
        for x in 0..<width {
            var sum = 0
            for y in -radius...radius { sum += Int(horizontal[min(max(y, 0), height - 1) * width + x]) }
            for y in 0..<height {
                out[y * width + x] = UInt8(sum / (2 * radius + 1))
                sum += Int(horizontal[min(y + radius + 1, height - 1) * width + x])
                    - Int(horizontal[max(y - radius, 0) * width + x])
            }
        }
        return GrayImage(width: width, height: height, pixels: out) ?? self
    }

    /// The mean absolute deviation from the mean gray level, over every other pixel of every other row: how much
    /// ink the image holds. A QR code's square (about half its modules dark) scores far above blank paper, a line
    /// of text or a plain background.
    public func meanDeviation() -> Double {
        guard width > 0, height > 0 else { return 0 }
        var sum = 0, count = 0
        for y in stride(from: 0, to: height, by: 2) {
            for x in stride(from: 0, to: width, by: 2) {
                sum += Int(pixels[y * width + x])
                count += 1
            }
        }
        let mean = sum / count
        var deviation = 0
        for y in stride(from: 0, to: height, by: 2) {
            for x in stride(from: 0, to: width, by: 2) { deviation += abs(Int(pixels[y * width + x]) - mean) }
        }
        return Double(deviation) / Double(count)
    }

    /// The pixels inside `x..<x+width`, `y..<y+height`, clipped to the image.
    public func cropped(x: Int, y: Int, width cropWidth: Int, height cropHeight: Int) -> GrayImage {
        let x0 = max(0, x), y0 = max(0, y)
        let x1 = min(width, x + cropWidth), y1 = min(height, y + cropHeight)
        guard x1 > x0, y1 > y0 else { return GrayImage(width: 0, height: 0) }
        var out = [UInt8]()
        out.reserveCapacity((x1 - x0) * (y1 - y0))
        for row in y0..<y1 { out.append(contentsOf: pixels[(row * width + x0)..<(row * width + x1)]) }
        return GrayImage(width: x1 - x0, height: y1 - y0, pixels: out) ?? self
    }
}
