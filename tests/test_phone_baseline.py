"""The phone page runs on the oldest browsers Paja promises (README, "Phones it works on"):
Chrome 90 on Android and Safari 15.4 on iOS. Every module the participant page loads - its
own, lit-html's and the socket.io client, followed through their imports as the browser
would - parses as ES2021 and uses no later built-in (es-check, with --checkFeatures), and
neither Paja's scripts nor its style sheets use the few web APIs and CSS features that
these browsers lack; :has() is allowed only as an extra inside @supports selector(:has(a))."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "static"
NODE_MODULES = ROOT / "node_modules"
ES_CHECK = NODE_MODULES / ".bin" / "es-check"
# The newest ECMAScript both Chrome 90 and Safari 15.4 have whole.
ES_LEVEL = "es2021"
IMPORT = re.compile(r"""(?:\bimport|\bexport)\s*(?:[\w*{}\s,$]*?\s*from\s*)?["']([^"']+)["']"""
                    r"""|\bimport\(\s*["']([^"']+)["']\s*\)""")

# Built-ins and web APIs newer than the baseline that es-check does not know (it checks the
# language), with the first versions that have them.
NEWER_APIS = {
    r"\bstructuredClone\(": "structuredClone (Chrome 98)",
    r"\.checkVisibility\(": "Element.checkVisibility (Chrome 105, Safari 17.4)",
    r"\.showPicker\(": "showPicker (Chrome 99, Safari 16)",
    r"AbortSignal\.(timeout|any)\(": "AbortSignal.timeout/any (Chrome 103, Safari 16)",
    r"\brequestIdleCallback\(": "requestIdleCallback (no Safari)",
    r"\bpopover\b": "the popover attribute (Chrome 114, Safari 17)",
    r"\.inert\b|\binert\b=": "inert (Chrome 102, Safari 15.5)",
    r"\bnavigator\.userActivation\b": "navigator.userActivation (Safari 16.4)",
    r"\bURL\.canParse\(": "URL.canParse (Chrome 120, Safari 17)",
}
NEWER_CSS = {
    r"@container\b": "container queries (Chrome 105, Safari 16)",
    r"\b\d*\.?\d+(dvh|svh|lvh|dvw|svw|lvw)\b": "dynamic viewport units (Chrome 108, Safari 15.4)",
    r"color-mix\(": "color-mix() (Chrome 111, Safari 16.2)",
    r"@layer\b": "cascade layers (Chrome 99)",
    r"^\s*&": "CSS nesting (Chrome 112, Safari 16.5)",
    r":where\(|:is\(": "",  # Chrome 88, Safari 14: fine, listed so no one adds it here
}


def vendor_path(url: str) -> Path:
    from server.pages.routes import VENDOR_FILES

    name = url.removeprefix("/vendor/")
    if name in VENDOR_FILES:
        return NODE_MODULES / VENDOR_FILES[name]
    assert name.startswith("lit-html/"), url
    return NODE_MODULES / name


def phone_modules() -> list[Path]:
    """The participant page's module graph, from participant.js through every import."""
    seen: list[Path] = []
    todo = [STATIC / "js" / "participant.js"]
    while todo:
        path = todo.pop().resolve()
        if path in seen:
            continue
        seen.append(path)
        for match in IMPORT.finditer(path.read_text()):
            url = match.group(1) or match.group(2)
            if url.startswith("/vendor/"):
                todo.append(vendor_path(url))
            elif url.startswith("/static/"):
                todo.append(STATIC / url.removeprefix("/static/"))
            elif url.startswith("."):
                todo.append(path.parent / url)
            else:
                pytest.fail(f"{path.name} imports {url!r}, which the browser cannot resolve")
    return seen


def test_the_phone_page_loads_its_whole_module_graph():
    modules = phone_modules()
    names = {m.name for m in modules}
    assert {"participant.js", "live.js", "store.js", "view.js", "parts.js", "ideas.js",
            "lit-html.js", "socket.io.esm.min.js"} <= names
    assert all(m.exists() for m in modules)


def test_every_module_the_phone_loads_parses_at_the_baseline():
    if not ES_CHECK.exists():
        pytest.fail("es-check is missing: npm ci installs it (package.json devDependencies)")
    node = shutil.which("node")
    assert node, "node is needed for es-check"
    modules = [str(m) for m in phone_modules()]
    result = subprocess.run([str(ES_CHECK), ES_LEVEL, "--module", "--checkFeatures", "--noColor",
                             *modules], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]


def test_es_check_would_catch_newer_code(tmp_path):
    """The check above fails on code the baseline cannot run."""
    for code in ("const last = [1, 2].at(-1);", "export const x = [1].findLast((n) => n);",
                 "class A { #secret = 1; }", "const y = Object.hasOwn({}, 'a');"):
        sample = tmp_path / "sample.js"
        sample.write_text(code)
        result = subprocess.run([str(ES_CHECK), ES_LEVEL, "--module", "--checkFeatures",
                                 "--noColor", str(sample)], capture_output=True, text=True,
                                timeout=60)
        assert result.returncode != 0, code


def test_paja_code_uses_no_api_or_css_newer_than_the_baseline():
    found = []
    for path in sorted((STATIC / "js").rglob("*.js")):
        text = path.read_text()
        for pattern, what in NEWER_APIS.items():
            for match in re.finditer(pattern, text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    for path in sorted((STATIC / "css").glob("*.css")):
        text = re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.S)
        for pattern, what in NEWER_CSS.items():
            if not what:
                continue
            for match in re.finditer(pattern, text, flags=re.M):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {what}")
        # :has() only as an extra, in a block that browsers without it skip.
        outside = re.sub(r"@supports selector\(:has\([^)]*\)\)\s*\{[^{}]*(\{[^{}]*\}[^{}]*)*\}",
                         "", text)
        for match in re.finditer(r":has\(", outside):
            line = outside.count("\n", 0, match.start()) + 1
            found.append(f"{path.relative_to(ROOT)}: :has() outside @supports (Chrome 105), "
                         f"near line {line}")
    assert not found, "\n".join(found)
