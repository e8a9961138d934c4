#!/usr/bin/python3
"""Checks `convarith net --json` against PyTorch itself over random stacks of layers.

- shapes: every layer's output size, through the real torch layers built from the JSON;
- receptive fields: all-ones weights (max pooling replaced by average pooling, whose gradient reaches the whole window
  and not one winner), the gradient of one output cell near the centre; the extent of its non-zero input gradient
  must equal `receptive_field` (the widest over `period` neighbouring cells), and its centre `start + n·jump` for n a
  multiple of `period`;
- the mirror: the decoder of transposed convolutions restores every intermediate size and the input size in PyTorch;
- code: the network written with `--code pytorch`, run by Python, gives the same output shape.

Usage: network_check.py --convarith PATH [--cases N] [--seed S]
Prints one line per failure and ends with 'N passed, M failed'.
"""
import argparse
import warnings
import json
import random
import subprocess
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
COMPARED = [0]  # receptive fields compared (not clipped by the input's borders)

CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
CONVT = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}
AVGP = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}
MAXP = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}


def torch_pad(pb, pa):
    """F.pad's list: last axis first."""
    out = []
    for b, a in zip(reversed(pb), reversed(pa)):
        out += [b, a]
    return out


def apply_layer(L, x, ones, max_as_avg):
    """One layer from its JSON description, as PyTorch computes it (per-side padding by F.pad / cropping)."""
    r, op = L["dims"], L["op"]
    k, s, d, pb, pa = L["kernel_size"], L["stride"], L["dilation"], L["pad_before"], L["pad_after"]
    if op == "conv":
        w = torch.ones if ones else torch.randn
        weight = w(L["out_channels"], L["in_channels"] // L["groups"], *k)
        mode = {"zeros": "constant"}.get(L["padding_mode"], L["padding_mode"])
        x = F.pad(x, torch_pad(pb, pa), mode=mode)
        return CONV[r](x, weight, None, stride=s, dilation=d, groups=L["groups"])
    if op == "transposed":
        w = torch.ones if ones else torch.randn
        weight = w(L["in_channels"], L["out_channels"] // L["groups"], *k)
        keep = [min(b, a) for b, a in zip(pb, pa)]
        y = CONVT[r](x, weight, None, stride=s, padding=keep, output_padding=L["output_padding"], groups=L["groups"],
                     dilation=d)
        crop = [-(b - m) for b, m in zip(pb, keep)]
        crop_after = [-(a - m) for a, m in zip(pa, keep)]
        return F.pad(y, torch_pad(crop, crop_after))
    sym = pb == pa
    if not sym:
        x = F.pad(x, torch_pad(pb, pa), value=0.0 if op == "avgpool" or max_as_avg else float("-inf"))
    p = pb if sym else [0] * r
    if op == "avgpool" or (op == "maxpool" and max_as_avg):
        if any(v != 1 for v in d):  # a dilated max pooling: its window through a ones convolution per channel
            c = x.shape[1]
            x = F.pad(x, torch_pad(p, p))
            return CONV[r](x, torch.ones(c, 1, *k) / 4.0, None, stride=s, dilation=d, groups=c)
        return AVGP[r](x, k, s, p, ceil_mode=L["ceil_mode"],
                       count_include_pad=L.get("count_include_pad", True))
    return MAXP[r](x, k, s, p, dilation=d, ceil_mode=L["ceil_mode"])


def random_spec(rng, rank, transposed, depth):
    parts = []
    for _ in range(rng.randint(1, depth)):
        kind = rng.choice(["conv", "conv", "maxpool", "avgpool"] + (["convT", "convT"] if transposed else []))
        k = rng.randint(1, 5)
        s = rng.choice([1, 1, 2, 2, 3])
        if kind == "conv":
            parts.append(f"conv k={k} s={s} d={rng.choice([1, 1, 2])} p={rng.choice([0, 1, 2, 'same'])}"
                         f" c={rng.randint(1, 3)}")
        elif kind == "convT":
            d = rng.choice([1, 1, 2])
            parts.append(f"convT k={k} s={s} d={d} p={rng.randint(0, 2)} a={rng.randint(0, max(s, d) - 1)}"
                         f" c={rng.randint(1, 3)}")
        else:
            parts.append(f"{kind} k={k} s={s} p={rng.randint(0, k // 2)}" + (" ceil=1" if rng.random() < 0.2 else ""))
    return "; ".join(parts)


def run(exe, args):
    r = subprocess.run([exe] + args, capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


def check_case(exe, rng, failures):
    rank = rng.choice([1, 1, 2])
    transposed = rng.random() < 0.6
    spec = random_spec(rng, rank, transposed, 5 if rank == 1 else 3)
    size = 400 if rank == 1 else 72
    args = ["net", "--layers", spec, "-i", "x".join([str(size)] * rank), "--dims", str(rank), "--in-channels", "2",
            "--json"]
    code, out, err = run(exe, args)
    if code != 0:
        if code != 2 or out or len(err.strip().splitlines()) != 1:
            failures.append(f"{spec}: exit {code}, stderr {err!r}")
            return False
        return None  # refused (a size became invalid): not compared
    net = json.loads(out)
    layers = net["layers"]
    name = f"[{spec}] -i {size}"
    # Shapes through the real layers.
    x = torch.zeros(1, 2, *([size] * rank))
    shapes = []
    y = x
    for L in layers:
        y = apply_layer(L, y, False, False)
        shapes.append(list(y.shape[2:]))
    for n, (L, shape) in enumerate(zip(layers, shapes)):
        if shape != L["output_size"] or y.shape[1] != net["output_channels"]:
            failures.append(f"{name}: layer {n + 1} output {L['output_size']}, PyTorch {shape}")
            return False
    # Receptive fields through gradients.
    for n, L in enumerate(layers):
        o = L["output_size"]
        if min(o) < 3:
            continue
        period = L["period"]
        widest = [0] * rank
        ok = True
        base = [((v // 2) // p) * p for v, p in zip(o, period)]
        for offset in range(max(period)):
            cell = [b + min(offset, p - 1) for b, p in zip(base, period)]
            if any(c >= v for c, v in zip(cell, o)):
                ok = False
                break
            x = torch.ones(1, 2, *([size] * rank), requires_grad=True)
            y = x
            for M in layers[: n + 1]:
                y = apply_layer(M, y, True, True)
            y[(0, 0) + tuple(cell)].backward()
            g = x.grad[0].abs().sum(0)
            for a in range(rank):
                other = tuple(i for i in range(rank) if i != a)
                nz = (g.sum(other) if other else g).nonzero().flatten().tolist()
                if not nz:
                    continue
                lo, hi = nz[0], nz[-1]
                if lo == 0 or hi == size - 1:
                    ok = False  # the field reaches the border: clipped, not comparable
                widest[a] = max(widest[a], hi - lo + 1)
                if offset == 0:
                    expected = L["start"][a] + cell[a] * L["jump"][a]
                    if ok and abs((lo + hi) / 2 - expected) > 1e-9:
                        failures.append(f"{name}: layer {n + 1} axis {a}: field centre {(lo + hi) / 2}, "
                                        f"start + n·jump = {expected}")
                        return False
        if ok:
            COMPARED[0] += 1
        if ok and widest != L["receptive_field"]:
            failures.append(f"{name}: layer {n + 1}: receptive_field {L['receptive_field']}, gradient {widest}")
            return False
    # The written code runs in PyTorch and gives the same output shape.
    code, out, err = run(exe, args[:-1] + ["--code", "pytorch"])
    scope = {}
    try:
        exec(out, scope)
        got = list(scope["model"].double()(scope["x"].double()).shape)
    except Exception as e:  # noqa: BLE001 - any failure is reported
        failures.append(f"{name}: the written PyTorch code fails: {e}\n{out}")
        return False
    if got != [1, net["output_channels"]] + net["output_size"]:
        failures.append(f"{name}: the written PyTorch code gives {got}")
        return False
    return True


def check_mirror(exe, rng, failures):
    rank = rng.choice([1, 2, 2])
    spec = random_spec(rng, rank, False, 5)
    size = rng.randint(20, 90)
    code, out, err = run(exe, ["net", "--layers", spec, "-i", str(size), "--dims", str(rank), "--in-channels", "3",
                               "--mirror", "--json"])
    if code != 0:
        return None
    net = json.loads(out)
    y = torch.zeros(1, net["output_channels"], *net["output_size"])
    inputs = [L["input_size"] for L in net["layers"]]
    for D in net["decoder"]:
        y = apply_layer(D, y, False, False)
        want = inputs[D["undoes_layer"] - 1]
        if list(y.shape[2:]) != want:
            failures.append(f"mirror [{spec}] -i {size}: decoder layer undoing {D['undoes_layer']} gives "
                            f"{list(y.shape[2:])}, the encoder had {want}")
            return False
    if y.shape[1] != 3:
        failures.append(f"mirror [{spec}]: {y.shape[1]} channels out")
        return False
    return True


def main():
    warnings.filterwarnings("ignore", category=UserWarning)
    ap = argparse.ArgumentParser()
    ap.add_argument("--convarith", required=True)
    ap.add_argument("--cases", type=int, default=150)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    failures = []
    passed = refused = 0
    for _ in range(a.cases):
        for check in (check_case, check_mirror):
            r = check(a.convarith, rng, failures)
            passed += r is True
            refused += r is None
    for f in failures:
        print(f)
    print(f"{passed} passed, {len(failures)} failed ({refused} stacks refused as invalid, "
          f"{COMPARED[0]} receptive fields compared with gradients)")
    return 1 if failures or passed < a.cases or COMPARED[0] < a.cases else 0


if __name__ == "__main__":
    sys.exit(main())
