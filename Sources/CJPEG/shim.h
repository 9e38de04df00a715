#pragma once
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

// libjpeg reports a fatal error through `error_exit`, which must not return. Swift cannot `setjmp`, so the two
// calls Optical makes (decode to 8-bit gray, encode 8-bit gray) live here: each owns the `setjmp`, and no Swift
// frame lies between it and the `longjmp` of `error_exit`, so nothing Swift holds is skipped. After a fatal error
// libjpeg's state is destroyed and every buffer freed; the caller gets libjpeg's message and a non-zero result.

#define HELIOGRAPH_JPEG_OK 0
#define HELIOGRAPH_JPEG_FATAL 1    // libjpeg's error_exit ran; `message` holds its text
#define HELIOGRAPH_JPEG_GEOMETRY 2 // the image is not `width` × `height` as the caller's checked header said

typedef struct {
    struct jpeg_error_mgr manager; // first, so a `j_common_ptr`'s `err` is also this struct
    jmp_buf jump;
    char *message;
    size_t message_size;
} heliograph_jpeg_errors;

static inline void heliograph_jpeg_error_exit(j_common_ptr common) {
    heliograph_jpeg_errors *errors = (heliograph_jpeg_errors *)common->err;
    char text[JMSG_LENGTH_MAX];
    text[0] = 0;
    (*common->err->format_message)(common, text);
    if (errors->message && errors->message_size > 0) {
        strncpy(errors->message, text, errors->message_size - 1);
        errors->message[errors->message_size - 1] = 0;
    }
    longjmp(errors->jump, 1);
}

// Warnings (corrupt data, premature end) are not printed: the Swift structure check has already refused
// truncated and malformed files, and a scanner must not write to the terminal of a signing device.
static inline void heliograph_jpeg_silent(j_common_ptr common) { (void)common; }

static inline void heliograph_jpeg_errors_init(heliograph_jpeg_errors *errors, char *message, size_t message_size) {
    jpeg_std_error(&errors->manager);
    errors->manager.error_exit = heliograph_jpeg_error_exit;
    errors->manager.output_message = heliograph_jpeg_silent;
    errors->message = message;
    errors->message_size = message_size;
    if (message && message_size > 0) message[0] = 0;
}

/// Decodes `size` bytes of JPEG into `pixels` (`width` × `height` bytes, 8-bit gray, rows top to bottom).
/// Returns HELIOGRAPH_JPEG_OK, HELIOGRAPH_JPEG_GEOMETRY when libjpeg sees other dimensions than `width` × `height`
/// (nothing is written beyond `pixels`), or HELIOGRAPH_JPEG_FATAL with libjpeg's message in `message`.
static inline int heliograph_jpeg_decode_gray(const unsigned char *data, unsigned long size, unsigned char *pixels,
                                              unsigned int width, unsigned int height, char *message,
                                              size_t message_size) {
    struct jpeg_decompress_struct info;
    heliograph_jpeg_errors errors;
    memset(&info, 0, sizeof info);
    heliograph_jpeg_errors_init(&errors, message, message_size);
    info.err = &errors.manager;
    if (setjmp(errors.jump)) {
        jpeg_destroy_decompress(&info);
        return HELIOGRAPH_JPEG_FATAL;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, size);
    if (jpeg_read_header(&info, TRUE) != JPEG_HEADER_OK || info.image_width != width ||
        info.image_height != height) {
        jpeg_destroy_decompress(&info);
        return HELIOGRAPH_JPEG_GEOMETRY;
    }
    info.out_color_space = JCS_GRAYSCALE;
    if (!jpeg_start_decompress(&info) || info.output_components != 1 || info.output_width != width ||
        info.output_height != height) {
        jpeg_destroy_decompress(&info);
        return HELIOGRAPH_JPEG_GEOMETRY;
    }
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = pixels + (size_t)info.output_scanline * width;
        if (jpeg_read_scanlines(&info, &row, 1) != 1) break;
    }
    // Reading on to EOI checks the rest of the file (a second scan in a baseline frame is a fatal error). A short
    // read leaves the remaining rows as they were (white, as the caller filled them); libjpeg has warned.
    if (info.output_scanline == info.output_height) {
        jpeg_finish_decompress(&info);
    }
    jpeg_destroy_decompress(&info);
    return HELIOGRAPH_JPEG_OK;
}

/// Encodes `pixels` (`width` × `height` bytes, 8-bit gray) as a baseline JPEG of `quality` (1-100).
/// On HELIOGRAPH_JPEG_OK `*output` is a malloc'd buffer of `*output_size` bytes for the caller to `free`; on
/// HELIOGRAPH_JPEG_FATAL nothing is left allocated and `message` holds libjpeg's text.
static inline int heliograph_jpeg_encode_gray(const unsigned char *pixels, unsigned int width, unsigned int height,
                                              int quality, unsigned char **output, unsigned long *output_size,
                                              char *message, size_t message_size) {
    struct jpeg_compress_struct info;
    heliograph_jpeg_errors errors;
    memset(&info, 0, sizeof info);
    heliograph_jpeg_errors_init(&errors, message, message_size);
    info.err = &errors.manager;
    // `*output` and `*output_size` live in the caller's memory, so their values survive the longjmp.
    *output = NULL;
    *output_size = 0;
    if (setjmp(errors.jump)) {
        jpeg_destroy_compress(&info);
        free(*output);
        *output = NULL;
        *output_size = 0;
        return HELIOGRAPH_JPEG_FATAL;
    }
    jpeg_create_compress(&info);
    jpeg_mem_dest(&info, output, output_size);
    info.image_width = width;
    info.image_height = height;
    info.input_components = 1;
    info.in_color_space = JCS_GRAYSCALE;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, quality, TRUE);
    jpeg_start_compress(&info, TRUE);
    while (info.next_scanline < info.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + (size_t)info.next_scanline * width);
        jpeg_write_scanlines(&info, &row, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    return HELIOGRAPH_JPEG_OK;
}
