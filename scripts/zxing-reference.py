#!/usr/bin/env python3
"""The reference reader for the scan benchmarks: zxing-cpp 3.x through its PyPI binding (`pip install zxing-cpp
numpy opencv-python-headless`). Reads image paths on stdin, one a line; prints for each
"path<TAB>cpu-ms<TAB>text<TAB>text...": the CPU time of the thread for read_barcodes alone (the image is loaded
before the clock starts), QR codes only, every code in the image."""
import sys
import time

import cv2
import zxingcpp


def main():
    for line in sys.stdin:
        path = line.rstrip("\n")
        if not path:
            continue
        image = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
        if image is None:
            print(f"{path}\tnan", flush=True)
            continue
        start = time.thread_time()
        results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        elapsed = (time.thread_time() - start) * 1000
        texts = [r.text.replace("\t", " ").replace("\n", " ") for r in results if r.valid]
        print("\t".join([path, f"{elapsed:.3f}"] + texts), flush=True)


if __name__ == "__main__":
    main()
