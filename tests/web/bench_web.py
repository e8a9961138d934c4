#!/usr/bin/python3
"""Size and speed of the browser build, printed as figures (scripts/bench_web.sh runs it):
- the site's transfer size gzip-compressed (wasm + js, and with the fonts' .data);
- the time from asking for the page to the app's first drawn frame in headless chromium (SwiftShader WebGL 2), each load
  in a fresh browser (nothing cached);
- the frame time of the page (`?bench-frames=N`, the desktop's --bench-frames inside the page: a new step every frame,
  median and p95) against the desktop app's under software rendering (Mesa llvmpipe, xvfb-run) at the same size on this
  machine, as a ratio.

Usage: bench_web.py --site build-web/site --convarith build/app/convarith [--loads 3] [--frames 300] [--first-frame-only]
"""
import argparse
import gzip
import os
import re
import statistics
import subprocess
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from site_test import CHROMIUM_FLAGS, serve  # noqa: E402

LINK = "#preset=fig2.6"


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def wait_script(driver, script, timeout=120):
    end = time.time() + timeout
    while time.time() < end:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.05)
    return None


def gzip_sizes(site):
    sizes = {}
    for name in ("convarith.wasm", "convarith.js", "convarith.data", "index.html"):
        with open(os.path.join(site, name), "rb") as f:
            data = f.read()
        sizes[name] = (len(data), len(gzip.compress(data, 9)))
    return sizes


# Where the time to the first frame goes: the page's own steps (its script, the module and fonts arriving) and the
# app's marks in the performance timeline (app/run.cpp: main, settings and flags read, window and WebGL context,
# fonts, the first frame begun).
STEPS_JS = """
const at = {};
const nav = performance.getEntriesByType('navigation')[0];
at['page read'] = nav.domInteractive;
for (const e of performance.getEntriesByType('resource')) {
  const name = e.name.split('/').pop();
  if (name.startsWith('convarith.')) at[name + ' arrived'] = e.responseEnd;
}
for (const e of performance.getEntriesByType('mark')) at[e.name.replace('convarith-', 'app ')] = e.startTime;
return at;
"""


def first_frames(url, loads):
    times, steps = [], {}
    for _ in range(loads):
        driver = browser()
        try:
            driver.get(url + LINK)
            times.append(wait_script(driver, "return window.convarithFirstFrameMs || null"))
            for name, ms in driver.execute_script(STEPS_JS).items():
                steps.setdefault(name, []).append(ms)
        finally:
            driver.quit()
    return times, steps


def web_frames(url, frames):
    driver = browser()
    try:
        driver.get(url + f"?bench-frames={frames}" + LINK)
        log = wait_script(driver, "var t = document.getElementById('log').textContent;"
                                  " return /median [0-9.]+ ms, p95 [0-9.]+ ms/.test(t) ? t : null;", 300)
        size = driver.execute_script("return [window.innerWidth, window.innerHeight, window.devicePixelRatio]")
        return log, size
    finally:
        driver.quit()


def desktop_frames(convarith, frames, width, height):
    env = dict(os.environ, LIBGL_ALWAYS_SOFTWARE="1", GALLIUM_DRIVER="llvmpipe")
    result = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", convarith, "--preset", "fig2.6",
                             "--window", f"{width}x{height}", "--bench-frames", str(frames)],
                            capture_output=True, text=True, env=env, timeout=600)
    return result.stdout + result.stderr


def median_p95(text):
    match = re.search(r"median ([0-9.]+) ms, p95 ([0-9.]+) ms", text or "")
    return (float(match.group(1)), float(match.group(2))) if match else (None, None)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", required=True)
    parser.add_argument("--convarith", required=True)
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--first-frame-only", action="store_true", help="sizes and the first frame, no frame times")
    args = parser.parse_args()

    sizes = gzip_sizes(args.site)
    for name, (raw, packed) in sizes.items():
        print(f"{name:16s} {raw / 1e6:6.2f} MB, gzip -9 {packed / 1e6:6.2f} MB")
    code = sizes["convarith.wasm"][1] + sizes["convarith.js"][1]
    total = sum(packed for _, packed in sizes.values())
    print(f"transfer (gzip): wasm + js {code / 1e6:.2f} MB (goal <= 3 MB), the whole site {total / 1e6:.2f} MB")

    with serve(args.site) as url:
        times, steps = first_frames(url, args.loads)
        times = [t for t in times if t]
        for name, at in sorted(steps.items(), key=lambda item: statistics.median(item[1])):
            print(f"  {name:28s} median {statistics.median(at):5.0f} ms")
        if times:
            print(f"first drawn frame: median {statistics.median(times):.0f} ms over {len(times)} fresh loads "
                  f"({', '.join(f'{t:.0f}' for t in times)} ms; goal <= 3000)")
        else:
            print("first drawn frame: the page never marked it")
        if args.first_frame_only:
            return 0 if times else 1
        log, (width, height, ratio) = web_frames(url, args.frames)
    web = median_p95(log)
    renderer = re.search(r"benchmark on ([^,\n]*)", log or "")  # (its size is the window's before the page fits it)
    print(f"web frame time ({renderer.group(1) if renderer else '?'}, {width}x{height}, devicePixelRatio {ratio}): "
          f"median {web[0]} ms, p95 {web[1]} ms")
    desktop_log = desktop_frames(args.convarith, args.frames, round(width * ratio), round(height * ratio))
    desktop = median_p95(desktop_log)
    renderer = re.search(r"benchmark on ([^\n]*)", desktop_log)
    print(f"desktop frame time ({renderer.group(1) if renderer else '?'}): median {desktop[0]} ms, p95 {desktop[1]} ms")
    if web[0] and desktop[0]:
        print(f"web / desktop frame time: median {web[0] / desktop[0]:.2f}x, p95 {web[1] / desktop[1]:.2f}x")
        return 0
    sys.stderr.write((log or "") + desktop_log)
    return 1


if __name__ == "__main__":
    sys.exit(main())
