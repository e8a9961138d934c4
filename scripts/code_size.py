#!/usr/bin/env python3
"""Prints the longest source files and functions and fails past the limits (600 lines a file, 100 a function).

Usage: code_size.py [--root DIR] [--allow FILE] [--max-file-lines N] [--max-function-lines N] [--top N] [PATH ...]

PATHs (files or folders, relative to --root) default to the project's own C++: core, app, cli and export.
A function counts from the first line of its signature (template line included) to its closing brace; lambdas,
local classes and blocks inside a function count as part of it. Namespaces, extern "C" blocks, classes and structs
are containers: the member functions defined inside a class count one by one.
The allow-list (--allow) names offenders that are known and owned by work in progress, one a line:
    file <path>
    function <path> <name>
Lines starting with '#' are comments. An allowed offender is still printed, marked "allowed"; the exit status is 1
when any offender is not allowed, 0 otherwise.
"""

import argparse
import os
import re
import sys
from dataclasses import dataclass

DEFAULT_DIRS = ("core", "app", "cli", "export")
EXTENSIONS = (".cpp", ".cc", ".cxx", ".hpp", ".hh", ".h", ".ipp", ".inl")


@dataclass
class Function:
    path: str
    name: str
    first_line: int
    last_line: int

    @property
    def lines(self):
        return self.last_line - self.first_line + 1


# --- Cleaning: comments, string and character literals and preprocessor lines become spaces (newlines kept) ---------

RAW_STRING = re.compile(r'(?:u8|u|U|L)?R"([^(\s]{0,16})\(')


def _blank(text):
    """Spaces for every character but newlines, so that offsets and line numbers stay as they were."""
    return re.sub(r"[^\n]", " ", text)


def clean(source):
    out = []
    i, n = 0, len(source)
    at_line_start = True
    while i < n:
        c = source[i]
        if at_line_start and c in " \t":
            out.append(c)
            i += 1
            continue
        if at_line_start and c == "#":
            # A preprocessor directive, with its backslash continuations.
            j = i
            while j < n and source[j] != "\n":
                if source[j] == "\\" and j + 1 < n and source[j + 1] == "\n":
                    j += 2
                    continue
                j += 1
            out.append(_blank(source[i:j]))
            i = j
            continue
        at_line_start = False
        if c == "\n":
            out.append(c)
            at_line_start = True
            i += 1
        elif source.startswith("//", i):
            j = source.find("\n", i)
            j = n if j < 0 else j
            out.append(_blank(source[i:j]))
            i = j
        elif source.startswith("/*", i):
            j = source.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(_blank(source[i:j]))
            i = j
        else:
            raw = RAW_STRING.match(source, i) if c in 'uULR' else None
            if raw and (i == 0 or not (source[i - 1].isalnum() or source[i - 1] == "_")):
                end = source.find(")" + raw.group(1) + '"', raw.end())
                j = n if end < 0 else end + len(raw.group(1)) + 2
                out.append(_blank(source[i:j]))
                i = j
            elif c == '"' or (c == "'" and not (i > 0 and source[i - 1].isalnum())):
                # A string or character literal (a ' after a digit or letter is a digit separator: 1'000).
                j = i + 1
                while j < n and source[j] != c and source[j] != "\n":
                    j += 2 if source[j] == "\\" else 1
                j = min(j + 1, n)
                out.append(c + _blank(source[i + 1:j - 1]) + (c if j - 1 > i else ""))
                i = j
            else:
                out.append(c)
                i += 1
    return "".join(out)


# --- Finding functions ----------------------------------------------------------------------------------------------

CONTAINER = re.compile(r"^(?:template\s*<.*>\s*)?(?:(?:inline\s+)?namespace\b|extern\s*(?:\"\s*\")?\s*$)", re.S)
CLASS = re.compile(r"^(?:template\s*<.*>\s*)?(?:typedef\s+)?(?:alignas\s*\(.*?\)\s*)?(class|struct|union|enum)\b", re.S)
ACCESS = re.compile(r"^\s*(?:(?:public|private|protected)\s*:(?!:)\s*)+")
OPERATOR = re.compile(r"\boperator\s*(?:\(\s*\)|\[\s*\]|[^\s(]+)\s*\(")
NAME_BEFORE_PAREN = re.compile(r"((?:~?[A-Za-z_]\w*(?:\s*<[^<>()]*>)?\s*::\s*)*(?:~?[A-Za-z_]\w*|operator\S*))\s*$")


def _outside_parens(header):
    depth, kept = 0, []
    for ch in header:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            kept.append(ch)
    return "".join(kept)


ASSIGN = r"(?<![=!<>+\-*/%&|^])=(?!=)"


def classify(header):
    """What a '{' opens, from the declaration text before it: 'container', 'class', 'function', 'lambda' or 'data'."""
    h = ACCESS.sub("", header).strip()
    if CONTAINER.match(h):
        return "container"
    m = CLASS.match(h)
    if m:
        return "data" if m.group(1) == "enum" else "class"
    h = OPERATOR.sub("operatorX(", h)
    outside = _outside_parens(h)
    if re.search(ASSIGN + r"\s*\[", outside):
        return "lambda"
    if re.search(ASSIGN, outside) or "(" not in h:
        return "data"
    return "function"


def function_name(header, kind):
    h = ACCESS.sub("", header).strip()
    if kind == "lambda":
        m = re.search(r"([A-Za-z_]\w*)\s*=\s*\[", h)
        return m.group(1) if m else "<lambda>"
    h2 = OPERATOR.sub(lambda m: m.group(0)[:-1].replace(" ", "") + "(", h)
    m = NAME_BEFORE_PAREN.search(h2[:h2.find("(")]) if "(" in h2 else None
    return re.sub(r"\s+", "", m.group(1)) if m else "<function>"


def _in_ctor_init_list(header):
    """True when the header reads 'Name(...) [qualifiers] : member' and the '{' is that member's brace initializer."""
    h = ACCESS.sub("", header).rstrip()
    open_at, depth = h.find("("), 0
    for k in range(open_at, len(h)):
        depth += {"(": 1, ")": -1}.get(h[k], 0)
        if depth == 0:
            break
    after = h[k + 1:]
    return bool(re.search(r"(?<!:):(?!:)", after)) and (h[-1].isalnum() or h[-1] in "_>")


def find_functions(path, source):
    text = clean(source)
    functions = []
    line_starts = [0]
    for k, ch in enumerate(text):
        if ch == "\n":
            line_starts.append(k + 1)

    def line_of(offset):
        lo, hi = 0, len(line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    def match_brace(open_at):
        depth = 0
        for k in range(open_at, len(text)):
            if text[k] == "{":
                depth += 1
            elif text[k] == "}":
                depth -= 1
                if depth == 0:
                    return k
        return len(text) - 1

    def scan(start, end, scope):
        """Reads declarations between start and end (a container's inside)."""
        header_start = start
        k = start
        while k < end:
            ch = text[k]
            if ch in ";}":
                header_start = k + 1
            elif ch == "{":
                header = text[header_start:k]
                if "(" in header and classify(header) == "function" and _in_ctor_init_list(header):
                    k = match_brace(k) + 1  # a member's brace initializer: still the header
                    continue
                kind = classify(header)
                close = match_brace(k)
                stripped = ACCESS.sub(lambda m: " " * len(m.group(0)), header)
                first = header_start + (len(stripped) - len(stripped.lstrip()))
                if kind in ("function", "lambda"):
                    name = function_name(header, kind)
                    if scope:
                        name = scope + "::" + name if "::" not in name else name
                    functions.append(Function(path, name, line_of(first), line_of(close)))
                elif kind in ("container", "class"):
                    inner_scope = scope
                    if kind == "class":
                        m = re.search(r"\b(?:class|struct|union)\s+(?:\[\[.*?\]\]\s*)?(?:alignas\s*\(.*?\)\s*)?([A-Za-z_]\w*)", header)
                        if m:
                            inner_scope = (scope + "::" if scope else "") + m.group(1)
                    scan(k + 1, close, inner_scope)
                k = close + 1
                header_start = k
                continue
            k += 1

    scan(0, len(text), "")
    return functions


# --- The check ------------------------------------------------------------------------------------------------------

def source_files(root, paths):
    found = []
    for p in paths:
        full = os.path.join(root, p)
        if os.path.isfile(full):
            found.append(os.path.normpath(p))
            continue
        for dirpath, dirnames, filenames in os.walk(full):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "build")
            for f in sorted(filenames):
                if f.endswith(EXTENSIONS):
                    found.append(os.path.normpath(os.path.relpath(os.path.join(dirpath, f), root)))
    return sorted(set(found))


def read_allow_list(path):
    files, functions = set(), set()
    if not path:
        return files, functions
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if parts[0] == "file" and len(parts) == 2:
                files.add(os.path.normpath(parts[1]))
            elif parts[0] == "function" and len(parts) == 3:
                functions.add((os.path.normpath(parts[1]), parts[2]))
            else:
                sys.exit(f"{path}:{number}: expected 'file <path>' or 'function <path> <name>', got: {line}")
    return files, functions


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", help="files or folders relative to --root (default: core app cli export)")
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    parser.add_argument("--allow", help="allow-list of known offenders (see the script's docstring)")
    parser.add_argument("--max-file-lines", type=int, default=600)
    parser.add_argument("--max-function-lines", type=int, default=100)
    parser.add_argument("--top", type=int, default=10, help="how many of the longest files and functions to print")
    args = parser.parse_args(argv)

    root = os.path.abspath(args.root)
    files = source_files(root, args.paths or [d for d in DEFAULT_DIRS if os.path.isdir(os.path.join(root, d))])
    allowed_files, allowed_functions = read_allow_list(args.allow)

    sizes, functions = [], []
    for rel in files:
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
            source = f.read()
        sizes.append((source.count("\n") + (0 if source.endswith("\n") or not source else 1), rel))
        functions.extend(find_functions(rel, source))

    sizes.sort(key=lambda s: (-s[0], s[1]))
    functions.sort(key=lambda fn: (-fn.lines, fn.path, fn.first_line))
    print(f"Longest files ({len(files)} files, limit {args.max_file_lines} lines):")
    for lines, rel in sizes[:args.top]:
        print(f"  {lines:5d}  {rel}")
    print(f"Longest functions ({len(functions)} functions, limit {args.max_function_lines} lines):")
    for fn in functions[:args.top]:
        print(f"  {fn.lines:5d}  {fn.path}:{fn.first_line}  {fn.name}")

    failures, allowed = [], []
    for lines, rel in sizes:
        if lines > args.max_file_lines:
            message = f"file {rel}: {lines} lines (limit {args.max_file_lines})"
            (allowed if rel in allowed_files else failures).append(message)
    for fn in functions:
        if fn.lines > args.max_function_lines:
            message = f"function {fn.path}:{fn.first_line} {fn.name}: {fn.lines} lines (limit {args.max_function_lines})"
            short = fn.name.split("::")[-1]
            is_allowed = (fn.path, fn.name) in allowed_functions or (fn.path, short) in allowed_functions
            (allowed if is_allowed else failures).append(message)
    for message in allowed:
        print(f"allowed (scripts/code_size_pending.txt): {message}")
    stale = [f"file {p}" for p in sorted(allowed_files) if not any(r == p and n > args.max_file_lines for n, r in sizes)]
    stale += [f"function {p} {n}" for p, n in sorted(allowed_functions)
              if not any(fn.path == p and (fn.name == n or fn.name.split("::")[-1] == n)
                         and fn.lines > args.max_function_lines for fn in functions)]
    for entry in stale:
        print(f"note: allow-list entry no longer needed: {entry}")
    for message in failures:
        print(f"TOO LONG: {message}")
    if failures:
        print(f"{len(failures)} over the limits: split them into files or named steps.")
        return 1
    print("All files and functions within the limits.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
