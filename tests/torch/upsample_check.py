#!/usr/bin/python3
"""Compares convarith's upsamplings with PyTorch over torch_sweep.py's random sweep of layers.

Each random layer is turned into one upsampling case by its op:
  conv        -> `compute --op upsample --mode nearest|bilinear -s S` against F.interpolate(scale_factor=S,
                 align_corners=False) (nearest, linear, bilinear, trilinear by the rank);
  avgpool     -> `compute --op pixel-shuffle -s S` against F.pixel_shuffle (2-D) or its reshape/permute definition
                 (1-D and 3-D, which PyTorch lacks);
  maxpool     -> `compute --op max-unpool` (the layer's k, s, p, d, ceil_mode) against F.max_poolNd(return_indices=True)
                 then F.max_unpoolNd(..., output_size=x.shape);
  transposed  -> `compute --op transposed --overlap` against conv_transposeNd of an all-ones input with an all-ones
                 kernel (cropped for per-side padding), and the per-axis counts whose product it is.
Some cases break a rule on purpose (factor 0, channels not divisible by s^rank, an unpooling size PyTorch refuses):
then PyTorch and convarith must both refuse (convarith: exit 2, one line on stderr, nothing on stdout).

Usage: upsample_check.py --convarith PATH [--cases N] [--seed S]
"""
import json
import os
import subprocess
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_sweep import sizes, sweep, thousandths  # noqa: E402

torch.set_default_dtype(torch.float64)

CONVT = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}
MAXP = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
UNPOOL = {1: F.max_unpool1d, 2: F.max_unpool2d, 3: F.max_unpool3d}
LINEAR = {1: "linear", 2: "bilinear", 3: "trilinear"}
KINDS = {}  # how many cases of each kind were compared, and how many both refused


def shuffle_reference(x, s, r):
    """(C·s^r, spatial...) -> (C, spatial·s): F.pixel_shuffle for r = 2, the same reshape/permute rule otherwise."""
    if r == 2:
        return F.pixel_shuffle(x.unsqueeze(0), s)[0]
    c = x.shape[0] // s ** r
    if c * s ** r != x.shape[0] or c == 0:
        raise RuntimeError("channels not divisible by s^r")
    spatial = list(x.shape[1:])
    t = x.reshape([c] + [s] * r + spatial)  # (C, s_0..s_r-1, n_0..n_r-1)
    order = [0]
    for a in range(r):
        order += [1 + r + a, 1 + a]  # each axis followed by its sub-pixel offset
    t = t.permute(order)
    return t.reshape([c] + [n * s for n in spatial])


def overlap_reference(L):
    r, k, s, d, pb, pa, a = L["rank"], L["k"], L["s"], L["d"], L["pb"], L["pa"], L["a"]
    ones_in = torch.ones([1, 1] + L["i"])
    ones_k = torch.ones([1, 1] + k)
    symmetric = pb == pa
    full = CONVT[r](ones_in, ones_k, stride=s, padding=pb if symmetric else 0, output_padding=a, dilation=d)[0, 0]
    if symmetric:
        return full
    index = []
    for axis in range(r):
        n = full.shape[axis]
        if pb[axis] + pa[axis] >= n:
            raise RuntimeError("output size is not positive")
        index.append(slice(pb[axis], n - pa[axis]))
    return full[tuple(index)]


def make_case(L, rng, x_file, tmp):
    """(kind, convarith arguments, reference function)."""
    r = L["rank"]
    if L["op"] == "conv":
        mode = rng.choice(["nearest", "bilinear"])
        s = 0 if rng.random() < 0.04 else rng.randint(1, 4)
        x = thousandths(-4, 4, [L["cin"]] + L["i"])
        args = ["compute", "--json", "--op", "upsample", "--mode", mode, "-s", str(s), "--dims", str(r)]
        torch_mode = "nearest" if mode == "nearest" else LINEAR[r]
        extra = {} if mode == "nearest" else {"align_corners": False}
        return f"upsample-{torch_mode}", x, args, lambda: F.interpolate(x.unsqueeze(0), scale_factor=s,
                                                                         mode=torch_mode, **extra)[0]
    if L["op"] == "avgpool":
        s = rng.randint(1, 3 if r < 3 else 2)
        c = L["cin"] * s ** r + (1 if rng.random() < 0.06 else 0)
        x = thousandths(-4, 4, [c] + L["i"])
        args = ["compute", "--json", "--op", "pixel-shuffle", "-s", str(s), "--dims", str(r)]
        return f"pixel-shuffle-{r}d", x, args, lambda: shuffle_reference(x, s, r)
    if L["op"] == "maxpool":
        real = rng.random() < 0.7
        x = thousandths(-4, 4, [L["cin"]] + L["i"]) if real else torch.randint(-4, 5, [L["cin"]] + L["i"]).double()
        args = ["compute", "--json", "--op", "max-unpool", "--dims", str(r), "-k", sizes(L["k"]), "-s", sizes(L["s"]),
                "-p", sizes(L["pb"]), "-d", sizes(L["d"])] + (["--ceil-mode"] if L["ceil"] else [])

        def unpool():
            y, idx = MAXP[r](x.unsqueeze(0), L["k"], stride=L["s"], padding=L["pb"], dilation=L["d"],
                             ceil_mode=L["ceil"], return_indices=True)
            return UNPOOL[r](y, idx, L["k"], stride=L["s"], padding=L["pb"], output_size=list(x.shape[1:]))[0]
        return f"max-unpool-{r}d", x, args, unpool
    # Transposed: the overlap count map, channels left out (it counts taps of one map).
    one = dict(L, cin=1, cout=1, groups=1, bias=False)
    args = ["compute", "--json", "--overlap", "--op", "transposed", "--dims", str(r), "-i", sizes(L["i"]),
            "-k", sizes(L["k"]), "-s", sizes(L["s"]), "-d", sizes(L["d"]), "-a", sizes(L["a"])]
    args += ["-p", sizes(L["pb"])] if L["pb"] == L["pa"] else ["--pad-before", sizes(L["pb"]), "--pad-after",
                                                                sizes(L["pa"])]
    return f"overlap-{r}d", None, args, lambda: overlap_reference(one)


def compare(label, kind, got, expected):
    key = "overlap" if kind.startswith("overlap") else "output"
    out = torch.tensor(got[key], dtype=torch.float64)
    if kind.startswith("overlap"):
        out = out.reshape(expected.shape) if out.numel() == expected.numel() else out
    if list(out.shape) != list(expected.shape):
        return f"{label}: {key} shape {list(out.shape)} != PyTorch {list(expected.shape)}"
    if not torch.allclose(out, expected, atol=1e-9, rtol=1e-9):
        return f"{label}: {key} differs from PyTorch by up to {(out - expected).abs().max().item()}"
    if kind.startswith("overlap"):
        product = None
        for counts in got["overlap_per_axis"]:
            t = torch.tensor(counts, dtype=torch.float64)
            product = t if product is None else product.unsqueeze(-1) * t
        if not torch.equal(product.reshape(expected.shape), expected):
            return f"{label}: the per-axis counts' product is not the overlap map"
    return None


def run_case(n, L, rng, exe, tmp):
    kind, x, args, reference = make_case(L, rng, None, tmp)
    label = f"case {n} ({kind}): {' '.join(args)}"
    if x is not None:
        path = os.path.join(tmp, "input.json")
        with open(path, "w") as fh:
            json.dump(x.tolist(), fh)
        args = args + ["--input", path]
    try:
        expected, torch_error = reference(), None
    except (RuntimeError, ValueError) as e:
        expected, torch_error = None, str(e).splitlines()[0]
    proc = subprocess.run([exe] + args, capture_output=True, text=True, timeout=60)
    counts = KINDS.setdefault(kind, [0, 0])
    if torch_error is not None:
        counts[1] += 1
        if proc.returncode != 2:
            return f"{label}: PyTorch refuses ({torch_error}) but convarith exited {proc.returncode}"
        if proc.stdout or len(proc.stderr.strip().splitlines()) != 1:
            return f"{label}: a refusal must print one line on stderr and nothing on stdout: {proc.stderr!r}"
        return None
    if proc.returncode != 0:
        return f"{label}: PyTorch computes {list(expected.shape)} but convarith refused: {proc.stderr.strip()}"
    counts[0] += 1
    return compare(label, kind, json.loads(proc.stdout), expected)


def main():
    notes = [lambda passed: "kinds (compared, both refused): " +
             ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(KINDS.items()))]
    return sweep("upsample", 2020, run_case, notes=notes)


if __name__ == "__main__":
    sys.exit(main())
