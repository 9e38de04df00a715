import Foundation
import Optical

/// libFuzzer entry for the image decoders (PNG through libpng's simplified API, JPEG through libjpeg after a Swift
/// marker check, PGM/PPM by our own parser) and for raw frames (a `WIDTHxHEIGHT` size, then frames back to back).
/// Byte 0 picks the limits (bit 0: the defaults, or small ones so the size checks themselves are exercised) and
/// the reader (bit 1: raw frames, whose size is the text before the first newline). Every input either fails with
/// an `OpticalError` or decodes to images within the limits whose pixel buffers match their size. libjpeg's fatal
/// errors longjmp to the setjmp in Sources/CJPEG/shim.h, never through Swift frames; LeakSanitizer checks that
/// such a file leaves nothing behind.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImage(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let selector = input.first else { return 0 }
    let limits = selector & 1 == 0
        ? ImageLimits.default : ImageLimits(maxWidth: 64, maxHeight: 64, maxPixels: 1024)
    let body = Array(input.dropFirst())
    if selector & 2 == 0 {
        do {
            check(try ImageDecoder.decode(body, limits: limits), limits)
        } catch {
            _ = error.description  // `decode` throws only OpticalError (typed throws)
        }
    } else {
        rawFrames(body, limits: limits)
    }
    return 0
}

func check(_ image: GrayImage, _ limits: ImageLimits) {
    precondition(image.width > 0 && image.height > 0, "an empty image decoded")
    precondition(image.width <= limits.maxWidth && image.height <= limits.maxHeight
        && image.width * image.height <= limits.maxPixels, "an image over the limits decoded")
    precondition(image.pixels.count == image.width * image.height, "the pixel buffer does not match the size")
}

/// Frames read from a pipe: as many whole frames as the bytes hold, then a clean end or `.truncatedImage`.
func rawFrames(_ body: [UInt8], limits: ImageLimits) {
    let newline = body.firstIndex(of: 0x0a) ?? body.endIndex
    let text = String(decoding: body[..<newline], as: UTF8.self)
    let frames = Array(body[min(newline + 1, body.endIndex)...])
    let size: FrameSize
    do {
        size = try FrameSize(parsing: text, limits: limits)
    } catch {
        precondition(error == .invalidFrameSize(text), "a frame size refused with \(error)")
        return
    }
    let pipe = Pipe()
    pipe.fileHandleForWriting.write(Data(frames))
    try? pipe.fileHandleForWriting.close()
    var stream = RawFrameStream(handle: pipe.fileHandleForReading, size: size)
    var count = 0
    do {
        while let frame = try stream.nextFrame() {
            precondition(frame.width == size.width && frame.height == size.height, "a frame of another size")
            count += 1
        }
        precondition(frames.count == count * size.width * size.height, "bytes left over after the last frame")
    } catch {
        guard case .truncatedImage = error else { preconditionFailure("raw frames refused with \(error)") }
        precondition(frames.count % (size.width * size.height) != 0, "whole frames refused")
    }
    stream.close()
}
