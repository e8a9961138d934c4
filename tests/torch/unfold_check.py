#!/usr/bin/python3
"""Compares `convarith compute --unfold --json` with torch.nn.functional.unfold over a random sweep of layers.

The layers are torch_sweep.py's convolutions and transposed convolutions (ranks 1-3, channels, groups, padding
modes, per-side padding, dilation, stride, output padding), the data mostly real values with three decimals.
"columns" must equal F.unfold's (C_in·k...) x positions matrix: F.unfold itself for 2-D convolutions with zero,
symmetric padding; for the others the same matrix built with Tensor.unfold from the padded input (F.pad with the
padding mode) or, for a transposed convolution, from its zero-stretched, padded input. The product of
"unfolded_kernels" with the columns, group by group, must equal PyTorch's own convolution (without bias).

Usage: unfold_check.py --convarith PATH [--cases N] [--seed S]
Prints one line per failure and ends with 'N passed, M failed'.
"""
import json
import os
import subprocess
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from backward_check import forward, make_data  # noqa: E402
from torch_sweep import cli_args, random_layer, sweep  # noqa: E402

torch.set_default_dtype(torch.float64)

REFERENCES = {}  # how many cases each reference (or a shared refusal) checked


def unfold_canvas(canvas, L, stride):
    """(C, P...) -> (C·K, positions): Tensor.unfold per axis (windows of d(k - 1) + 1, every d-th cell kept)."""
    r = L["rank"]
    t = canvas
    for axis in range(r):
        khat = L["d"][axis] * (L["k"][axis] - 1) + 1
        t = t.unfold(1 + axis, khat, stride[axis])
    index = [slice(None)] * (1 + r) + [slice(None, None, d) for d in L["d"]]
    t = t[tuple(index)]  # (C, O..., k...)
    order = [0] + list(range(1 + r, 1 + 2 * r)) + list(range(1, 1 + r))
    t = t.permute(order)  # (C, k..., O...)
    k_volume = 1
    for k in L["k"]:
        k_volume *= k
    return t.reshape(canvas.shape[0] * k_volume, -1)


def reference_columns(L, x):
    r, pb, pa = L["rank"], L["pb"], L["pa"]
    if L["op"] == "conv":
        if r == 2 and L["mode"] == "zeros" and pb == pa:
            return F.unfold(x.unsqueeze(0), L["k"], dilation=L["d"], padding=pb, stride=L["s"])[0], "F.unfold"
        pad = []
        for before, after in zip(reversed(pb), reversed(pa)):
            pad += [before, after]
        mode = "constant" if L["mode"] == "zeros" else L["mode"]
        xp = F.pad(x.unsqueeze(0), pad, mode=mode)[0] if max(pb + pa) > 0 else x
        return unfold_canvas(xp, L, L["s"]), "Tensor.unfold of the padded input"
    # Transposed: the equivalent convolution's canvas, stride 1.
    s, d, k, a = L["s"], L["d"], L["k"], L["a"]
    stretched = torch.zeros([x.shape[0]] + [(i - 1) * st + 1 for i, st in zip(L["i"], s)])
    stretched[(slice(None),) + tuple(slice(None, None, st) for st in s)] = x
    pad = []
    for axis in reversed(range(r)):
        span = d[axis] * (k[axis] - 1)
        pad += [span - pb[axis], span - pa[axis] + a[axis]]  # negative: cropped
    canvas = F.pad(stretched.unsqueeze(0), pad)[0]
    return unfold_canvas(canvas, L, [1] * r), "Tensor.unfold of the stretched, padded input"


def run_case(n, L, rng, exe, tmp):
    label = f"case {n}: {json.dumps(L, sort_keys=True)}"
    x, w, _ = make_data(L, rng)
    try:
        expected_y = forward(L, x, w, None)
        torch_error = None
    except (RuntimeError, ValueError) as e:
        expected_y, torch_error = None, str(e).splitlines()[0]
    args = cli_args(L, tmp) + ["--unfold"]
    for name, t in (("input", x), ("kernel", w)):
        path = os.path.join(tmp, f"{name}.json")
        with open(path, "w") as fh:
            json.dump(t.tolist(), fh)
        args += [f"--{name}", path]
    proc = subprocess.run([exe] + args, capture_output=True, text=True, timeout=60)
    if torch_error is not None:
        REFERENCES["refused by both"] = REFERENCES.get("refused by both", 0) + (proc.returncode == 2)
        return None if proc.returncode == 2 else f"{label}: PyTorch refuses ({torch_error}), convarith {proc.returncode}"
    if proc.returncode != 0:
        return f"{label}: PyTorch computes it but convarith refused: {proc.stderr.strip()}"
    got = json.loads(proc.stdout)
    columns = torch.tensor(got["columns"], dtype=torch.float64)
    expected, how = reference_columns(L, x)
    REFERENCES[how] = REFERENCES.get(how, 0) + 1
    if list(columns.shape) != list(expected.shape):
        return f"{label}: columns {list(columns.shape)} != {how} {list(expected.shape)}"
    if not torch.equal(columns, expected):
        return f"{label}: columns differ from {how}"
    kernels = torch.tensor(got["unfolded_kernels"], dtype=torch.float64)
    g = L["groups"]
    kg, cg = kernels.shape[0] // g, columns.shape[0] // g
    y = torch.cat([kernels[i * kg:(i + 1) * kg] @ columns[i * cg:(i + 1) * cg] for i in range(g)])
    if not torch.allclose(y.reshape(expected_y.shape), expected_y.detach(), atol=1e-9, rtol=1e-9):
        return f"{label}: unfolded_kernels x columns differs from PyTorch's convolution"
    return None


def main():
    return sweep("unfold sweep", 2018, run_case, accept=lambda L: L["op"] in ("conv", "transposed"),
                 notes=[lambda _: "references: " + ", ".join(f"{k} {v}" for k, v in sorted(REFERENCES.items()))])


if __name__ == "__main__":
    sys.exit(main())
