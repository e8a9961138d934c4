#!/usr/bin/python3
"""The browser build in a real browser: Debian's chromium, headless (SwiftShader's WebGL 2), loads the site from a
local server. Checks that the page draws the grids (the colours the desktop exporter fills them with, found in its
SVG, cover the screenshot), names the figure and step in its title, and keeps in #convarith-state exactly what
`convarith compute --json` prints for the configuration on screen.

Usage: site_test.py --site build-web/site --convarith build/app/convarith
"""
import argparse
import contextlib
import functools
import http.server
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
from collections import Counter

from PIL import Image

CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
                  "--disable-gpu-sandbox", "--no-first-run", "--disable-extensions", "--hide-scrollbars",
                  "--window-size=1280,800"]
FAILURES = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        FAILURES.append(what)


@contextlib.contextmanager
def serve(site):
    """The site on a free local port (python's static server: what any static host does)."""
    handler = functools.partial(QuietHandler, directory=site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def chromium(url, profile, *action, budget_ms=20000):
    """Runs headless chromium on a fresh profile (empty browser storage: the app's first run)."""
    cmd = ["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--virtual-time-budget={budget_ms}",
           *action, url]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    if result.returncode != 0:
        sys.stderr.write(result.stderr[-2000:])
    return result.stdout


def page_dom(url, profile):
    return chromium(url, profile, "--dump-dom")


def state_of(dom):
    match = re.search(r'<script type="application/json" id="convarith-state">(.*?)</script>', dom, re.S)
    return json.loads(match.group(1)) if match else None


def svg_fills(convarith, preset, workdir):
    """The colours the exporter fills the figure's cells with (the theme's input, kernel and output colours)."""
    svg = os.path.join(workdir, "figure.svg")
    subprocess.run([convarith, "export", "--preset", preset, "--format", "svg", "--current", "--out", svg],
                   check=True, capture_output=True)
    with open(svg, encoding="utf-8") as f:
        text = f.read()
    fills = Counter(m.lower() for m in re.findall(r'fill="(#[0-9a-fA-F]{6})"', text))
    return [c for c, _ in fills.most_common() if c not in ("#ffffff", "#000000")]


def test_first_run(url, convarith, workdir):
    """A fresh browser opens on the paper's first figure (as the desktop app's first run)."""
    dom = page_dom(url, os.path.join(workdir, "profile-dom"))
    title = re.search(r"<title>(.*?)</title>", dom, re.S)
    check(title is not None and title.group(1) == "Figure 1.1 \u00b7 step 1/9 \u2014 convarith",
          f"the title names the figure and the step (got {title.group(1) if title else None!r})")
    state = state_of(dom)
    expected = json.loads(subprocess.run([convarith, "compute", "--preset", "fig1.1", "--json"], check=True,
                                         capture_output=True, text=True).stdout)
    check(state == expected, "#convarith-state equals `convarith compute --preset fig1.1 --json`")
    if state != expected and state is not None:
        for key in sorted(set(state) | set(expected)):
            if state.get(key) != expected.get(key):
                print(f"     {key}: page {state.get(key)!r} cli {expected.get(key)!r}")
    log = re.search(r'<pre id="log"[^>]*>(.*?)</pre>', dom, re.S)
    check(log is not None and "stopped" not in log.group(1), "the app did not stop (#log has no abort)")


def test_screenshot(url, convarith, workdir):
    """The grids are drawn: each of the figure's main cell colours covers a good part of the page."""
    png = os.path.join(workdir, "page.png")
    chromium(url, os.path.join(workdir, "profile-shot"), f"--screenshot={png}")
    check(os.path.exists(png), "chromium wrote the screenshot")
    if not os.path.exists(png):
        return
    image = Image.open(png).convert("RGB")
    counts = Counter(image.getdata())
    total = image.width * image.height
    fills = svg_fills(convarith, "fig1.1", workdir)[:3]
    check(len(fills) == 3, f"the exporter's SVG names the figure's cell colours ({fills})")
    for fill in fills:
        rgb = tuple(int(fill[i:i + 2], 16) for i in (1, 3, 5))
        share = counts[rgb] / total
        check(share > 0.01, f"the page shows the cells' colour {fill} ({share:.1%} of its pixels)")


def compute_json(convarith, *flags):
    result = subprocess.run([convarith, "compute", *flags, "--json"], capture_output=True, text=True)
    return json.loads(result.stdout) if result.returncode == 0 else None


def compare_state(dom, expected, what):
    state = state_of(dom)
    check(state is not None and state == expected, what)
    if state != expected and state is not None and expected is not None:
        for key in sorted(set(state) | set(expected)):
            if state.get(key) != expected.get(key):
                print(f"     {key}: page {state.get(key)!r} cli {expected.get(key)!r}")


def title_of(dom):
    match = re.search(r"<title>(.*?)</title>", dom, re.S)
    return match.group(1) if match else None


def test_preset_link(url, convarith, workdir):
    """A figure by link opens at its step; the state is the figure's computation."""
    dom = page_dom(url + "#preset=fig2.6&step=4", os.path.join(workdir, "profile-preset"))
    check(title_of(dom) == "Figure 2.6 \u00b7 step 4/9 \u2014 convarith",
          f"#preset=fig2.6&step=4 opens on Figure 2.6 at step 4 (title {title_of(dom)!r})")
    compare_state(dom, compute_json(convarith, "--preset", "fig2.6"), "its state equals `compute --preset fig2.6`")


def random_links(count, seed):
    """Valid configurations of each operation, as (link, the same as `compute` flags)."""
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        op = ["conv", "transposed", "maxpool", "avgpool", "conv"][len(out) % 5]
        i, k = rng.randint(3, 8), rng.randint(1, 3)
        s, p, d = rng.randint(1, 3), rng.randint(0, k // 2), 1 if op == "avgpool" else rng.randint(1, 2)
        fields = {"op": op, "i": str(i), "k": str(k), "s": str(s), "p": str(p), "d": str(d)}
        flags = ["--op", op, "-i", str(i), "-k", str(k), "-s", str(s), "-p", str(p), "-d", str(d)]
        if op == "transposed":
            a = rng.randint(0, max(s, d) - 1)
            fields["a"] = str(a)
            flags += ["-a", str(a)]
        if op == "conv" and rng.random() < 0.5:
            fields["in_channels"], fields["out_channels"] = "2", "2"
            flags += ["--in-channels", "2", "--out-channels", "2"]
        out.append(("#" + "&".join(f"{k}={v}" for k, v in fields.items()), flags))
    return out


def test_random_links(url, convarith, workdir, count, seed):
    """Configurations given as links: the page's state is exactly `compute --json` of the same flags."""
    tried = 0
    for n, (link, flags) in enumerate(random_links(count * 3, seed)):
        expected = compute_json(convarith, *flags)
        if expected is None:
            continue  # a combination the rules refuse (the link test below covers refusals)
        dom = page_dom(url + link, os.path.join(workdir, f"profile-random-{n}"))
        compare_state(dom, expected, f"{link}: the state equals `compute {' '.join(flags)} --json`")
        tried += 1
        if tried == count:
            break
    check(tried == count, f"{count} random configurations tried (seed {seed})")


def test_seed_links(url, convarith, workdir):
    """A random fill's seed in the link: the page's values are `compute --fill random --seed N`'s; another seed, others."""
    flags = ["-i", "6", "-k", "3", "--fill", "random"]
    seven = compute_json(convarith, *flags, "--seed", "7")
    dom = page_dom(url + "#op=conv&i=6&k=3&fill=random&seed=7", os.path.join(workdir, "profile-seed-7"))
    compare_state(dom, seven, "#...&fill=random&seed=7: the state equals `compute --fill random --seed 7`")
    dom = page_dom(url + "#op=conv&i=6&k=3&fill=random&seed=8", os.path.join(workdir, "profile-seed-8"))
    eight = state_of(dom)
    check(eight is not None and eight == compute_json(convarith, *flags, "--seed", "8") and eight != seven,
          "seed=8: `compute --seed 8`'s values, not seed 7's")


def test_no_webgl(url, workdir):
    """A browser without WebGL 2 shows why instead of a blank page (the app's message, in the page's status line)."""
    dom = chromium(url, os.path.join(workdir, "profile-no-webgl"), "--disable-webgl", "--dump-dom")
    status = re.search(r'<div id="status"([^>]*)>(.*?)</div>', dom, re.S)
    check(status is not None and "hidden" not in status.group(1) and "WebGL 2" in status.group(2),
          f"without WebGL the page says so ({status and status.group(2)!r})")


def test_bad_link(url, convarith, workdir):
    """A bad fragment says which key is wrong and the page opens on the default instead (never a blank page)."""
    dom = page_dom(url + "#i=5&zoom=2", os.path.join(workdir, "profile-bad"))
    log = re.search(r'<pre id="log"[^>]*>(.*?)</pre>', dom, re.S)
    check(log is not None and "--link: unknown key 'zoom'" in log.group(1),
          "a bad fragment's message names the key")
    compare_state(dom, compute_json(convarith, "--preset", "fig1.1"), "and the page opens on the default (fig1.1)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", required=True)
    parser.add_argument("--convarith", required=True)
    parser.add_argument("--random", type=int, default=4, help="random configurations given as links")
    parser.add_argument("--seed", type=int, default=int.from_bytes(os.urandom(2), "little"))
    args = parser.parse_args()
    for name in ("index.html", "convarith.js", "convarith.wasm"):
        check(os.path.isfile(os.path.join(args.site, name)), f"the site has {name}")
    with tempfile.TemporaryDirectory(prefix="convarith-web-") as workdir, serve(args.site) as url:
        test_first_run(url, args.convarith, workdir)
        test_screenshot(url, args.convarith, workdir)
        test_preset_link(url, args.convarith, workdir)
        test_bad_link(url, args.convarith, workdir)
        test_seed_links(url, args.convarith, workdir)
        test_no_webgl(url, workdir)
        test_random_links(url, args.convarith, workdir, args.random, args.seed)
    print(f"{len(FAILURES)} failure(s)" if FAILURES else "all web checks passed")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
