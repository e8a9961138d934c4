#!/usr/bin/python3
"""`convarith export --zip` read back by Python's zipfile: a valid archive (every CRC checked), stored entries named
frame_000.png ... holding exactly the files a directory export writes; --zip with GIF or --current is refused.

Usage: zip_check.py CONVARITH"""
import os
import subprocess
import sys
import tempfile
import zipfile


def run(convarith, *args):
    return subprocess.run([convarith, "export", *args], capture_output=True, text=True)


def main():
    convarith = sys.argv[1]
    failures = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("png", "svg"):
            frames, archive = os.path.join(tmp, fmt), os.path.join(tmp, fmt + ".zip")
            r1 = run(convarith, "--preset", "fig4.1", "--format", fmt, "--cell-px", "10", "--out", frames)
            r2 = run(convarith, "--preset", "fig4.1", "--format", fmt, "--cell-px", "10", "--zip", "--out", archive)
            check(r1.returncode == 0 and r2.returncode == 0, f"{fmt}: both exports ran ({r2.stderr.strip()})")
            with zipfile.ZipFile(archive) as z:
                check(z.testzip() is None, f"{fmt}: zipfile checks every entry's CRC-32")
                names = sorted(os.listdir(frames))
                check(z.namelist() == names and len(names) > 1, f"{fmt}: the entries are the frames {names[:2]}...")
                check(all(i.compress_type == zipfile.ZIP_STORED for i in z.infolist()), f"{fmt}: stored entries")
                same = all(z.read(n) == open(os.path.join(frames, n), "rb").read() for n in names)
                check(same, f"{fmt}: each entry is the directory export's file, byte for byte")
        for bad in (["--format", "gif"], ["--format", "png", "--current"]):
            r = run(convarith, "--preset", "fig2.6", *bad, "--zip", "--out", os.path.join(tmp, "bad.zip"))
            check(r.returncode == 2 and "--zip" in r.stderr and not os.path.exists(os.path.join(tmp, "bad.zip")),
                  f"--zip with {' '.join(bad)} is refused (exit {r.returncode}): {r.stderr.strip()}")
    print(f"{len(failures)} failure(s)" if failures else "all zip checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
