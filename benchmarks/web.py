"""The web app's figures: its initial JavaScript transfer size and the time from
navigation to an interactive register page of 20 rows, measured in the browser.

Size: the files index.html of the build (web/dist/browser, what the app's server serves)
loads eagerly (its ``<script src>`` and ``modulepreload`` links), each gzip-compressed at
level 9 as tools/bundle-size.mjs does, summed; beside it the aim and the lazy chunks (the
pages, the charts, the graph) the app fetches only when a page needs them.

Time: web/bench/register-timing.mjs in Debian's Chromium, signed in as the seeded
executive (the analyst's LOCAL subtree holds no demo risk), 11 navigations to
``/risks?size=20``, the first discarded, with a warm HTTP cache and a cold one. Its
floor is the same navigation to the sign-in page, which makes no API call."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
from pathlib import Path

from benchmarks.stats import percentile, summary_ms

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "web" / "dist" / "browser"
AIM_KB = 350
GZIP_LEVEL = 9
ROLE = "executive"  # reads every division: the 300 demo risks (LOCAL's subtree holds none)
RUNS = 10
EAGER = re.compile(r'<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"')


def initial_and_lazy(build: Path) -> tuple[list[Path], list[Path]]:
    """(the JavaScript files index.html loads eagerly, every other JavaScript file)."""
    eager = {build / name for name in EAGER.findall((build / "index.html").read_text())}
    rest = [f for f in sorted(build.glob("*.js")) if f not in eager]
    return sorted(eager), rest


def gzip_kb(files: list[Path]) -> tuple[float, float]:
    """(raw, gzip) sizes in kB."""
    raw = sum(f.stat().st_size for f in files)
    packed = sum(len(gzip.compress(f.read_bytes(), GZIP_LEVEL)) for f in files)
    return raw / 1024, packed / 1024


def web_url() -> str:
    outputs = ROOT / ".local" / "outputs.json"
    found = json.loads(outputs.read_text()).get("WebUrl") if outputs.exists() else None
    return str(found or "http://127.0.0.1:4200")


def register_timing(url: str) -> dict[str, object]:
    """The browser's figures (ms), from the project's Node and Chromium (scripts/web.sh env)."""
    script = 'source <(scripts/web.sh env) && exec node web/bench/register-timing.mjs "$@"'
    args = ["--url", url, "--role", ROLE, "--runs", str(RUNS)]
    out = subprocess.run(
        ["bash", "-c", script, "register-timing", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"register-timing.mjs failed: {out.stderr.strip()[-2000:]}")
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def print_size() -> None:
    print(f"\nWeb app: JavaScript of the build it serves (gzip level {GZIP_LEVEL})")
    if not (BUILD / "index.html").exists():
        print("  not built (scripts/web.sh build)")
        return
    initial, lazy = initial_and_lazy(BUILD)
    raw, packed = gzip_kb(initial)
    lazy_raw, lazy_packed = gzip_kb(lazy)
    print(
        f"  initial (index.html's scripts and modulepreloads) {len(initial):3} files"
        f" {packed:7.1f} kB gzip ({raw:.1f} kB raw)   aim <= {AIM_KB} kB gzip"
    )
    print(
        f"  lazy chunks (pages, charts, graph; on demand)     {len(lazy):3} files"
        f" {lazy_packed:7.1f} kB gzip ({lazy_raw:.1f} kB raw)"
    )


def print_timing() -> None:
    result = register_timing(web_url())
    print(
        f"\nWeb app: navigation -> interactive register of {result['rows']} rows"
        f" ({result['user']}, {result['risks']} risks; {RUNS} navigations after a warm-up)"
    )
    for mode in ("warm", "cold"):
        figures = result[mode]
        assert isinstance(figures, dict)
        register = [ms / 1000 for ms in figures["register"]]
        floor = [ms / 1000 for ms in figures["floor"]]
        print(
            f"  {mode} HTTP cache  register  {summary_ms(register)}"
            f"  (p50 x{percentile(register, 50) / percentile(floor, 50):.1f} the floor)"
        )
        print(f"  {mode} HTTP cache  floor: the sign-in page (no API call)  {summary_ms(floor)}")


def main() -> None:
    print_size()
    print_timing()


if __name__ == "__main__":
    main()
