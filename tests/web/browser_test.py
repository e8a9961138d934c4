#!/usr/bin/python3
"""The page driven as a person uses it, through WebDriver (Debian's python3-selenium and chromium-driver, headless
chromium with SwiftShader's WebGL 2): keys, clicks on the Export window, a picture dropped on the canvas, downloads into
a folder, the clipboard, a reload. The page runs with `?state-file=/tmp/state.json`: the app writes the same one-line
JSON of its state the desktop app writes for its tests, read here from the page's memory.

Checks: an export downloaded from the page is byte for byte the file `convarith export` writes for the same
configuration (GIF; the PNG frames' .zip against the CLI's --zip; SVG and PNG of the current step); settings (the theme)
survive a reload through the browser's storage (IndexedDB); a PNG dropped on the canvas becomes the input and shows;
presentation mode by link and by its key (P); Ctrl+L puts the page's link on the clipboard; the Network window's code
pasted in (Ctrl+V) and copied out through the browser's clipboard; the UI scale (Ctrl+=, Ctrl+0); full screen (F11). Prints the time to the
first drawn frame (a figure: scripts/bench_web.sh measures it).

Usage: browser_test.py --site build-web/site --convarith build/app/convarith
"""
import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile

from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.actions.wheel_input import ScrollOrigin
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from site_test import CHROMIUM_FLAGS, FAILURES, check, serve  # noqa: E402

STATE = "/tmp/state.json"


class Page:
    """One browser (its own profile, kept across reloads) on the site, downloads going into `downloads`."""

    def __init__(self, downloads):
        self.downloads = downloads
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_experimental_option("prefs", {
            "download.default_directory": downloads, "download.prompt_for_download": False,
            "profile.default_content_setting_values.automatic_downloads": 1})
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})

    def close(self):
        self.driver.quit()

    def open(self, url):
        self.driver.get(url)
        return self.wait_for(lambda s: s is not None, "the app's first frame")

    def state(self):
        text = self.driver.execute_script(
            "try { return new TextDecoder().decode(FS.readFile(arguments[0])); } catch (e) { return null; }", STATE)
        return json.loads(text) if text else None

    def wait_for(self, predicate, what, timeout=20):
        end = time.time() + timeout
        state = None
        while time.time() < end:
            state = self.state()
            try:
                if predicate(state):
                    return state
            except (KeyError, TypeError):
                pass
            time.sleep(0.1)
        print(f"     (timed out waiting for {what}; the state: {json.dumps(state)[:300]})")
        return None

    def keys(self, *keys, ctrl=False):
        chain = ActionChains(self.driver)
        if ctrl:
            chain.key_down(Keys.CONTROL)
        for key in keys:
            chain.key_down(key).pause(0.05).key_up(key).pause(0.05)
        if ctrl:
            chain.key_up(Keys.CONTROL)
        chain.perform()

    def click(self, rect):
        """A click in the middle of an app control's rectangle (x0, y0, x1, y1 in the app's pixels: CSS pixels times
        devicePixelRatio), held over two frames as a hand would."""
        ratio = self.driver.execute_script("return window.devicePixelRatio || 1")
        x, y = (rect[0] + rect[2]) / 2 / ratio, (rect[1] + rect[3]) / 2 / ratio
        action = ActionBuilder(self.driver)
        action.pointer_action.move_to_location(int(x), int(y)).pause(0.15).pointer_down().pause(0.15).pointer_up()
        action.perform()
        time.sleep(0.15)

    def control(self, name):
        state = self.wait_for(lambda s: name in s["export_controls"], f"the Export window's {name!r}")
        return state["export_controls"][name] if state else None

    def download(self, name, timeout=60):
        path = os.path.join(self.downloads, name)
        end = time.time() + timeout
        while time.time() < end:
            if os.path.exists(path) and not os.path.exists(path + ".crdownload"):
                return path
            time.sleep(0.1)
        return None


def cli_export(convarith, workdir, name, *flags):
    out = os.path.join(workdir, name)
    subprocess.run([convarith, "export", *flags, "--out", out], check=True, capture_output=True)
    return out


def same_bytes(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


# The Export window's defaults as `convarith export` flags: 1 frame a second, the last held 1 s, 32 px cells, labels and
# the figure's caption on, the light theme.
WINDOW_FLAGS = ["--fps", "1", "--hold", "1", "--cell-px", "32", "--labels", "--caption"]


def run_export(page, fmt, current=False):
    """Picks the format (and for frames: the current step only, or all of them in one .zip, the browser's default) in
    the open Export window and presses Export."""
    page.click(page.control("format"))
    page.click(page.control(fmt))
    if fmt != "gif":
        state = page.wait_for(lambda s: "current" in s["export_controls"], "the format's options")
        if current != bool(state and "zip" not in state["export_controls"]):
            page.click(page.control("current"))
        if not current:
            page.wait_for(lambda s: "zip" in s["export_controls"], "the .zip option")
    before = page.state()["export_message"]
    page.click(page.control("export"))
    return page.wait_for(lambda s: s["export_message"] not in ("", before), f"the {fmt} export's message", 90)


def test_exports(page, url, convarith, workdir):
    """Ctrl+E opens the Export window; its downloads equal the CLI's files for the same configuration."""
    page.open(url + "?state-file=" + STATE + "#preset=fig2.6&step=4")
    page.keys("e", ctrl=True)
    check(page.control("export") is not None, "Ctrl+E opens the Export window (its Export button is drawn)")
    state = run_export(page, "gif")
    print(f"     {state and state['export_message']}")
    gif = page.download("convarith_fig2_6.gif")
    check(gif is not None, "Export (GIF) downloads convarith_fig2_6.gif")
    expected = cli_export(convarith, workdir, "cli.gif", "--preset", "fig2.6", "--format", "gif", *WINDOW_FLAGS)
    check(gif is not None and same_bytes(gif, expected),
          f"the page's GIF is byte for byte `convarith export --preset fig2.6 {' '.join(WINDOW_FLAGS)}` "
          f"({gif and os.path.getsize(gif)} and {os.path.getsize(expected)} bytes)")

    run_export(page, "png")
    page.driver.save_screenshot(os.path.join(workdir, "export-zip.png"))
    frames = page.download("convarith_fig2_6_frames.zip")
    expected = cli_export(convarith, workdir, "cli.zip", "--preset", "fig2.6", "--format", "png", "--zip",
                          *WINDOW_FLAGS)
    ok = frames is not None and zipfile.ZipFile(frames).testzip() is None
    check(ok and len(zipfile.ZipFile(frames).namelist()) == 9,
          "Export (PNG frames) downloads one .zip of the 9 frames, every CRC good")
    check(frames is not None and same_bytes(frames, expected), "and it is byte for byte `convarith export --zip`")

    for fmt in ("svg", "png"):
        run_export(page, fmt, current=True)
        got = page.download(f"convarith_fig2_6.{fmt}")
        expected = cli_export(convarith, workdir, f"cli.{fmt}", "--preset", "fig2.6", "--format", fmt, "--current",
                              "--steps", "3", *WINDOW_FLAGS)
        check(got is not None and same_bytes(got, expected),
              f"Export ({fmt.upper()}, current step) downloads step 4's picture, byte for byte the CLI's --current "
              f"--steps 3")
    page.driver.save_screenshot(os.path.join(workdir, "export.png"))


STORED_JS = """
const done = arguments[0];
const open = indexedDB.open('/home/web_user/.config');
open.onerror = () => done('error: ' + open.error);
open.onsuccess = () => {
  const request = open.result.transaction(['FILE_DATA']).objectStore('FILE_DATA')
      .get('/home/web_user/.config/convarith/settings.json');
  request.onsuccess = () => done(request.result && request.result.contents ?
                                 new TextDecoder().decode(request.result.contents) : null);
  request.onerror = () => done('error: ' + request.error);
};
"""


def stored_dark(text):
    """The "dark" key of the settings file's JSON, wherever it is."""
    def find(node):
        if isinstance(node, dict):
            if "dark" in node:
                return node["dark"]
            node = list(node.values())
        if isinstance(node, list):
            for child in node:
                found = find(child)
                if found is not None:
                    return found
        return None
    try:
        return find(json.loads(text)) if text else None
    except ValueError:
        return None


def test_settings_persist(page, url):
    """The theme chosen (T: dark) is written to the browser's storage (IndexedDB) and is there after a reload."""
    state = page.open(url + "?state-file=" + STATE)
    dark = bool(state and state["dark"])
    page.keys("t")
    check(page.wait_for(lambda s: s["dark"] != dark, "T") is not None, "T switches the theme")
    stored = None
    for _ in range(100):  # the page writes its settings every 120 frames when they changed
        stored = page.driver.execute_async_script(STORED_JS)
        if stored_dark(stored) == (not dark):
            break
        time.sleep(0.1)
    check(stored_dark(stored) == (not dark), f"the settings with the theme are in IndexedDB (dark {stored_dark(stored)})")
    page.driver.refresh()
    state = page.wait_for(lambda s: s is not None, "the reloaded app")
    check(state is not None and state["dark"] != dark,
          f"after a reload the theme is still the one chosen (dark {state and state['dark']})")
    page.keys("t")  # back, for the tests after this one
    time.sleep(3)


DROP_JS = """
const [b64, name] = arguments;
const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
const dt = new DataTransfer();
dt.items.add(new File([bytes], name, {type: 'image/png'}));
const canvas = document.getElementById('canvas');
const r = canvas.getBoundingClientRect();
for (const type of ['dragenter', 'dragover', 'drop']) {
  canvas.dispatchEvent(new DragEvent(type, {dataTransfer: dt, bubbles: true, cancelable: true,
                                             clientX: r.width / 2, clientY: r.height / 2}));
}
"""


def test_drop_picture(page, url, workdir):
    """A PNG dropped on the canvas becomes the input: the state names it and the canvas shows its colours."""
    import base64
    picture = Image.new("RGB", (12, 12), (40, 40, 40))
    for x in range(12):
        for y in range(12):
            if (x + y) % 2:
                picture.putpixel((x, y), (230, 230, 230))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    page.open(url + "?state-file=" + STATE)
    page.driver.execute_script(DROP_JS, base64.b64encode(buffer.getvalue()).decode(), "checks.png")
    state = page.wait_for(lambda s: s["image"].endswith("checks.png") and s["valid"], "the dropped picture")
    check(state is not None and state["image"].endswith("checks.png") and not state["image_error"],
          f"a PNG dropped on the canvas is the input (image {state and state['image']!r})")
    check(state is not None and "12x12" in state["data"]["input"].replace(" ", "").replace("\u00d7", "x"),
          f"its 12 x 12 pixels are the input map ({state and state['data']['input']!r})")
    shot = os.path.join(workdir, "dropped.png")
    time.sleep(0.5)
    page.driver.save_screenshot(shot)
    pixels = Image.open(shot).convert("RGB")
    greys = sum(1 for p in pixels.getdata() if max(p) - min(p) < 6 and 30 <= p[0] <= 60)
    check(greys > 500, f"the canvas shows the picture's dark squares ({greys} pixels)")


def test_pick_picture(page, url, workdir):
    """File › Open image's "Choose a picture..." opens the browser's file picker; the picture chosen there becomes
    the input (WebDriver hands the file to the picker's <input type=file>, as a person choosing it would)."""
    picture = Image.new("RGB", (10, 14), (200, 30, 30))
    path = os.path.join(workdir, "picked.png")
    picture.save(path)
    page.open(url + "?state-file=" + STATE)
    page.wait_for(lambda s: s is not None, "the app")
    page.keys("o", ctrl=True)
    state = page.wait_for(lambda s: s["picker_rect"][2] > 0, "File › Open image's Choose a picture...")
    check(state is not None, "File › Open image shows Choose a picture... in the browser")
    if state is None:
        return
    page.click(state["picker_rect"])
    found = page.driver.execute_script("return !!document.getElementById('convarith-picker')")
    check(found, "the button opens the browser's file picker (its <input type=file>)")
    if not found:
        return
    page.driver.execute_script("document.getElementById('convarith-picker').style.display = 'block'")
    page.driver.find_element(By.ID, "convarith-picker").send_keys(path)
    state = page.wait_for(lambda s: s["image"].endswith("picked.png") and s["valid"], "the picked picture")
    check(state is not None and state["image"].endswith("picked.png") and not state["image_error"],
          f"the picture chosen is the input (image {state and state['image']!r})")
    check(state is not None and "14x10" in state["data"]["input"].replace(" ", "").replace("\u00d7", "x"),
          f"its 14 x 10 pixels are the input map ({state and state['data']['input']!r})")
    page.keys("o", ctrl=True)  # closed again for the tests after this one


def test_presentation(page, url, workdir):
    """Presentation mode opens by link (presentation=1) and P switches it off and on."""
    state = page.open(url + "?state-file=" + STATE + "#preset=fig2.6&presentation=1")
    check(state is not None and state["presentation"], "#...&presentation=1 opens in presentation mode")
    page.driver.save_screenshot(os.path.join(workdir, "presentation.png"))
    page.keys("p")
    check(page.wait_for(lambda s: not s["presentation"], "P") is not None and not page.state()["presentation"],
          "P leaves presentation mode")
    page.keys("p")
    check(page.wait_for(lambda s: s["presentation"], "P again")["presentation"], "P enters it again")
    state = page.wait_for(lambda s: s["fullscreen"], "presentation mode's full screen")
    check(state is not None and page.driver.execute_script("return document.fullscreenElement !== null"),
          "presentation mode by P puts the page full screen")
    page.keys("p")
    state = page.wait_for(lambda s: not s["presentation"] and not s["fullscreen"], "P: out of presentation mode")
    check(state is not None and page.driver.execute_script("return document.fullscreenElement === null"),
          "leaving it leaves full screen too")


def test_copy_link(page, url):
    """Ctrl+L puts the page's address with the configuration's link on the clipboard."""
    page.open(url + "?state-file=" + STATE + "#preset=fig2.6&step=3")
    origin = url.rstrip("/")
    page.driver.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    page.keys("l", ctrl=True)
    time.sleep(0.5)
    text = page.driver.execute_async_script(
        "const done = arguments[0]; navigator.clipboard.readText().then(done, e => done('error: ' + e));")
    link = page.state()["link"]
    check(link.startswith("#preset=fig2.6&") and link.endswith("&step=3") and text == page.driver.current_url,
          f"Ctrl+L copies the page's address with the link of what it shows ({text!r}; the app's link {link!r})")


NETWORK_CODE = """import torch.nn as nn

model = nn.Sequential(
    nn.Conv2d(1, 8, 3, stride=2, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.ConvTranspose2d(8, 4, 4, stride=2, padding=1),
)
"""


def grant_clipboard(page, url):
    page.driver.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": url.rstrip("/"), "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})


def clipboard_text(page):
    return page.driver.execute_async_script(
        "const done = arguments[0]; navigator.clipboard.readText().then(done, e => done('error: ' + e));")


def network_control(page, name):
    """An app control of the Network window, scrolled into its view with the mouse wheel when below it."""
    for _ in range(20):
        state = page.wait_for(lambda s: name in s["network"]["controls"], f"the Network window's {name!r}")
        if state is None:
            return None
        rect, window = state["network"]["controls"][name], state["network"]["window"]
        if rect[3] <= window[3] - 4:
            return rect
        ratio = page.driver.execute_script("return window.devicePixelRatio || 1")
        # Over the title bar (the table and the stack drawing scroll themselves): the wheel scrolls what it hovers.
        x, y = (window[0] + window[2]) / 2 / ratio, (window[1] + 8) / ratio
        action = ActionBuilder(page.driver)
        action.pointer_action.move_to_location(int(x), int(y)).pause(0.2)
        action.perform()
        ActionChains(page.driver).scroll_from_origin(ScrollOrigin.from_viewport(int(x), int(y)), 0, 200).perform()
        time.sleep(0.3)
    return None


def test_network_clipboard(page, url):
    """The Network window's code through the browser's clipboard: nn.Sequential pasted (Ctrl+V) into its paste box and
    imported; Copy network as PyTorch puts the layers on the clipboard."""
    page.open(url + "?state-file=" + STATE + "#preset=fig2.6")
    grant_clipboard(page, url)
    page.keys("n", ctrl=True)
    check(page.wait_for(lambda s: s["network_window"], "Ctrl+N") is not None, "Ctrl+N opens the Network window")
    header = network_control(page, "paste_header")
    check(header is not None, "the Network window shows its paste box's header")
    if header is None:
        return
    page.click(header)
    code_box = network_control(page, "code")
    check(code_box is not None, "a click opens the paste box")
    if code_box is None:
        return
    page.driver.execute_async_script(
        "const done = arguments[1]; navigator.clipboard.writeText(arguments[0]).then(() => done(), done);",
        NETWORK_CODE)
    page.click(code_box)
    page.keys("v", ctrl=True)
    time.sleep(0.5)
    page.click(network_control(page, "import"))
    state = page.wait_for(lambda s: s["network"]["layers"] == 3 and s["network"]["pass_layers"] == 1,
                          "the pasted layers")
    check(state is not None and state["network"]["valid"],
          f"nn.Sequential pasted with Ctrl+V and imported: 3 layers and the ReLU passed through "
          f"({state and state['network']})")
    page.click(network_control(page, "copy_pytorch"))
    time.sleep(0.5)
    text = clipboard_text(page)
    check("nn.Conv2d(1, 8" in text and "nn.MaxPool2d(" in text and "nn.ConvTranspose2d(8, 4" in text,
          f"Copy network as PyTorch puts the layers on the browser's clipboard ({text[:160]!r})")
    page.keys("n", ctrl=True)  # closed again (the settings remember it) for the tests after this one
    page.wait_for(lambda s: not s["network_window"], "Ctrl+N again")
    time.sleep(3)


def test_wheel(page, url):
    """A notch of the mouse wheel up over the canvas zooms in one step (1.15 times), as on the desktop."""
    state = page.open(url + "?state-file=" + STATE + "#preset=fig2.6")
    if state["network_window"]:  # remembered from an earlier test: it would take the wheel
        page.keys("n", ctrl=True)
        state = page.wait_for(lambda s: not s["network_window"], "the Network window closed")
    rect = state["canvas_input_rect"]
    ratio = page.driver.execute_script("return window.devicePixelRatio || 1")
    x, y = int((rect[0] + rect[2]) / 2 / ratio), int((rect[1] + rect[3]) / 2 / ratio)
    action = ActionBuilder(page.driver)
    action.pointer_action.move_to_location(x, y).pause(0.2)
    action.perform()
    time.sleep(0.5)
    before = page.state()["zoom"]
    ActionChains(page.driver).scroll_from_origin(ScrollOrigin.from_viewport(x, y), 0, -100).perform()
    state = page.wait_for(lambda s: s["zoom"] != before, "the wheel")
    check(state is not None and abs(state["zoom"] / before - 1.15) < 0.01,
          f"a wheel notch up zooms in 1.15 times ({before} -> {state and state['zoom']})")


def test_ui_scale(page, url):
    """Ctrl+= scales the app's UI (the state's ui_scale, a taller playback bar), not the page (devicePixelRatio stays);
    Ctrl+0 brings it back to 100 %."""
    before = page.open(url + "?state-file=" + STATE + "#preset=fig2.6")
    ratio = page.driver.execute_script("return window.devicePixelRatio")
    page.keys("=", ctrl=True)
    state = page.wait_for(lambda s: s["ui_scale"] > before["ui_scale"] and s["playback_rect"] != before["playback_rect"],
                          "Ctrl+=")
    height = lambda s: s["playback_rect"][3] - s["playback_rect"][1]
    check(state is not None and height(state) > height(before),
          f"Ctrl+= scales the UI ({before['ui_scale']} -> {state and state['ui_scale']}; the playback bar "
          f"{height(before):.0f} -> {state and round(height(state))} px)")
    check(page.driver.execute_script("return window.devicePixelRatio") == ratio,
          "and the page itself is not zoomed (devicePixelRatio stays)")
    page.keys("0", ctrl=True)
    state = page.wait_for(lambda s: s["ui_scale"] == 1, "Ctrl+0")
    check(state is not None, "Ctrl+0: 100 % again")


def test_fullscreen(page, url):
    """F11 puts the page full screen (document.fullscreenElement) with the canvas and the app's display filling it,
    and F11 again leaves."""
    page.open(url + "?state-file=" + STATE + "#preset=fig2.6")
    fullscreen = "return document.fullscreenElement !== null"
    sizes = ("const c = document.getElementById('canvas'), r = window.devicePixelRatio || 1; "
             "return [c.clientWidth, c.clientHeight, window.innerWidth, window.innerHeight, c.width / r, c.height / r]")
    check(not page.driver.execute_script(fullscreen), "the page opens in a window")
    windowed = page.driver.execute_script(sizes)
    page.keys(Keys.F11)
    state = page.wait_for(lambda s: s["fullscreen"], "F11")
    time.sleep(0.5)
    size = page.driver.execute_script(sizes)
    check(state is not None and page.driver.execute_script(fullscreen) and size[:2] == size[2:4] == size[4:],
          f"F11: the page is full screen; the canvas and the app's pixels fill it ({windowed[:2]} in the window, "
          f"{size[:2]} full screen: canvas {size[:2]}, the page {size[2:4]}, the app {size[4:]})")
    page.keys(Keys.F11)
    state = page.wait_for(lambda s: not s["fullscreen"], "F11 again")
    time.sleep(0.5)
    check(state is not None and not page.driver.execute_script(fullscreen) and
          page.driver.execute_script(sizes) == windowed, "F11 again leaves full screen (the window's size again)")


def first_frame_ms(page, url):
    page.open(url + "?state-file=" + STATE + "#preset=fig2.6")
    return page.driver.execute_script("return window.convarithFirstFrameMs || null")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", required=True)
    parser.add_argument("--convarith", required=True)
    parser.add_argument("--only", help="comma-separated test names (e.g. network_clipboard,ui_scale)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="convarith-browser-") as workdir, serve(args.site) as url:
        downloads = os.path.join(workdir, "downloads")
        os.makedirs(downloads)
        page = Page(downloads)
        try:
            # A figure, not a timed test (the machine's load decides it): scripts/bench_web.sh measures it.
            ms = first_frame_ms(page, url)
            check(ms is not None, f"the page marks its first frame ({ms and round(ms)} ms after it was asked for)")
            tests = {
                "exports": lambda: test_exports(page, url, args.convarith, workdir),
                "settings_persist": lambda: test_settings_persist(page, url),
                "drop_picture": lambda: test_drop_picture(page, url, workdir),
                "pick_picture": lambda: test_pick_picture(page, url, workdir),
                "presentation": lambda: test_presentation(page, url, workdir),
                "copy_link": lambda: test_copy_link(page, url),
                "wheel": lambda: test_wheel(page, url),
                "network_clipboard": lambda: test_network_clipboard(page, url),
                "ui_scale": lambda: test_ui_scale(page, url),
                "fullscreen": lambda: test_fullscreen(page, url),
            }
            for name, test in tests.items():
                if not args.only or name in args.only.split(","):
                    test()
        finally:
            page.close()
            keep = os.environ.get("CONVARITH_WEB_SHOTS")
            if keep:
                os.makedirs(keep, exist_ok=True)
                for name in os.listdir(workdir):
                    if name.endswith(".png"):
                        os.replace(os.path.join(workdir, name), os.path.join(keep, name))
    print(f"{len(FAILURES)} failure(s)" if FAILURES else "all browser checks passed")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
