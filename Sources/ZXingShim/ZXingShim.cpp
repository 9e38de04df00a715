// The one C++ file between Heliograph and zxing-cpp: calls ReadBarcodes and flattens its results into C structs.
// No C++ exception crosses into Swift.
// zxing-cpp 1.4 warns unless told which text() it is to compile; the shim uses bytes() only.
#define ZX_USE_UTF8 1
#include "ZXingShim.h"

#include <ReadBarcode.h>

#include <cstring>

extern "C" int32_t heliograph_zxing_read(const uint8_t *pixels, int32_t width, int32_t height, int32_t options,
                                         heliograph_zxing_code *codes, int32_t max_codes, uint8_t *bytes,
                                         int32_t byte_capacity) {
    if (pixels == nullptr || codes == nullptr || width <= 0 || height <= 0 || max_codes < 0 || byte_capacity < 0 ||
        (byte_capacity > 0 && bytes == nullptr)) {
        return -1;
    }
    try {
        ZXing::ImageView image(pixels, width, height, ZXing::ImageFormat::Lum);
        ZXing::DecodeHints hints;
        hints.setFormats(ZXing::BarcodeFormat::QRCode);
        hints.setTryHarder((options & HELIOGRAPH_ZXING_TRY_HARDER) != 0);
        hints.setTryRotate((options & HELIOGRAPH_ZXING_TRY_ROTATE) != 0);
        hints.setTryDownscale((options & HELIOGRAPH_ZXING_TRY_DOWNSCALE) != 0);
        hints.setReturnErrors((options & HELIOGRAPH_ZXING_RETURN_ERRORS) != 0);
        hints.setBinarizer((options & HELIOGRAPH_ZXING_GLOBAL_HISTOGRAM) != 0 ? ZXing::Binarizer::GlobalHistogram
                                                                               : ZXing::Binarizer::LocalAverage);
        ZXing::Results results = ZXing::ReadBarcodes(image, hints);
        int32_t count = 0;
        int32_t used = 0;
        for (const ZXing::Result &result : results) {
            if (count >= max_codes) break;
            heliograph_zxing_code &code = codes[count++];
            const ZXing::Position &position = result.position();
            for (int corner = 0; corner < 4; ++corner) {
                code.corners[2 * corner] = position[corner].x;
                code.corners[2 * corner + 1] = position[corner].y;
            }
            code.decoded = 0;
            code.offset = used;
            code.length = 0;
            if (!result.isValid()) continue;
            const ZXing::ByteArray &content = result.bytes();
            if (content.size() > static_cast<size_t>(byte_capacity - used)) continue;
            if (!content.empty()) std::memcpy(bytes + used, content.data(), content.size());
            code.decoded = 1;
            code.length = static_cast<int32_t>(content.size());
            used += code.length;
        }
        return count;
    } catch (...) {
        return -1;
    }
}
