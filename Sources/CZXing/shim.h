#pragma once
// zxing-cpp has a C++ API only: Swift reaches it through the ZXingShim target's extern "C" function. This module
// exists for pkg-config (include path, -lZXing) and the apt provider.
