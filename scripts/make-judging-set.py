#!/usr/bin/env python3
"""The judging set for the scanner: photos of QR codes made by a generator the scanner was never tuned on.

Independent of Optical's CaptureSimulator on purpose: another QR encoder (OpenCV's), another renderer (a
projective warp of the whole code plane in OpenCV), other noise, blur, lighting and JPEG models. Tune on
scripts/make-capture-corpus.sh and the CaptureSimulator, never on this set: it only judges.

    python3 -m venv .venv && .venv/bin/pip install numpy opencv-python-headless
    .venv/bin/python scripts/make-judging-set.py OUTDIR [--frames-per-tier 100] [--seed 1]
        [--heliograph .build/release/heliograph]   # adds photos of ceremony sheet pages (needs pdftoppm)
        [--sheet-photos 12] [--sheet-payload 850] [--sheet-fragment 150] [--sheet-dpi 150] [--sheet-tier easy]
        [--sheet-turn 5]

Writes OUTDIR/<tier>-<n>.png (8-bit gray) and OUTDIR/manifest.tsv: file, tier, then the expected texts (one
for a camera frame; every code of the page for a sheet photo, tier "sheet").

Tiers (every frame: a 640x480 or 1280x720 canvas, clutter, tilt of the code plane up to 15 degrees about both
axes, any in-plane rotation up to 25 degrees):
  easy    modules 3.5-7 px, blur sigma <= 0.8, noise sigma 2-5, light falloff to 75%, JPEG quality 75-95
  medium  modules 2.2-4 px, blur sigma 0.6-1.4, noise 4-10, falloff to 50%, contrast 55-90%, JPEG 45-80
  hard    modules 2-3.2 px, blur sigma 0.8-1.6, noise 6-12, falloff to 40%, contrast 40-80%, JPEG 30-65
  sheet   (with --heliograph) a signing sheet page with six codes, one whole multipart UR, rendered by the CLI,
          rasterized at 150 dpi, turned up to 5 degrees with a mild keystone, easy-tier camera (by default:
          --sheet-payload, --sheet-fragment, --sheet-dpi, --sheet-tier and --sheet-turn change them)
"""
import argparse
import json
import math
import os
import random
import subprocess
import sys
import tempfile

import cv2
import numpy as np

TIERS = {
    "easy": dict(module=(3.5, 7.0), blur=(0.0, 0.8), noise=(2, 5), falloff=(0.75, 1.0), contrast=(0.85, 1.0),
                 jpeg=(75, 95)),
    "medium": dict(module=(2.2, 4.0), blur=(0.6, 1.4), noise=(4, 10), falloff=(0.5, 0.9), contrast=(0.55, 0.9),
                   jpeg=(45, 80)),
    "hard": dict(module=(2.0, 3.2), blur=(0.8, 1.6), noise=(6, 12), falloff=(0.4, 0.85), contrast=(0.4, 0.8),
                 jpeg=(30, 65)),
}
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def part_text(rng):
    """A UR-like part: what an animation shows (upper case, so QR alphanumeric mode)."""
    seq_len = rng.randint(3, 60)
    body = "".join(rng.choice(ALPHABET) for _ in range(rng.choice([120, 200, 260, 320])))
    return f"UR:BYTES/{rng.randint(1, 500)}-{seq_len}/{body}"


def code_matrix(text):
    """The code's modules, 1 pixel each, quiet zone included (OpenCV's encoder)."""
    encoder = cv2.QRCodeEncoder.create()
    return encoder.encode(text)


def background(rng, width, height):
    """Paper or a screen surround: a flat tone, a few clutter rectangles and lines, a little texture."""
    base = rng.randint(120, 230)
    image = np.full((height, width), base, np.uint8)
    for _ in range(rng.randint(3, 12)):
        x0, y0 = rng.randrange(width), rng.randrange(height)
        x1, y1 = x0 + rng.randint(20, width // 3), y0 + rng.randint(10, height // 3)
        cv2.rectangle(image, (x0, y0), (x1, y1), rng.randint(30, 250), -1 if rng.random() < 0.5 else 2)
    for _ in range(rng.randint(0, 6)):
        cv2.putText(image, "".join(rng.choice(ALPHABET) for _ in range(rng.randint(3, 10))),
                    (rng.randrange(width), rng.randrange(height)), cv2.FONT_HERSHEY_SIMPLEX, rng.uniform(0.4, 1.5),
                    rng.randint(0, 120), rng.randint(1, 2))
    return image.astype(np.float32)


def tilt_corners(rng, center, side, rotate):
    """The corners of a square of `side` around `center`, turned by `rotate` degrees in the plane and tilted up
    to 15 degrees about both axes, projected by a pinhole camera (focal length about twice the frame)."""
    ax, ay = math.radians(rng.uniform(-15, 15)), math.radians(rng.uniform(-15, 15))
    rot = math.radians(rotate)
    focal = 2.5 * side + 900
    out = []
    for u, v in [(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)]:
        x, y, z = u * side, v * side, 0.0
        x, y = x * math.cos(rot) - y * math.sin(rot), x * math.sin(rot) + y * math.cos(rot)
        y, z = y * math.cos(ax) - z * math.sin(ax), y * math.sin(ax) + z * math.cos(ax)
        x, z = x * math.cos(ay) + z * math.sin(ay), -x * math.sin(ay) + z * math.cos(ay)
        scale = focal / (focal + z)
        out.append((center[0] + x * scale, center[1] + y * scale))
    return np.float32(out)


def paste(canvas, picture, corners, white=255.0):
    """Warps `picture` (gray, float) onto `canvas` so that its corners land on `corners`."""
    h, w = picture.shape
    source = np.float32([(0, 0), (w, 0), (w, h), (0, h)])
    matrix = cv2.getPerspectiveTransform(source, corners)
    size = (canvas.shape[1], canvas.shape[0])
    warped = cv2.warpPerspective(picture, matrix, size, flags=cv2.INTER_AREA if w > size[0] else cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.ones_like(picture), matrix, size, flags=cv2.INTER_LINEAR)
    return canvas * (1 - mask) + warped * mask


def photograph(rng, canvas, tier):
    """Lens and sensor: contrast, light falloff across the frame, blur, noise, JPEG."""
    p = TIERS[tier]
    height, width = canvas.shape
    contrast = rng.uniform(*p["contrast"])
    mid = rng.uniform(110, 150)
    image = mid + (canvas - 128) * contrast
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    angle = rng.uniform(0, 2 * math.pi)
    ramp = (xx * math.cos(angle) + yy * math.sin(angle))
    ramp = (ramp - ramp.min()) / max(float(ramp.max() - ramp.min()), 1)
    low = rng.uniform(*p["falloff"])
    image = image * (low + (1 - low) * ramp)
    sigma = rng.uniform(*p["blur"])
    if sigma > 0.05:
        image = cv2.GaussianBlur(image, (0, 0), sigma)
    image = image + np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(*p["noise"]), image.shape)
    image = np.clip(image, 0, 255).astype(np.uint8)
    ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(*p["jpeg"])])
    return cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE)


def camera_frame(rng, tier):
    width, height = rng.choice([(640, 480), (1280, 720)])
    text = part_text(rng)
    matrix = code_matrix(text).astype(np.float32)
    module = rng.uniform(*TIERS[tier]["module"])
    side = matrix.shape[0] * module
    side = min(side, 0.9 * height)
    canvas = background(rng, width, height)
    margin = side * 0.75
    center = (rng.uniform(margin, max(margin, width - margin)), rng.uniform(margin, max(margin, height - margin)))
    corners = tilt_corners(rng, center, side, rng.uniform(-25, 25))
    big = cv2.resize(matrix, (matrix.shape[1] * 8, matrix.shape[0] * 8), interpolation=cv2.INTER_NEAREST)
    canvas = paste(canvas, big, corners)
    return photograph(rng, canvas, tier), [text]


def sheet_pages(heliograph, workdir, payload_bytes, fragment, dpi):
    """Renders a signing sheet with the CLI whose signature parts are one multipart UR (`ur encode`), and
    rasterizes its pages with pdftoppm. Returns [(gray page, [texts of the codes on it])], the texts being
    the parts printed on the page as OpenCV's detector finds them (only to know what a photo holds)."""
    payload = os.path.join(workdir, "payload.bin")
    with open(payload, "wb") as f:
        f.write(random.Random(7).randbytes(payload_bytes))
    with open(payload, "rb") as stdin:
        parts = subprocess.run([heliograph, "ur", "encode", "--type", "bytes", "--wrap", "--max-fragment-length",
                                str(fragment)], stdin=stdin, check=True, capture_output=True, text=True).stdout.split()
    sheet = {"sessionID": "judge-1", "summary": "Judging set", "messageDigest": "ab" * 32,
             "groupKeyFingerprint": "able acid also apex", "signers": ["Alice", "Carol"],
             "signature": "0f" * 64, "signatureParts": parts}
    with open(os.path.join(workdir, "sheet.json"), "w") as f:
        json.dump(sheet, f)
    pdf = os.path.join(workdir, "sheet.pdf")
    subprocess.run([heliograph, "sheet", "signing", os.path.join(workdir, "sheet.json"), "--out", pdf], check=True,
                   capture_output=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", pdf, os.path.join(workdir, "page")], check=True)
    pages = []
    upper = {p.upper() for p in parts}
    for name in sorted(os.listdir(workdir)):
        if name.startswith("page") and name.endswith(".png"):
            page = cv2.imread(os.path.join(workdir, name), cv2.IMREAD_GRAYSCALE)
            import zxingcpp  # only here: which parts a page holds, read from the clean page
            texts = [r.text for r in zxingcpp.read_barcodes(page) if r.valid and r.text.upper() in upper]
            pages.append((page, texts))
    return pages, parts


def sheet_photo(rng, page, texts, tier, turn):
    width, height = rng.choice([(1280, 960), (1600, 1200)])
    canvas = background(rng, width, height)
    ph, pw = page.shape
    fill = rng.uniform(0.85, 0.97)
    scale = min(width / pw, height / ph) * fill
    center = (width / 2 + rng.uniform(-20, 20), height / 2 + rng.uniform(-20, 20))
    w, h = pw * scale, ph * scale
    rot = math.radians(rng.uniform(-turn, turn))
    corners = []
    for u, v in [(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)]:
        x, y = u * w, v * h
        x, y = x * math.cos(rot) - y * math.sin(rot), x * math.sin(rot) + y * math.cos(rot)
        # A mild keystone (the camera a little below or beside the page), up to about 10 degrees.
        k = rng.uniform(0.96, 1.04) if v < 0 else 1.0
        corners.append((center[0] + x * k, center[1] + y))
    canvas = paste(canvas, page.astype(np.float32), np.float32(corners))
    return photograph(rng, canvas, tier), texts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("outdir")
    parser.add_argument("--frames-per-tier", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--heliograph", help="the heliograph binary, to add photos of ceremony sheet pages")
    parser.add_argument("--sheet-photos", type=int, default=12)
    parser.add_argument("--sheet-payload", type=int, default=850, help="payload bytes of the sheet's UR")
    parser.add_argument("--sheet-fragment", type=int, default=150, help="max fragment length of its parts")
    parser.add_argument("--sheet-dpi", type=int, default=150, help="resolution the sheet's pages are rasterized at")
    parser.add_argument("--sheet-tier", default="easy", choices=list(TIERS), help="the camera of the sheet photos")
    parser.add_argument("--sheet-turn", type=float, default=5, help="largest in-plane turn of the page, degrees")
    args = parser.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    rng = random.Random(args.seed)
    rows = []
    for tier in TIERS:
        for index in range(args.frames_per_tier):
            image, texts = camera_frame(rng, tier)
            name = f"{tier}-{index:03d}.png"
            cv2.imwrite(os.path.join(args.outdir, name), image)
            rows.append([name, tier] + texts)
    if args.heliograph:
        with tempfile.TemporaryDirectory() as workdir:
            pages, parts = sheet_pages(args.heliograph, workdir, args.sheet_payload, args.sheet_fragment,
                                       args.sheet_dpi)
            print(f"sheet: {len(parts)} parts, codes per page {[len(p[1]) for p in pages]}", file=sys.stderr)
            pages = [p for p in pages if p[1]]
            for index in range(args.sheet_photos):
                page, texts = pages[index % len(pages)]
                image, texts = sheet_photo(rng, page, texts, args.sheet_tier, args.sheet_turn)
                name = f"sheet-{index:03d}.png"
                cv2.imwrite(os.path.join(args.outdir, name), image)
                rows.append([name, "sheet"] + texts)
    with open(os.path.join(args.outdir, "manifest.tsv"), "w") as manifest:
        for row in rows:
            manifest.write("\t".join(row) + "\n")
    print(f"wrote {len(rows)} frames to {args.outdir}", file=sys.stderr)


if __name__ == "__main__":
    main()
