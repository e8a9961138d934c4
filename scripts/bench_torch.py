#!/usr/bin/python3
"""Times `convarith compute` against PyTorch's CPU conv2d in float64 on the same data, in the same run.

C_in = C_out = 32, input 128 x 128, k = 3 (the issue's case; --channels, --size, --kernel to change it). convarith's
time is the computation alone, as `compute --time-runs` reports it (no JSON reading or printing); PyTorch's is
F.conv2d on the same tensors. Prints both medians and their ratio (aim: convarith within 5x of PyTorch).
With --backward it times the backward pass instead (`compute --grad-output ... --time-runs`: grad_input and
grad_weight) against torch.autograd.grad on the same tensors and output gradient, and checks both gradients (issue 19's
aim: within 3x).
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import torch
import torch.nn.functional as F


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--convarith", default=os.path.join(os.path.dirname(__file__), "..", "build", "app", "convarith"))
    ap.add_argument("--channels", type=int, default=32)
    ap.add_argument("--size", type=int, default=128)
    ap.add_argument("--kernel", type=int, default=3)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--backward", action="store_true", help="time the backward pass against torch.autograd")
    a = ap.parse_args()
    if a.backward:
        return backward(a)
    torch.manual_seed(0)
    c, i, k = a.channels, a.size, a.kernel
    x = torch.randint(-4, 5, (c, i, i)).double()
    w = torch.randint(-2, 3, (c, c, k, k)).double()
    with tempfile.TemporaryDirectory() as tmp:
        xf, wf = os.path.join(tmp, "x.json"), os.path.join(tmp, "w.json")
        json.dump(x.tolist(), open(xf, "w"))
        json.dump(w.tolist(), open(wf, "w"))
        out = os.path.join(tmp, "y.json")
        with open(out, "w") as fh:
            proc = subprocess.run([a.convarith, "compute", "--input", xf, "--kernel", wf, "--in-channels", str(c),
                                   "--out-channels", str(c), "-k", str(k), "--json", "--time-runs", str(a.runs)],
                                  stdout=fh, stderr=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            return 1
        ours = float(re.search(r"median ([0-9.]+) ms", proc.stderr).group(1))
        y = torch.tensor(json.load(open(out))["output"], dtype=torch.float64)
    times = []
    for _ in range(a.runs):
        t0 = time.perf_counter()
        ref = F.conv2d(x.unsqueeze(0), w)[0]
        times.append((time.perf_counter() - t0) * 1000)
    theirs = statistics.median(times)
    same = torch.allclose(y, ref, atol=1e-9)
    print(f"conv2d float64, C_in = C_out = {c}, {i}x{i}, k = {k} ({c * c * (i - k + 1) ** 2 * k * k / 1e6:.0f}M MACs), "
          f"torch threads {torch.get_num_threads()}")
    print(f"convarith compute: median {ours:.1f} ms")
    print(f"PyTorch F.conv2d:  median {theirs:.1f} ms")
    print(f"ratio convarith / PyTorch: {ours / theirs:.2f}x (aim: within 5x); same values: {same}")
    return 0 if same else 1


def backward(a):
    torch.manual_seed(0)
    c, i, k = a.channels, a.size, a.kernel
    x = torch.randint(-4, 5, (c, i, i)).double()
    w = torch.randint(-2, 3, (c, c, k, k)).double()
    gy = torch.randint(-2, 3, (c, i - k + 1, i - k + 1)).double()
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for name, t in (("input", x), ("kernel", w), ("grad-output", gy)):
            files[name] = os.path.join(tmp, name + ".json")
            json.dump(t.tolist(), open(files[name], "w"))
        out = os.path.join(tmp, "g.json")
        with open(out, "w") as fh:
            proc = subprocess.run([a.convarith, "compute", "--input", files["input"], "--kernel", files["kernel"],
                                   "--grad-output", files["grad-output"], "--in-channels", str(c), "--out-channels",
                                   str(c), "-k", str(k), "--json", "--time-runs", str(a.runs)],
                                  stdout=fh, stderr=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            return 1
        ours = float(re.search(r"backward: median ([0-9.]+) ms", proc.stderr).group(1))
        got = json.load(open(out))
    xb, wt = x.unsqueeze(0).requires_grad_(True), w.clone().requires_grad_(True)
    times = []
    for _ in range(a.runs):
        y = F.conv2d(xb, wt)
        t0 = time.perf_counter()
        gx, gw = torch.autograd.grad(y, (xb, wt), gy.unsqueeze(0))
        times.append((time.perf_counter() - t0) * 1000)
    theirs = statistics.median(times)
    same = torch.allclose(torch.tensor(got["grad_input"], dtype=torch.float64), gx[0], atol=1e-9) and \
        torch.allclose(torch.tensor(got["grad_weight"], dtype=torch.float64), gw, atol=1e-9)
    print(f"conv2d backward float64, C_in = C_out = {c}, {i}x{i}, k = {k}, torch threads {torch.get_num_threads()}")
    print(f"convarith compute --grad: median {ours:.1f} ms")
    print(f"torch.autograd.grad:      median {theirs:.1f} ms")
    print(f"ratio convarith / PyTorch: {ours / theirs:.2f}x (aim: within 3x); same gradients: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
