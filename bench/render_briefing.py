"""Render check: the briefing deck of the bundled articles, converted by LibreOffice
(headless) to PDF and by pdftoppm to PNG pages, put together on one contact sheet that a
person can look at; plus the PDF brief's first page.

    .venv/bin/python bench/render_briefing.py [--lang vi] [--sheet docs/briefing-sample.png]

Needs Debian's chromium (kaleido), libreoffice-impress and poppler-utils. Files go to
bench/out/briefing/; the contact sheet to --sheet.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageOps

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.filters import Filters  # noqa: E402
from briefing.brief import build_pdf  # noqa: E402
from briefing.deck import build_deck  # noqa: E402
from dashboard.data import load_figures, prepare_store  # noqa: E402

OUT = ROOT / "bench" / "out" / "briefing"
TOOLS = ("soffice", "pdftoppm")


def pptx_to_pdf(pptx: Path, out_dir: Path) -> Path:
    """LibreOffice's PDF of a deck (own throw-away profile, so it runs beside others)."""
    profile = (out_dir / "lo-profile").resolve().as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out_dir), str(pptx)],
        check=True, capture_output=True, timeout=300,
    )
    return out_dir / f"{pptx.stem}.pdf"


def pdf_to_pngs(pdf: Path, prefix: Path, dpi: int = 60) -> list[Path]:
    """One PNG per PDF page."""
    for old in prefix.parent.glob(f"{prefix.name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True,
                   timeout=300)
    return sorted(prefix.parent.glob(f"{prefix.name}-*.png"))


def contact_sheet(pages: list[Path], columns: int = 3, gap: int = 12) -> Image.Image:
    """The pages side by side, `columns` per row, each with a thin border."""
    images = [ImageOps.expand(Image.open(p).convert("RGB"), border=1, fill="#999999")
              for p in pages]
    width, height = images[0].size
    rows = -(-len(images) // columns)
    sheet = Image.new("RGB", (columns * (width + gap) + gap, rows * (height + gap) + gap),
                      "#e9ecef")
    for i, image in enumerate(images):
        row, column = divmod(i, columns)
        sheet.paste(image, (gap + column * (width + gap), gap + row * (height + gap)))
    return sheet


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", default="vi", choices=["en", "vi"])
    parser.add_argument("--sheet", type=Path, default=ROOT / "docs" / "briefing-sample.png")
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args()
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        sys.exit(f"missing {', '.join(missing)}: apt-get install -y libreoffice-impress "
                 "poppler-utils")
    OUT.mkdir(parents=True, exist_ok=True)
    figures = load_figures(prepare_store(OUT / "figures.sqlite", ROOT / "data"))
    deck = OUT / "briefing-sample.pptx"
    deck.write_bytes(build_deck(figures, Filters(), args.lang))
    pages = pdf_to_pngs(pptx_to_pdf(deck, OUT), OUT / "deck", args.dpi)
    contact_sheet(pages).save(args.sheet, optimize=True)
    brief = OUT / "briefing-sample.pdf"
    brief.write_bytes(build_pdf(figures, Filters(), args.lang))
    brief_pages = pdf_to_pngs(brief, OUT / "brief", args.dpi)
    print(f"deck: {deck} ({len(pages)} slides) -> {args.sheet}")
    print(f"brief: {brief} ({len(brief_pages)} pages) -> {OUT}/brief-*.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
