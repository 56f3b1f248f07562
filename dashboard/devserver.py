"""Run the app with `streamlit run` on a free port and drive it with Debian chromium.

Used by the browser test, the benchmark and the screenshot script; not by the app.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def free_port() -> int:
    """A TCP port that is free on localhost right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, timeout: float = 60.0, proc: subprocess.Popen | None = None) -> None:
    """Poll `url`/_stcore/health until it answers "ok"; raise if the server dies or stalls."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"streamlit at {url} not healthy after {timeout:.0f} s")


@contextmanager
def running_app(env: Mapping[str, str], port: int | None = None) -> Iterator[str]:
    """`streamlit run app.py` in a subprocess with extra `env`; yields its URL, then stops it."""
    port = port or free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.headless", "true", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]
    proc = subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, **env},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc=proc)
        yield url
    finally:
        stop(proc)


def stop(proc: subprocess.Popen) -> None:
    """Stop the server by its PID (its own process group), killing it if it lingers."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    if proc.stderr is not None:
        proc.stderr.close()


def launch_chromium(playwright, executable: str | Path = CHROMIUM):  # noqa: ANN001, ANN201
    """Debian chromium (or the `executable` given) through Playwright (never a downloaded
    browser); playwright types are optional, hence no annotations."""
    return playwright.chromium.launch(executable_path=str(executable), args=list(CHROMIUM_ARGS))


def wait_for_page(page, charts: int = 4, timeout_ms: int = 60_000) -> None:  # noqa: ANN001
    """Wait until the script finished and `charts` plotly charts have drawn."""
    page.wait_for_function(
        "n => { const plots = [...document.querySelectorAll('.js-plotly-plot')];"
        " return plots.length >= n && plots.every(p => p.querySelector('.main-svg')); }",
        arg=charts,
        timeout=timeout_ms,
    )
    wait_idle(page, timeout_ms)


def wait_idle(page, timeout_ms: int = 60_000) -> None:  # noqa: ANN001
    """Wait until Streamlit reports that no script run is going on."""
    page.wait_for_function(
        "['notRunning', 'compilationError'].includes(document.querySelector"
        "('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state'))",
        timeout=timeout_ms,
    )


def screenshot(out: Path, db: Path | None = None, query: str = "", height: int = 2300) -> None:
    """Save a full-page PNG of the app on `db` (default: a fresh store of the bundled data)."""
    import tempfile

    from playwright.sync_api import sync_playwright

    from dashboard.data import DB_ENV, prepare_store

    with tempfile.TemporaryDirectory() as tmp:
        if db is None:
            db = Path(tmp) / "figures.sqlite"
            prepare_store(db, ROOT / "data")
        with running_app({DB_ENV: str(db)}) as url, sync_playwright() as p:
            browser = launch_chromium(p)
            # Streamlit scrolls inside its own container: a tall viewport shows the page.
            page = browser.new_page(viewport={"width": 1400, "height": height})
            page.goto(f"{url}/{query}")
            wait_for_page(page)
            page.screenshot(path=str(out))
            browser.close()


def main(argv: list[str] | None = None) -> None:
    """`python -m dashboard.devserver screenshot docs/screenshot.png [--db PATH] [--query ?..]`"""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m dashboard.devserver")
    parser.add_argument("command", choices=["screenshot"])
    parser.add_argument("out", type=Path)
    parser.add_argument("--db", type=Path, help="store to show (default: the bundled articles)")
    parser.add_argument("--query", default="", help='URL query, e.g. "?kind=target"')
    args = parser.parse_args(argv)
    screenshot(args.out, args.db, args.query)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
