#!/usr/bin/python3
"""Compares `convarith compute --grad --json` with torch.autograd over a random sweep of layers.

The layers are torch_sweep.py's (ranks 1-3, channels, groups, bias, padding modes, per-side padding, dilation,
output padding, max/avg pooling with ceil_mode and count_include_pad), the data mostly real values with three
decimals. For each layer the output gradient dL/dy is a random tensor passed with --grad-output (now and then the
default --grad-fill ones, L = the sum of the outputs); PyTorch's autograd (float64) gives dL/dx, dL/dw and dL/db,
which must match convarith's grad_input, grad_weight and grad_bias in shape and value, and so must the weight and
bias gradients as the app animates them ("animated": the computations of WeightGradProblem and BiasGradProblem). A layer PyTorch refuses must
be refused by convarith too (exit 2).

Usage: backward_check.py --convarith PATH [--cases N] [--seed S]
Prints one line per failure and ends with 'N passed, M failed'.
"""
import json
import os
import subprocess
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_sweep import AVGP, CONV, CONVT, MAXP, cli_args, random_layer, sweep, thousandths  # noqa: E402

torch.set_default_dtype(torch.float64)

REFUSED = [0]  # layers both PyTorch and convarith refuse (the rest are compared)


def forward(L, x, w, b):
    """The layer with functional calls, so that autograd reaches x, w and b (batch of one)."""
    r, op = L["rank"], L["op"]
    s, d, pb, pa = L["s"], L["d"], L["pb"], L["pa"]
    xb = x.unsqueeze(0)
    if op == "conv":
        pad = []
        for before, after in zip(reversed(pb), reversed(pa)):
            pad += [before, after]
        mode = "constant" if L["mode"] == "zeros" else L["mode"]
        if L["mode"] != "zeros" and max(pb + pa) > 0:
            # PyTorch's own rules for the padding modes (Conv*d refuses what F.pad would wrap twice).
            for axis, size in enumerate(L["i"]):
                widest = max(pb[axis], pa[axis])
                if L["mode"] == "reflect" and widest >= size:
                    raise RuntimeError("reflect padding must be smaller than the input")
                if L["mode"] == "circular" and widest > size:
                    raise RuntimeError("circular padding wraps once at most")
        xp = F.pad(xb, pad, mode=mode) if max(pb + pa) > 0 else xb
        return CONV[r](xp, w, b, stride=s, padding=0, dilation=d, groups=L["groups"])[0]
    if op == "transposed":
        symmetric = pb == pa
        if L["cout"] % L["groups"] or L["cin"] % L["groups"]:
            raise RuntimeError("channels must be divisible by groups")
        full = CONVT[r](xb, w, b, stride=s, padding=pb if symmetric else 0, output_padding=L["a"],
                        groups=L["groups"], dilation=d)[0]
        if symmetric:
            return full
        index = [slice(None)]
        for axis in range(r):
            n = full.shape[1 + axis]
            if pb[axis] + pa[axis] >= n:
                raise RuntimeError("output size is not positive")
            index.append(slice(pb[axis], n - pa[axis]))
        return full[tuple(index)]
    if op == "maxpool":
        return MAXP[r](xb, L["k"], stride=s, padding=pb, dilation=d, ceil_mode=L["ceil"])[0]
    return AVGP[r](xb, L["k"], stride=s, padding=pb, ceil_mode=L["ceil"],
                   count_include_pad=L["count_include_pad"])[0]


def make_data(L, rng):
    real = rng.random() < 0.7
    x = thousandths(-4, 4, [L["cin"]] + L["i"]) if real else torch.randint(-4, 5, [L["cin"]] + L["i"]).double()
    w = b = None
    if L["op"] in ("conv", "transposed"):
        cin, cout, g = L["cin"], L["cout"], L["groups"]
        wshape = ([cout, max(cin // g, 1)] if L["op"] == "conv" else [cin, max(cout // g, 1)]) + L["k"]
        w = thousandths(-2, 2, wshape) if real else torch.randint(-2, 3, wshape).double()
        if L["bias"]:
            b = thousandths(-3, 3, [cout]) if real else torch.randint(-3, 4, [cout]).double()
    return x, w, b


def compare(label, name, got, expected):
    if expected is None:
        return f"{label}: convarith printed {name} but PyTorch has none" if got is not None else None
    if got is None:
        return f"{label}: {name} missing from convarith's JSON"
    t = torch.tensor(got, dtype=torch.float64)
    if list(t.shape) != list(expected.shape):
        return f"{label}: {name} shape {list(t.shape)} != PyTorch {list(expected.shape)}"
    if not torch.allclose(t, expected, atol=1e-9, rtol=1e-9):
        return f"{label}: {name} differs from PyTorch by up to {(t - expected).abs().max().item()}"
    return None


def run_case(n, L, rng, exe, tmp):
    label = f"case {n}: {json.dumps(L, sort_keys=True)}"
    x, w, b = make_data(L, rng)
    leaves = [t for t in (x, w, b) if t is not None]
    for t in leaves:
        t.requires_grad_(True)
    try:
        y = forward(L, x, w, b)
        torch_error = None
    except (RuntimeError, ValueError) as e:
        y, torch_error = None, str(e).splitlines()[0]
    args = cli_args(L, tmp) + ["--grad"]
    for name, t in (("input", x), ("kernel", w), ("bias", b)):
        if t is not None:
            path = os.path.join(tmp, f"{name}.json")
            with open(path, "w") as fh:
                json.dump(t.tolist(), fh)
            args += [f"--{name}", path]
    ones = rng.random() < 0.15
    if y is not None:
        real = rng.random() < 0.7
        gy = torch.ones_like(y) if ones else (thousandths(-2, 2, list(y.shape)) if real
                                             else torch.randint(-2, 3, list(y.shape)).double())
        if not ones:
            path = os.path.join(tmp, "grad.json")
            with open(path, "w") as fh:
                json.dump(gy.tolist(), fh)
            args += ["--grad-output", path]
    proc = subprocess.run([exe] + args, capture_output=True, text=True, timeout=60)
    if torch_error is not None:
        if proc.returncode != 2:
            return f"{label}: PyTorch refuses ({torch_error}) but convarith exited {proc.returncode}"
        REFUSED[0] += 1
        return None
    if proc.returncode != 0:
        return f"{label}: PyTorch computes it but convarith refused: {proc.stderr.strip()}"
    y.backward(gy)
    got = json.loads(proc.stdout)
    for name, expected in (("grad_output", gy), ("grad_input", x.grad), ("grad_weight", None if w is None else w.grad),
                           ("grad_bias", None if b is None else b.grad)):
        error = compare(label, name, got.get(name), expected)
        if error:
            return error
    # The weight and bias gradients as the app and `export --gradient` animate them (the input correlated with dL/dy,
    # stride and dilation swapped; dL/dy summed per map): the same values as autograd's.
    animated = got.get("animated", {})
    for name, expected in (("grad_weight", None if w is None else w.grad), ("grad_bias", None if b is None else b.grad)):
        error = compare(label, "animated " + name, animated.get(name), expected)
        if error:
            return error
    return None


def main():
    return sweep("backward sweep", 1603, run_case,
                 notes=[lambda passed: f"{passed - REFUSED[0]} compared with torch.autograd, {REFUSED[0]} refused by both"])


if __name__ == "__main__":
    sys.exit(main())
