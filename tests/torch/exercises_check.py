#!/usr/bin/python3
"""Recomputes every answer of `convarith exercises --json` with PyTorch, over several seeds.

Each kind is answered again by building the layers in PyTorch and reading shapes, never by convarith's formulas:
- output_size: the layer applied to ones; its output's shape.
- same_padding: the smallest padding (per side at stride 1, checked against PyTorch's own padding='same'; total,
  split as TensorFlow does, at stride > 1) whose output has ceil(i/s) cells, searched axis by axis.
- output_padding: the convolution the question names takes the target size to i'; the output_padding among 0..s-1
  with which PyTorch's transposed convolution gives the target back.
- same_output_inputs: every input length 1..80 PyTorch accepts whose output has the question's length.
- receptive_field: all-ones weights (max pooling as average pooling, whose gradient reaches the whole window), the
  gradient of one output cell in the middle; the extent of its non-zero input gradient on each axis.

Usage: exercises_check.py --convarith PATH [--seeds N] [--count N]
Prints one line per failure and ends with 'N passed, M failed'.
"""
import argparse
import json
import math
import os
import re
import subprocess
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from network_check import CONV, CONVT, apply_layer  # noqa: E402  (the shared layer builder)

torch.set_default_dtype(torch.float64)


def shape_of(L, inputs):
    """The output shape PyTorch gives for layer L on ones of the given spatial size, or None when it refuses."""
    x = torch.ones(1, L["in_channels"], *inputs)
    try:
        return list(apply_layer(L, x, True, False).shape[2:])
    except RuntimeError:
        return None


def one_axis(L, a):
    """Axis a of layer L as a 1-D layer."""
    M = dict(L)
    M["dims"] = 1
    for key in ("input_size", "kernel_size", "stride", "dilation", "pad_before", "pad_after", "padding",
                "output_padding"):
        if key in M:
            M[key] = [L[key][a]]
    return M


def check_output_size(e):
    L = e["layers"][0]
    got = shape_of(L, L["input_size"])
    return got == as_list(e["answer"]), f"PyTorch gives {got}"


def conv_length(i, k, s, d, pb, pa):
    y = CONV[1](F.pad(torch.ones(1, 1, i), [pb, pa]), torch.ones(1, 1, k), stride=s, dilation=d)
    return y.shape[-1]


def check_same_padding(e):
    L = e["layers"][0]
    found = []
    for a in range(L["dims"]):
        i, k, s, d = L["input_size"][a], L["kernel_size"][a], L["stride"][a], L["dilation"][a]
        want = math.ceil(i / s)
        for total in range(0, 2 * d * k + 2):
            pb = total // 2 if s > 1 else total
            pa = total - total // 2 if s > 1 else total
            if d * (k - 1) + 1 <= i + pb + pa and conv_length(i, k, s, d, pb, pa) == want:
                break
        if s == 1:
            same = CONV[1](torch.ones(1, 1, i), torch.ones(1, 1, k), padding="same", dilation=d).shape[-1]
            if same != i:
                return False, f"PyTorch's padding='same' gives {same} on axis {a}"
        found.append(total)
    return found == as_list(e["answer"]), f"PyTorch needs {found}"


def check_output_padding(e):
    L = e["layers"][0]
    m = re.search(r"takes an input of (?:length )?([0-9x]+)", e["question"])
    if not m:
        return False, "no target size in the question"
    targets = [int(v) for v in m.group(1).split("x")]
    found = []
    for a in range(L["dims"]):
        k, s, d, p = L["kernel_size"][a], L["stride"][a], L["dilation"][a], L["pad_before"][a]
        i_prime = L["input_size"][a]
        if conv_length(targets[a], k, s, d, p, p) != i_prime:
            return False, f"the question's convolution does not take {targets[a]} to {i_prime}"
        hits = [out_pad for out_pad in range(s)
                if CONVT[1](torch.ones(1, 1, i_prime), torch.ones(1, 1, k), stride=s, padding=p,
                            output_padding=out_pad, dilation=d).shape[-1] == targets[a]]
        if len(hits) != 1:
            return False, f"PyTorch reaches {targets[a]} with output_padding {hits}"
        found.append(hits[0])
    return found == as_list(e["answer"]), f"PyTorch needs {found}"


def check_same_output_inputs(e):
    L = e["layers"][0]
    o = shape_of(L, L["input_size"])
    same = [i for i in range(1, 81) if shape_of(L, [i]) == o]
    return same == sorted(as_list(e["answer"])), f"PyTorch gives the same output for {same}"


def check_receptive_field(e):
    layers = e["layers"]
    rank = layers[0]["dims"]
    size = 160 if rank == 1 else 96
    x = torch.ones(1, 1, *([size] * rank), requires_grad=True)
    y = x
    for L in layers:
        y = apply_layer(L, y, True, True)
    y[(0, 0) + tuple(v // 2 for v in y.shape[2:])].backward()
    g = x.grad[0, 0]
    widths = []
    for a in range(rank):
        other = tuple(i for i in range(rank) if i != a)
        nz = (g.abs().sum(other) if other else g.abs()).nonzero().flatten().tolist()
        if not nz or nz[0] == 0 or nz[-1] == size - 1:
            return False, "the gradient reaches the border"
        widths.append(nz[-1] - nz[0] + 1)
    return widths == as_list(e["answer"]), f"the gradient spans {widths}"


def as_list(answer):
    return answer if isinstance(answer, list) else [answer]


CHECKS = {"output_size": check_output_size, "same_padding": check_same_padding,
          "output_padding": check_output_padding, "same_output_inputs": check_same_output_inputs,
          "receptive_field": check_receptive_field}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--convarith", required=True)
    ap.add_argument("--seeds", type=int, default=12)
    ap.add_argument("--count", type=int, default=40)
    a = ap.parse_args()
    passed, failures, kinds = 0, [], {}
    for seed in range(1, a.seeds + 1):
        out = subprocess.run([a.convarith, "exercises", "--json", "--count", str(a.count), "--seed", str(seed)],
                             capture_output=True, text=True, env=dict(os.environ, DISPLAY=""))
        if out.returncode != 0:
            failures.append(f"seed {seed}: exit {out.returncode}: {out.stderr.strip()}")
            continue
        for n, e in enumerate(json.loads(out.stdout)):
            ok, why = CHECKS[e["kind"]](e)
            kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
            if ok:
                passed += 1
            else:
                failures.append(f"seed {seed} #{n + 1} {e['kind']}: answer {e['answer']}, {why}: {e['question']}")
    for f in failures:
        print(f)
    print(f"{passed} passed, {len(failures)} failed ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})")
    return 1 if failures or len(kinds) < len(CHECKS) else 0


if __name__ == "__main__":
    sys.exit(main())
