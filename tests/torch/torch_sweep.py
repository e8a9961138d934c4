#!/usr/bin/python3
"""Compares `convarith compute --json` with PyTorch itself over a random sweep of layers.

Ranks 1-3, channels, groups, bias, padding modes, per-side padding, dilation, output padding, max/avg pooling with
ceil_mode and count_include_pad: output shapes, values and max-pooling indices must match PyTorch (float64), and a
layer PyTorch refuses must be refused by convarith (exit 2, one line naming a parameter, nothing on stdout). Data are
mostly real values with three decimals, compared with tolerances; convarith's own check (scatter against the
equivalent convolution) must pass on them.

Usage: torch_sweep.py --convarith PATH [--cases N] [--seed S]
Prints one line per failure and ends with 'N passed, M failed'.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
CONVT = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}
MAXP = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
AVGP = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}


def sizes(values):
    return "x".join(str(v) for v in values)


def random_layer(rng):
    """A random layer description; some break a rule on purpose (PyTorch must then refuse it too)."""
    rank = rng.choice([1, 1, 2, 2, 2, 3])
    op = rng.choice(["conv", "conv", "transposed", "transposed", "maxpool", "avgpool"])
    top = {1: 12, 2: 8, 3: 5}[rank]
    L = {"rank": rank, "op": op}
    L["i"] = [rng.randint(1, top) for _ in range(rank)]
    L["k"] = [rng.randint(1, min(4, top)) for _ in range(rank)]
    L["s"] = [rng.choice([1, 1, 2, 3]) for _ in range(rank)]
    L["d"] = [rng.choice([1, 1, 1, 2]) if op != "avgpool" else 1 for _ in range(rank)]
    if op in ("conv", "transposed"):
        groups = rng.choice([1, 1, 2, 3])
        L["groups"] = groups
        L["cin"] = groups * rng.randint(1, 2)
        L["cout"] = groups * rng.randint(1, 2)
        if rng.random() < 0.08:  # break divisibility on purpose
            L["cout"] += 1
        L["bias"] = rng.random() < 0.5
    else:
        L["cin"] = rng.randint(1, 3)
    asymmetric = op in ("conv", "transposed") and rng.random() < 0.3
    if asymmetric:
        L["pb"] = [rng.randint(0, 3) for _ in range(rank)]
        L["pa"] = [rng.randint(0, 3) for _ in range(rank)]
    else:
        p = [rng.randint(0, 2) for _ in range(rank)]
        L["pb"] = list(p)
        L["pa"] = list(p)
    L["mode"] = "zeros"
    if op == "conv" and rng.random() < 0.5:
        L["mode"] = rng.choice(["reflect", "replicate", "circular"])
    if op == "transposed":
        L["a"] = [rng.randint(0, max(s, d) - 1) if rng.random() < 0.5 else 0 for s, d in zip(L["s"], L["d"])]
        if rng.random() < 0.05:
            L["a"] = [max(s, d) for s, d in zip(L["s"], L["d"])]  # breaks a < s or a < d
    if op in ("maxpool", "avgpool"):
        L["ceil"] = rng.random() < 0.4
        L["count_include_pad"] = rng.random() < 0.5
    return L


def cli_args(L, tmp):
    r = L["rank"]
    args = ["compute", "--json", "--op", L["op"], "--dims", str(r), "-i", sizes(L["i"]), "-k", sizes(L["k"]),
            "-s", sizes(L["s"]), "-d", sizes(L["d"]), "--in-channels", str(L["cin"])]
    if L["pb"] == L["pa"]:
        args += ["-p", sizes(L["pb"])]
    else:
        args += ["--pad-before", sizes(L["pb"]), "--pad-after", sizes(L["pa"])]
    if L["op"] in ("conv", "transposed"):
        args += ["--out-channels", str(L["cout"]), "--groups", str(L["groups"])]
    if L["op"] == "conv":
        args += ["--padding-mode", L["mode"]]
    if L["op"] == "transposed":
        args += ["-a", sizes(L["a"])]
    if L["op"] in ("maxpool", "avgpool") and L["ceil"]:
        args.append("--ceil-mode")
    if L["op"] == "avgpool":
        args += ["--count-include-pad", "true" if L["count_include_pad"] else "false"]
    return args


def torch_result(L, x, w, b):
    """PyTorch's output (and indices), or the exception it raises."""
    r, op = L["rank"], L["op"]
    s, d, pb, pa = L["s"], L["d"], L["pb"], L["pa"]
    symmetric = pb == pa
    xb = x.unsqueeze(0)
    if op == "conv":
        # F.pad takes the last axis first: (w_before, w_after, h_before, h_after, ...).
        pad = []
        for before, after in zip(reversed(pb), reversed(pa)):
            pad += [before, after]
        if symmetric:
            # The module itself, so PyTorch's own validation of padding_mode applies.
            module = {1: torch.nn.Conv1d, 2: torch.nn.Conv2d, 3: torch.nn.Conv3d}[r](
                L["cin"], L["cout"], L["k"], stride=s, padding=pb, dilation=d, groups=L["groups"], bias=L["bias"],
                padding_mode=L["mode"])
            with torch.no_grad():
                module.weight.copy_(w)
                if L["bias"]:
                    module.bias.copy_(b)
                return module(xb)[0], None
        mode = "constant" if L["mode"] == "zeros" else L["mode"]
        xp = F.pad(xb, pad, mode=mode)
        return CONV[r](xp, w, b, stride=s, padding=0, dilation=d, groups=L["groups"])[0], None
    if op == "transposed":
        # The module itself, so PyTorch's own validation (channels divisible by groups) applies.
        module = {1: torch.nn.ConvTranspose1d, 2: torch.nn.ConvTranspose2d, 3: torch.nn.ConvTranspose3d}[r](
            L["cin"], L["cout"], L["k"], stride=s, padding=pb if symmetric else 0, output_padding=L["a"],
            groups=L["groups"], bias=L["bias"], dilation=d)
        with torch.no_grad():
            module.weight.copy_(w)
            if L["bias"]:
                module.bias.copy_(b)
            full = module(xb)[0]
        if symmetric:
            return full, None
        index = [slice(None)]
        for axis in range(r):
            n = full.shape[1 + axis]
            if pb[axis] + pa[axis] >= n:
                raise RuntimeError("output size is not positive")
            index.append(slice(pb[axis], n - pa[axis]))
        return full[tuple(index)], None
    if op == "maxpool":
        y, idx = MAXP[r](xb, L["k"], stride=s, padding=pb, dilation=d, ceil_mode=L["ceil"], return_indices=True)
        return y[0], idx[0]
    y = AVGP[r](xb, L["k"], stride=s, padding=pb, ceil_mode=L["ceil"], count_include_pad=L["count_include_pad"])
    return y[0], None


def thousandths(lo, hi, shape):
    """Real values with three decimals in [lo, hi]: k / 1000 for random integers k."""
    return torch.randint(lo * 1000, hi * 1000 + 1, shape).double() / 1000


def run_case(n, L, rng, exe, tmp):
    label = f"case {n}: {json.dumps(L, sort_keys=True)}"
    shape_in = [L["cin"]] + L["i"]
    # Mostly real values with three decimals (sums of their products round, so the order of the additions shows);
    # integers now and then (ties: max pooling's first-maximum rule).
    real = rng.random() < 0.7
    x = thousandths(-4, 4, shape_in) if real else torch.randint(-4, 5, shape_in).double()
    w = b = None
    files = {}
    if L["op"] in ("conv", "transposed"):
        cin, cout, g = L["cin"], L["cout"], L["groups"]
        wshape = [cout, max(cin // g, 1)] if L["op"] == "conv" else [cin, max(cout // g, 1)]
        w = thousandths(-2, 2, wshape + L["k"]) if real else torch.randint(-2, 3, wshape + L["k"]).double()
        if L["bias"]:
            b = thousandths(-3, 3, [cout]) if real else torch.randint(-3, 4, [cout]).double()
    for name, t in (("input", x), ("kernel", w), ("bias", b)):
        if t is not None:
            path = os.path.join(tmp, f"{name}.json")
            with open(path, "w") as fh:
                json.dump(t.tolist(), fh)
            files[name] = path
    args = cli_args(L, tmp)
    for name, path in files.items():
        args += [f"--{name}", path]
    try:
        expected, indices = torch_result(L, x, w, b)
        torch_error = None
    except (RuntimeError, ValueError) as e:
        expected, indices, torch_error = None, None, str(e).splitlines()[0]
    proc = subprocess.run([exe] + args, capture_output=True, text=True, timeout=60)
    if torch_error is not None:
        if proc.returncode != 2:
            return f"{label}: PyTorch refuses ({torch_error}) but convarith exited {proc.returncode}"
        if proc.stdout or len(proc.stderr.strip().splitlines()) != 1:
            return f"{label}: a refusal must print one line on stderr and nothing on stdout: {proc.stderr!r}"
        return None
    if proc.returncode != 0:
        return f"{label}: PyTorch computes {list(expected.shape)} but convarith refused: {proc.stderr.strip()}"
    got = json.loads(proc.stdout)
    out = torch.tensor(got["output"], dtype=torch.float64)
    if list(out.shape) != list(expected.shape):
        return f"{label}: output shape {list(out.shape)} != PyTorch {list(expected.shape)}"
    if got["output_size"] != list(expected.shape[1:]):
        return f"{label}: output_size {got['output_size']} != PyTorch {list(expected.shape[1:])}"
    if not torch.allclose(out, expected, atol=1e-9, rtol=1e-9):
        diff = (out - expected).abs().max().item()
        return f"{label}: values differ from PyTorch by up to {diff}"
    if L["op"] == "transposed":
        eq = torch.tensor(got["output_equivalent_convolution"], dtype=torch.float64)
        if not torch.allclose(eq, expected, atol=1e-9, rtol=1e-9):
            return f"{label}: the equivalent direct convolution differs from PyTorch"
        if not got["scatter_equals_equivalent"]:
            return f"{label}: convarith's check says scatter and the equivalent convolution differ"
    if indices is not None:
        got_idx = torch.tensor(got["indices"], dtype=torch.int64)
        if not torch.equal(got_idx, indices):
            return f"{label}: maxpool indices {got_idx.tolist()} != PyTorch {indices.tolist()}"
    return None


def sweep(name, default_seed, run_case, accept=lambda L: True, notes=()):
    """The random sweep every PyTorch check runs: `--cases` layers from random_layer (those `accept` takes), each
    run through run_case(n, layer, rng, convarith, tmp) -> an error or None; prints the counts per op and rank, then
    `notes` (callables giving a line each), then the totals. Returns the exit code."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--convarith", required=True)
    ap.add_argument("--cases", type=int, default=300)
    ap.add_argument("--seed", type=int, default=int(os.environ.get("CONVARITH_SWEEP_SEED", str(default_seed))))
    a = ap.parse_args()
    rng = random.Random(a.seed)
    torch.manual_seed(a.seed)
    passed = failed = 0
    counts = {}
    with tempfile.TemporaryDirectory() as tmp:
        while passed + failed < a.cases:
            L = random_layer(rng)
            if not accept(L):
                continue
            error = run_case(passed + failed, L, rng, a.convarith, tmp)
            key = f"{L['op']}{L['rank']}d"
            counts[key] = counts.get(key, 0) + 1
            if error:
                failed += 1
                print("FAIL", error)
            else:
                passed += 1
    print(f"{name} seed {a.seed}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    for note in notes:
        print(note(passed))
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def main():
    return sweep("sweep", 2016, run_case)


if __name__ == "__main__":
    sys.exit(main())
