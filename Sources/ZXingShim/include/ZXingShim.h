#pragma once
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// One QR code zxing-cpp located: its corners (top left, top right, bottom right, bottom left, in pixels),
/// whether it decoded, and where its content lies in the caller's byte buffer.
typedef struct {
    int32_t corners[8];
    int32_t decoded;
    int32_t offset;
    int32_t length;
} heliograph_zxing_code;

/// Options, or-ed together.
enum {
    HELIOGRAPH_ZXING_TRY_HARDER = 1,
    HELIOGRAPH_ZXING_TRY_ROTATE = 2,
    HELIOGRAPH_ZXING_TRY_DOWNSCALE = 4,
    /// Also report codes that were located but failed to decode (decoded == 0, no content).
    HELIOGRAPH_ZXING_RETURN_ERRORS = 8,
    /// Binarize with one global histogram threshold instead of zxing's local average.
    HELIOGRAPH_ZXING_GLOBAL_HISTOGRAM = 16,
};

/// Finds and decodes the QR codes in an 8-bit grayscale image (`width` x `height`, rows `width` bytes apart).
/// Writes at most `max_codes` records to `codes` and their contents back to back into `bytes` (a code whose
/// content does not fit is reported as not decoded). Returns the number of records written, or -1 on bad
/// arguments or an internal error. Never throws.
int32_t heliograph_zxing_read(const uint8_t *pixels, int32_t width, int32_t height, int32_t options,
                              heliograph_zxing_code *codes, int32_t max_codes, uint8_t *bytes,
                              int32_t byte_capacity);

#ifdef __cplusplus
}
#endif
