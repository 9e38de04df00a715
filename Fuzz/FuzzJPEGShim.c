// libFuzzer entry for the only C Heliograph has of its own: the libjpeg calls in Sources/CJPEG/shim.h, which own
// the setjmp for libjpeg's fatal errors. Built with clang -fsanitize=fuzzer,address,undefined (scripts/fuzz.sh), so
// UndefinedBehaviorSanitizer checks this C, which Swift's sanitizers do not reach.
//
// The input is a JPEG file handed to libjpeg as is (no Swift marker check in front, unlike FuzzImage), at the size
// its first frame header declares (at most 2^16 pixels: libjpeg is not instrumented, so a large image buys no coverage, only time). Every outcome must be one of the three results; a fatal
// error must carry libjpeg's message; an image that decodes is encoded again at a quality taken from the input and
// must decode at the same size. LeakSanitizer checks that a fatal error frees libjpeg's state and buffers.
#include <stdint.h>
#include <stdlib.h>

#include "shim.h"

// The width and height of the first SOF0/SOF1/SOF2 segment (T.81 §B.2.2), or 0 when there is none.
static int frame_size(const uint8_t *data, size_t size, unsigned *width, unsigned *height) {
    for (size_t i = 2; i + 9 <= size; i++) {
        if (data[i] == 0xFF && data[i + 1] >= 0xC0 && data[i + 1] <= 0xC2) {
            *height = (unsigned)data[i + 5] << 8 | data[i + 6];
            *width = (unsigned)data[i + 7] << 8 | data[i + 8];
            return *width > 0 && *height > 0 && (uint64_t)*width * *height <= (1u << 16);
        }
    }
    return 0;
}

static void check_failure(int result, const char *message) {
    if (result != HELIOGRAPH_JPEG_FATAL && result != HELIOGRAPH_JPEG_GEOMETRY) __builtin_trap();
    if (result == HELIOGRAPH_JPEG_FATAL && message[0] == 0) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    unsigned width = 0, height = 0;
    if (size < 4 || !frame_size(data, size, &width, &height)) return 0;
    char message[JMSG_LENGTH_MAX];
    unsigned char *pixels = malloc((size_t)width * height);
    if (!pixels) return 0;
    int result = heliograph_jpeg_decode_gray(data, size, pixels, width, height, message, sizeof message);
    if (result != HELIOGRAPH_JPEG_OK) {
        check_failure(result, message);
        free(pixels);
        return 0;
    }
    unsigned char *encoded = NULL;
    unsigned long encoded_size = 0;
    int quality = 1 + data[size - 1] % 100;
    result = heliograph_jpeg_encode_gray(pixels, width, height, quality, &encoded, &encoded_size, message,
                                         sizeof message);
    if (result != HELIOGRAPH_JPEG_OK || !encoded || encoded_size == 0) __builtin_trap();
    result = heliograph_jpeg_decode_gray(encoded, encoded_size, pixels, width, height, message, sizeof message);
    if (result != HELIOGRAPH_JPEG_OK) __builtin_trap();
    free(encoded);
    free(pixels);
    return 0;
}
