import CJPEG
import Foundation

/// JPEG decoding and encoding through libjpeg(-turbo).
///
/// libjpeg's fatal-error hook `error_exit` must not return, and Swift cannot `setjmp`. So every libjpeg call runs
/// on a short-lived thread of its own whose `error_exit` records the message and ends that thread with
/// `pthread_exit`; the caller joins it and sees a typed error. Hostile files are already refused by `JPEGHeader`
/// before libjpeg sees them, so this path is a last resort (its only cost is leaking libjpeg's pool for that image).
enum JPEGCodec {
    static func decode(_ bytes: [UInt8], limits: ImageLimits) throws(OpticalError) -> GrayImage {
        let header = try JPEGHeader.parse(bytes, limits: limits)
        return try decodeUnchecked(bytes, expected: header)
    }

    /// Decodes with libjpeg without the Swift structure check; `expected` bounds the output it may write.
    static func decodeUnchecked(_ bytes: [UInt8], expected: JPEGHeader) throws(OpticalError) -> GrayImage {
        let job = JPEGJob()
        job.input = bytes
        job.width = expected.width
        job.height = expected.height
        job.output = [UInt8](repeating: 255, count: expected.width * expected.height)
        try job.run { job, errorManager in
            let info = UnsafeMutablePointer<jpeg_decompress_struct>.allocate(capacity: 1)
            info.initialize(to: jpeg_decompress_struct())
            job.cleanup = {
                jpeg_destroy_decompress(info)
                info.deallocate()
            }
            info.pointee.err = errorManager
            info.pointee.client_data = Unmanaged.passUnretained(job).toOpaque()
            jpeg_CreateDecompress(info, JPEG_LIB_VERSION, MemoryLayout<jpeg_decompress_struct>.size)
            job.input.withUnsafeBufferPointer { input in
                jpeg_mem_src(info, input.baseAddress, UInt(input.count))
                guard jpeg_read_header(info, 1) == JPEG_HEADER_OK,
                    Int(info.pointee.image_width) == job.width, Int(info.pointee.image_height) == job.height
                else {
                    job.message = "header disagrees with the frame header"
                    return
                }
                info.pointee.out_color_space = JCS_GRAYSCALE
                guard jpeg_start_decompress(info) != 0, info.pointee.output_components == 1,
                    Int(info.pointee.output_width) == job.width, Int(info.pointee.output_height) == job.height
                else {
                    job.message = "unexpected output geometry"
                    return
                }
                job.output.withUnsafeMutableBufferPointer { output in
                    while info.pointee.output_scanline < info.pointee.output_height {
                        let offset = Int(info.pointee.output_scanline) * job.width
                        var row: JSAMPROW? = output.baseAddress.map { $0 + offset }
                        guard jpeg_read_scanlines(info, &row, 1) == 1 else { break }
                    }
                }
                _ = jpeg_finish_decompress(info)
            }
        }
        guard let image = GrayImage(width: job.width, height: job.height, pixels: job.output) else {
            throw .codecFailure(format: "JPEG", message: "pixel count mismatch")
        }
        return image
    }

    /// Baseline JPEG of `image` at `quality` (1-100), as a camera or a phone would save it.
    static func encode(_ image: GrayImage, quality: Int) throws(OpticalError) -> [UInt8] {
        guard image.width > 0, image.height > 0, image.width <= 65500, image.height <= 65500 else {
            throw .emptyImage(width: image.width, height: image.height)
        }
        let job = JPEGJob()
        job.width = image.width
        job.height = image.height
        job.input = image.pixels
        try job.run { job, errorManager in
            let info = UnsafeMutablePointer<jpeg_compress_struct>.allocate(capacity: 1)
            info.initialize(to: jpeg_compress_struct())
            let buffer = UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>.allocate(capacity: 1)
            buffer.initialize(to: nil)
            let size = UnsafeMutablePointer<UInt>.allocate(capacity: 1)
            size.initialize(to: 0)
            job.cleanup = {
                jpeg_destroy_compress(info)
                info.deallocate()
                free(buffer.pointee)
                buffer.deallocate()
                size.deallocate()
            }
            info.pointee.err = errorManager
            info.pointee.client_data = Unmanaged.passUnretained(job).toOpaque()
            jpeg_CreateCompress(info, JPEG_LIB_VERSION, MemoryLayout<jpeg_compress_struct>.size)
            jpeg_mem_dest(info, buffer, size)
            info.pointee.image_width = JDIMENSION(job.width)
            info.pointee.image_height = JDIMENSION(job.height)
            info.pointee.input_components = 1
            info.pointee.in_color_space = JCS_GRAYSCALE
            jpeg_set_defaults(info)
            jpeg_set_quality(info, Int32(min(max(quality, 1), 100)), 1)
            jpeg_start_compress(info, 1)
            job.input.withUnsafeMutableBufferPointer { input in
                while info.pointee.next_scanline < info.pointee.image_height {
                    var row: JSAMPROW? = input.baseAddress.map { $0 + Int(info.pointee.next_scanline) * job.width }
                    _ = jpeg_write_scanlines(info, &row, 1)
                }
            }
            jpeg_finish_compress(info)
            if let start = buffer.pointee {
                job.output = Array(UnsafeBufferPointer(start: start, count: Int(size.pointee)))
            }
        }
        return job.output
    }
}

/// The state of one libjpeg call on its sandbox thread. A class because the C callbacks reach it through
/// `client_data`; it never leaves the function that made it.
private final class JPEGJob {
    var input: [UInt8] = []
    var output: [UInt8] = []
    var width = 0
    var height = 0
    /// Set by `error_exit` (or by the body) when libjpeg failed.
    var message: String?
    /// Frees libjpeg's state; run on the calling thread after the sandbox thread ended, however it ended.
    var cleanup: (() -> Void)?
    var body: ((JPEGJob, UnsafeMutablePointer<jpeg_error_mgr>) -> Void)?

    func run(_ body: @escaping (JPEGJob, UnsafeMutablePointer<jpeg_error_mgr>) -> Void) throws(OpticalError) {
        self.body = body
        let errorManager = UnsafeMutablePointer<jpeg_error_mgr>.allocate(capacity: 1)
        errorManager.initialize(to: jpeg_error_mgr())
        defer { errorManager.deallocate() }
        _ = jpeg_std_error(errorManager)
        errorManager.pointee.error_exit = { common in
            if let common { JPEGJob.recordMessage(common) }
            pthread_exit(nil)
        }
        // Warnings (corrupt data, premature end) are not printed; the structure check has caught truncation.
        errorManager.pointee.output_message = { _ in }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, 1 << 20)
        defer { pthread_attr_destroy(&attributes) }
        let context = Unmanaged.passRetained(JPEGThreadContext(job: self, errorManager: errorManager)).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(&thread, &attributes, { raw in
            guard let raw else { return nil }
            let context = Unmanaged<JPEGThreadContext>.fromOpaque(raw).takeUnretainedValue()
            context.job.body?(context.job, context.errorManager)
            return nil
        }, context)
        guard started == 0 else {
            Unmanaged<JPEGThreadContext>.fromOpaque(context).release()
            throw .codecFailure(format: "JPEG", message: "cannot start the decoding thread")
        }
        pthread_join(thread, nil)
        Unmanaged<JPEGThreadContext>.fromOpaque(context).release()
        cleanup?()
        cleanup = nil
        self.body = nil
        if let message {
            // pthread_exit skipped the releases of whatever Swift references the sandbox thread's frames held, so
            // this job may never be freed: drop its buffers (up to the 64 MiB pixel buffer) so only a few small
            // objects leak per failed image.
            input = []
            output = []
            throw .codecFailure(format: "JPEG", message: message)
        }
    }

    /// Formats libjpeg's fatal error into the job's `message`. A function of its own so that every temporary is
    /// released when it returns, before `error_exit` ends the thread.
    static func recordMessage(_ common: UnsafeMutablePointer<jpeg_common_struct>) {
        guard let context = common.pointee.client_data else { return }
        var text = [CChar](repeating: 0, count: Int(JMSG_LENGTH_MAX))
        common.pointee.err.pointee.format_message(common, &text)
        let job = Unmanaged<JPEGJob>.fromOpaque(context).takeUnretainedValue()
        job.message = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

private final class JPEGThreadContext {
    let job: JPEGJob
    let errorManager: UnsafeMutablePointer<jpeg_error_mgr>
    init(job: JPEGJob, errorManager: UnsafeMutablePointer<jpeg_error_mgr>) {
        self.job = job
        self.errorManager = errorManager
    }
}
