import Optical

/// libFuzzer entry for the image decoders (PNG through libpng's simplified API, JPEG through libjpeg after a Swift
/// marker check, PGM/PPM by our own parser). Byte 0 picks the limits (the defaults, or small ones so that the
/// size checks themselves are exercised); the rest is the file. Every input either fails with an `OpticalError`
/// or decodes to an image within the limits whose pixel buffer matches its size. libjpeg's fatal errors end a
/// sandbox thread, never a longjmp through Swift frames; ASan would report one that did.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImage(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let selector = input.first else { return 0 }
    let limits = selector & 1 == 0
        ? ImageLimits.default : ImageLimits(maxWidth: 64, maxHeight: 64, maxPixels: 1024)
    do {
        let image = try ImageDecoder.decode(Array(input.dropFirst()), limits: limits)
        precondition(image.width > 0 && image.height > 0, "an empty image decoded")
        precondition(image.width <= limits.maxWidth && image.height <= limits.maxHeight
            && image.width * image.height <= limits.maxPixels, "an image over the limits decoded")
        precondition(image.pixels.count == image.width * image.height, "the pixel buffer does not match the size")
    } catch {
        // `decode` throws only OpticalError (typed throws); nothing to check beyond not crashing.
        _ = error.description
    }
    return 0
}
