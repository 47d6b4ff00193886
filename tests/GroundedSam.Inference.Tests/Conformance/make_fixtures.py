#!/usr/bin/python3
"""Golden values from the reference implementations, for the Conformance tests.

Run with Debian's Python and packages (python3-pil, python3-numpy, python3-torch):

    /usr/bin/python3 tests/GroundedSam.Inference.Tests/Conformance/make_fixtures.py

It rewrites the files in fixtures/ beside this script. CI runs the tests that read them, not this script. Every input
is generated here from a fixed seed, so a rerun gives the same files. What each fixture holds:

- resize-sizes.json: Grounding DINO's resize target for 24 photo sizes by the original GroundingDINO transforms
  (`get_size_with_aspect_ratio` in datasets/transforms.py, the local demo) and by Hugging Face's image processor.
- pattern.png: a lossless 97x73 RGB input with edges, gradients and noise.
- resize-pil.json: pattern.png resized by PIL's bilinear filter (what torchvision's resize of a PIL image calls in
  the local demo), to a smaller, a larger and a stretched size; uint8 RGB, base64.
- resize-torch.json: pattern.png as a float tensor in [0, 1] resized by torch's bilinear interpolation with
  antialias (SAM 2's `Resize((1024, 1024))` on a tensor), to the same sizes; float32 in grey levels, base64.
- upsample.json: SAM 2's mask post-processing: random low-resolution logits, `F.interpolate(bilinear,
  align_corners=False)` to a larger size, then `> 0`; the mask as a row-major 0/1 string.
- box-transform.json: SAM 2's box transform (`transform_boxes` with normalize=True): x / W * 1024 in float32.
- rle.json: COCO compressed RLE of random masks, by cocoapi's algorithm (rleEncode + rleToString) written out below.
- stability.json: SAM 2's stability score (`_get_stability_scores`, delta 0.05) of random logit planes.
- jpeg-420.jpg, jpeg-444.jpg and jpeg-decoded.json: a photo-like 128x96 scene (shading, two saturated objects, light
  noise) saved by PIL as JPEG (quality 90, 4:2:0 and 4:4:4) and decoded again by PIL (libjpeg-turbo); uint8 RGB, base64.

The BERT token ids Hugging Face's tokenizer gives are not computed here (no `transformers` in Debian's packages):
PromptTokenizerTests holds them, from the shared data README.
"""

import base64
import json
import pathlib

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

OUT = pathlib.Path(__file__).resolve().parent / "fixtures"
RNG = np.random.default_rng(20261129)


def b64(array):
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


def write(name, value):
    (OUT / name).write_text(json.dumps(value, indent=1) + "\n", encoding="utf-8")


# GroundingDINO datasets/transforms.py: resize() -> get_size_with_aspect_ratio(image_size=(w, h), size, max_size).
def local_size(w, h, size=800, max_size=1333):
    min_original = float(min((w, h)))
    max_original = float(max((w, h)))
    if max_original / min_original * size > max_size:
        size = int(round(max_size * min_original / max_original))
    if (w <= h and w == size) or (h <= w and h == size):
        return w, h
    if w < h:
        return size, int(size * h / w)
    return int(size * w / h), size


# transformers image_processing_grounding_dino.py: get_size_with_aspect_ratio((h, w), size, max_size) keeps the
# unrounded shorter side for the longer one.
def hf_size(w, h, size=800, max_size=1333):
    raw = None
    min_original = float(min((h, w)))
    max_original = float(max((h, w)))
    if max_original / min_original * size > max_size:
        raw = max_size * min_original / max_original
        size = int(round(raw))
    if (h <= w and h == size) or (w <= h and w == size):
        return w, h
    if w < h:
        return size, int((raw if raw is not None else size) * h / w)
    return int((raw if raw is not None else size) * w / h), size


def resize_sizes():
    sizes = [(4032, 3024), (3024, 4032), (1920, 1080), (1080, 1920), (800, 600), (600, 800), (640, 480), (1333, 800),
             (800, 800), (6000, 200), (200, 6000), (5000, 1000), (1000, 5000), (4000, 1000), (3000, 2000), (2000, 3000),
             (1200, 800), (801, 1335), (1, 1), (2, 1), (100, 75), (12000, 9000), (7000, 3000), (2500, 1000)]
    write("resize-sizes.json", [{"size": [w, h], "local": list(local_size(w, h)), "hf": list(hf_size(w, h))} for w, h in sizes])


def pattern():
    h, w = 73, 97
    y, x = np.mgrid[0:h, 0:w]
    rgb = np.zeros((h, w, 3), dtype=np.float64)
    rgb[..., 0] = 255 * x / (w - 1)
    rgb[..., 1] = 255 * y / (h - 1)
    rgb[..., 2] = np.where((x // 8 + y // 8) % 2 == 0, 230, 20)
    rgb[(x - 60) ** 2 + (y - 30) ** 2 < 15 ** 2] = [250, 10, 10]
    rgb[10:25, 5:40] = [10, 10, 250]
    rgb += RNG.normal(0, 6, rgb.shape)
    image = Image.fromarray(np.clip(np.rint(rgb), 0, 255).astype(np.uint8), "RGB")
    image.save(OUT / "pattern.png")
    return image


TARGETS = [(40, 30), (150, 113), (64, 64)]
TORCH_TARGETS = [(40, 30), (110, 83), (64, 64)]


def resizes(image):
    write("resize-pil.json", [{"size": [w, h], "rgb": b64(np.asarray(image.resize((w, h), Image.Resampling.BILINEAR)))} for w, h in TARGETS])
    tensor = torch.from_numpy(np.asarray(image).astype(np.float32) / 255).permute(2, 0, 1)[None]
    out = []
    for w, h in TORCH_TARGETS:
        resized = F.interpolate(tensor, size=(h, w), mode="bilinear", align_corners=False, antialias=True)[0]
        out.append({"size": [w, h], "levels": b64((resized.permute(1, 2, 0) * 255).numpy().astype("<f4"))})
    write("resize-torch.json", out)


def upsample():
    cases = []
    for (sw, sh), (w, h) in [((16, 16), (61, 47)), ((16, 16), (37, 29)), ((8, 12), (50, 70))]:
        logits = RNG.normal(0, 4, (sh, sw)).astype(np.float32)
        up = F.interpolate(torch.from_numpy(logits)[None, None], size=(h, w), mode="bilinear", align_corners=False)[0, 0]
        cases.append({"source": [sw, sh], "size": [w, h], "logits": b64(logits.astype("<f4")),
                      "mask": "".join("1" if v else "0" for v in (up > 0).flatten().tolist())})
    write("upsample.json", cases)


def box_transform():
    cases = []
    for w, h in [(640, 480), (4032, 3024), (97, 73), (6000, 200)]:
        boxes = torch.tensor(RNG.uniform(-0.1, 1.1, (4, 4)) * [w, h, w, h], dtype=torch.float)
        coords = boxes.reshape(-1, 2, 2).clone()
        coords[..., 0] = coords[..., 0] / w
        coords[..., 1] = coords[..., 1] / h
        coords = coords * 1024
        cases.append({"size": [w, h], "boxes": b64(boxes.numpy().astype("<f4")), "frame": b64(coords.reshape(-1, 4).numpy().astype("<f4"))})
    write("box-transform.json", cases)


# cocoapi maskApi.c: rleEncode (column-major runs, starting with zeros) and rleToString (differences to the count two
# before from the third on, 5-bit groups with a continuation bit, +48).
def coco_rle(mask):
    flat = mask.flatten(order="F")
    counts, previous, run = [], 0, 0
    for v in flat:
        if v != previous:
            counts.append(run)
            run, previous = 0, v
        run += 1
    counts.append(run)
    text = []
    for i, c in enumerate(counts):
        x = c - counts[i - 2] if i > 2 else c
        more = True
        while more:
            ch = x & 0x1F
            x >>= 5
            more = (x != -1) if (ch & 0x10) else (x != 0)
            if more:
                ch |= 0x20
            text.append(chr(ch + 48))
    return "".join(text)


def rle():
    cases = []
    for w, h, p in [(13, 7, 0.5), (40, 30, 0.1), (40, 30, 0.9), (200, 150, 0.02), (5, 5, 0.0), (5, 5, 1.0)]:
        mask = (RNG.random((h, w)) < p).astype(np.uint8)
        cases.append({"size": [w, h], "mask": "".join(map(str, mask.flatten().tolist())), "counts": coco_rle(mask)})
    blob = np.zeros((150, 200), dtype=np.uint8)
    blob[40:110, 30:170] = 1
    blob[60:90, 60:100] = 0
    cases.append({"size": [200, 150], "mask": "".join(map(str, blob.flatten().tolist())), "counts": coco_rle(blob)})
    write("rle.json", cases)


def stability():
    cases = []
    for scale in [0.02, 0.5, 4.0]:
        logits = torch.from_numpy(RNG.normal(0.3, scale, (32, 32)).astype(np.float32))
        inside = torch.sum(logits > 0.05).float()
        union = torch.sum(logits > -0.05).float()
        score = torch.where(union > 0, inside / union, 1.0)
        cases.append({"logits": b64(logits.numpy().astype("<f4")), "stability": float(score)})
    write("stability.json", cases)


# A photo-like scene for the JPEG comparison: smooth shading, two saturated objects with hard edges, light noise.
def scene():
    h, w = 96, 128
    y, x = np.mgrid[0:h, 0:w]
    rgb = np.zeros((h, w, 3), dtype=np.float64)
    rgb[..., 0] = 120 + 60 * x / (w - 1)
    rgb[..., 1] = 110 + 40 * y / (h - 1)
    rgb[..., 2] = 100 + 30 * (x + y) / (w + h)
    rgb[(x - 80) ** 2 + (y - 40) ** 2 < 20 ** 2] = [220, 30, 30]
    rgb[55:85, 10:60] = [30, 40, 200]
    rgb += RNG.normal(0, 2, rgb.shape)
    return Image.fromarray(np.clip(np.rint(rgb), 0, 255).astype(np.uint8), "RGB")


def jpegs(image):
    decoded = []
    for name, subsampling in [("jpeg-420.jpg", 2), ("jpeg-444.jpg", 0)]:
        image.save(OUT / name, quality=90, subsampling=subsampling)
        with Image.open(OUT / name) as again:
            decoded.append({"file": name, "rgb": b64(np.asarray(again.convert("RGB")))})
    write("jpeg-decoded.json", decoded)


def main():
    OUT.mkdir(exist_ok=True)
    resize_sizes()
    image = pattern()
    resizes(image)
    upsample()
    box_transform()
    rle()
    stability()
    jpegs(scene())


if __name__ == "__main__":
    main()
