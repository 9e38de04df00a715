/// Finding where a QR code probably is, so that expensive rungs (upscaling) work on a crop, not the whole frame.
extension GrayImage {
    /// The bounding box, with a margin, of the connected blocks around the block with the most edge energy:
    /// a QR code is the densest patch of sharp light/dark transitions in a typical capture. Nil when the image
    /// is flat or too small.
    public func busiestRegion(block: Int = 16, margin: Int = 2) -> (x: Int, y: Int, width: Int, height: Int)? {
        let columns = width / block, rows = height / block
        guard columns >= 2, rows >= 2 else { return nil }
        var energy = [Int](repeating: 0, count: columns * rows)
        for by in 0..<rows {
            for bx in 0..<columns {
                var sum = 0
                // Every other row and column of the block is enough to rank blocks.
                var y = by * block
                while y < by * block + block - 1 {
                    let row = y * width
                    var x = bx * block
                    while x < bx * block + block - 1 {
                        let here = Int(pixels[row + x])
                        sum += abs(here - Int(pixels[row + x + 1])) + abs(here - Int(pixels[row + width + x]))
                        x += 2
                    }
                    y += 2
                }
                energy[by * columns + bx] = sum
            }
        }
        // Smooth over 3x3 blocks so an isolated high-contrast edge in clutter does not win over a whole code.
        var smoothed = [Int](repeating: 0, count: energy.count)
        for by in 0..<rows {
            for bx in 0..<columns {
                var sum = 0
                for dy in -1...1 {
                    for dx in -1...1 {
                        let cx = bx + dx, cy = by + dy
                        if cx >= 0, cx < columns, cy >= 0, cy < rows { sum += energy[cy * columns + cx] }
                    }
                }
                smoothed[by * columns + bx] = sum
            }
        }
        guard let best = smoothed.indices.max(by: { smoothed[$0] < smoothed[$1] }), smoothed[best] > 0 else {
            return nil
        }
        // Blocks count as part of the code when well above the frame's typical (median) edge energy, so that
        // sensor noise and JPEG blocks in the background do not join the region.
        let median = energy.sorted()[energy.count / 2]
        let cut = median + (energy[best] - median) * 2 / 5
        var seen = [Bool](repeating: false, count: energy.count)
        var stack = [best]
        seen[best] = true
        var minX = best % columns, maxX = minX, minY = best / columns, maxY = minY
        while let current = stack.popLast() {
            let cx = current % columns, cy = current / columns
            minX = min(minX, cx); maxX = max(maxX, cx); minY = min(minY, cy); maxY = max(maxY, cy)
            for (dx, dy) in [(1, 0), (-1, 0), (0, 1), (0, -1)] {
                let nx = cx + dx, ny = cy + dy
                guard nx >= 0, nx < columns, ny >= 0, ny < rows else { continue }
                let next = ny * columns + nx
                if !seen[next], energy[next] >= cut {
                    seen[next] = true
                    stack.append(next)
                }
            }
        }
        let x0 = max(0, (minX - margin) * block), y0 = max(0, (minY - margin) * block)
        let x1 = min(width, (maxX + 1 + margin) * block), y1 = min(height, (maxY + 1 + margin) * block)
        return (x0, y0, x1 - x0, y1 - y0)
    }
}
