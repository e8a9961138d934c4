#!/usr/bin/python3
"""`convarith compute --image` against Pillow and PyTorch: the gray input equals Pillow's convert('L'), RGB gives three
channels, the output equals PyTorch's conv2d of the same picture, and bad files are refused with one line (exit 2).

Usage: image_check.py --convarith PATH. Ends with 'N passed, M failed'.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image


def run(exe, *args):
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=120)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--convarith", required=True)
    exe = ap.parse_args().convarith
    rng = np.random.default_rng(7)
    failures = []
    checks = 0

    def check(ok, what):
        nonlocal checks
        checks += 1
        if not ok:
            failures.append(what)
            print("FAIL", what)

    with tempfile.TemporaryDirectory() as tmp:
        for fmt, ext in (("PNG", "png"), ("JPEG", "jpg")):
            pixels = rng.integers(0, 256, size=(23, 31, 3), dtype=np.uint8)
            path = os.path.join(tmp, f"pic.{ext}")
            Image.fromarray(pixels, "RGB").save(path, fmt, quality=95)
            decoded = Image.open(path).convert("RGB")  # what the file holds (JPEG is lossy)
            gray = np.asarray(decoded.convert("L"), dtype=np.float64)
            r = run(exe, "compute", "--image", path, "-k", "3", "--kernel-fill", "sobel_x", "-p", "1", "--json")
            check(r.returncode == 0, f"{fmt}: compute --image failed: {r.stderr.strip()}")
            if r.returncode != 0:
                continue
            j = json.loads(r.stdout)
            got = np.array(j["input"], dtype=np.float64)
            # stb_image and libjpeg may round a JPEG's colours differently by one level.
            tolerance = 0 if fmt == "PNG" else 2
            check(got.shape == gray.shape and np.abs(got - gray).max() <= tolerance,
                  f"{fmt}: gray input differs from Pillow's convert('L') by {np.abs(got - gray).max() if got.shape == gray.shape else got.shape}")
            sobel = torch.tensor([[-1.0, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=torch.float64)
            ref = F.conv2d(torch.tensor(got)[None, None], sobel[None, None], padding=1)[0, 0].numpy()
            check(np.allclose(np.array(j["output"]), ref), f"{fmt}: output differs from PyTorch's conv2d")
            r = run(exe, "compute", "--image", path, "--image-mode", "rgb", "-k", "1", "--out-channels", "1", "--json")
            check(r.returncode == 0, f"{fmt}: rgb failed: {r.stderr.strip()}")
            if r.returncode == 0:
                j = json.loads(r.stdout)
                rgb = np.transpose(np.asarray(decoded, dtype=np.float64), (2, 0, 1))
                got = np.array(j["input"], dtype=np.float64)
                check(got.shape == rgb.shape and np.abs(got - rgb).max() <= tolerance, f"{fmt}: rgb channels differ")
                # A 1x1 ones kernel over 3 channels sums them.
                check(np.allclose(np.array(j["output"])[0], got.sum(axis=0)), f"{fmt}: rgb 1x1 sum differs")
        # Resize: the requested size, and a constant picture stays constant.
        flat = os.path.join(tmp, "flat.png")
        Image.new("RGB", (40, 30), (90, 90, 90)).save(flat)
        r = run(exe, "compute", "--image", flat, "--image-size", "7x9", "-k", "1", "--json")
        check(r.returncode == 0 and np.array(json.loads(r.stdout)["input"]).shape == (7, 9), "resize to 7x9")
        if r.returncode == 0:
            check(np.allclose(np.array(json.loads(r.stdout)["input"]), 90), "a constant picture stays constant")
        # Bad files: one line, exit 2, nothing on stdout.
        text = os.path.join(tmp, "notes.png")
        with open(text, "w") as fh:
            fh.write("not a picture\n")
        truncated = os.path.join(tmp, "cut.png")
        with open(os.path.join(tmp, "pic.png"), "rb") as fh:
            data = fh.read()
        with open(truncated, "wb") as fh:
            fh.write(data[: len(data) // 3])
        for bad, words in ((text, "not an image"), (truncated, "--image"), (os.path.join(tmp, "missing.png"), "cannot open"),
                           (tmp, "--image")):
            r = run(exe, "compute", "--image", bad, "-k", "3")
            check(r.returncode == 2 and not r.stdout and len(r.stderr.strip().splitlines()) == 1 and words in r.stderr,
                  f"bad file {os.path.basename(bad)}: exit {r.returncode}, stderr {r.stderr!r}")
        r = run(exe, "compute", "--image", flat, "--image-size", "0", "-k", "1")
        check(r.returncode == 2 and "--image-size" in r.stderr, "--image-size 0 refused")
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
