"""The ``tesseract`` program, run once per image within limits of its own.

A Python binding that starts the program (pytesseract) cannot set limits on it, and limits
inherited from the parser's box (``review/sandbox.py``) are not a bound anyone chose: the box's
address-space limit is relative to the parser's own size. So the program is started here with
``RLIMIT_AS`` = ``OCR_MEMORY_MB`` (default 384 MB; an A4 page as it is read, at 200 dpi, peaks
under 100 MB resident — bench/ocr.py measures it — and a 300 dpi one runs in 200 MB of address
space) and ``RLIMIT_CPU`` = the seconds it is given, and killed when its wall-clock time is up.
It stays in the parser's process group, so the box's timeout kills it together with the parser.
"""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
import tempfile

try:
    import resource
except ImportError:  # Windows: no rlimits; the wall-clock timeout still holds
    resource = None

MB = 1024 * 1024
MEMORY = int(os.environ.get("OCR_MEMORY_MB", "384")) * MB
LANG = "chi_sim"
#: The Traditional Chinese model (tesseract-ocr-chi-tra), for scans printed in traditional characters
#: (review/extract/ocr.py reads a page with it when the chi_sim reading shows traditional glyphs).
TRADITIONAL = "chi_tra"
#: Tesseract's own threads would compete with the web workers: one image is read by one thread.
_ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}


class Timeout(RuntimeError):
    """The program did not finish in the time it was given (or hit its CPU or memory limit)."""


def available() -> bool:
    return shutil.which("tesseract") is not None


def has_model(lang: str) -> bool:
    """The model's traineddata is installed (Debian puts it under /usr/share/tesseract-ocr/<v>/tessdata)."""
    import glob

    prefix = os.environ.get("TESSDATA_PREFIX")
    places = [os.path.join(prefix, f"{lang}.traineddata")] if prefix else []
    return any(os.path.exists(p) for p in places) or bool(
        glob.glob(f"/usr/share/tesseract-ocr/*/tessdata/{lang}.traineddata"))


def _limits(seconds: float):
    """Set in the program before it starts; never above a limit it inherits (the parser's box),
    which an unprivileged process could not raise anyway."""
    def lower(which: int, value: int) -> None:
        _soft, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(which, (value, value if hard == resource.RLIM_INFINITY else min(value + 1, hard)))

    def apply() -> None:
        if resource is not None:
            lower(resource.RLIMIT_AS, MEMORY)
            lower(resource.RLIMIT_CPU, max(1, int(seconds) + 1))
    return apply


def run(image, psm: int, seconds: float, tsv: bool, lang: str = LANG) -> str:
    """Tesseract's output for a PIL image: its TSV (``tsv``) or its plain text."""
    if seconds <= 0:
        raise Timeout("no time left")
    with tempfile.TemporaryDirectory(prefix="ocr-") as tmp:
        png = os.path.join(tmp, "in.png")
        # No resolution is given: Tesseract estimates it from the glyphs' size, which read the
        # 发文字号's strokes better on the corpus scans than the true 300 dpi (皖 rather than 上).
        image.save(png)
        out = os.path.join(tmp, "out")
        args = ["tesseract", png, out, "-l", lang, "--psm", str(psm)]
        if tsv:
            args.append("tsv")
        try:
            proc = subprocess.run(args, env=_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  timeout=seconds, preexec_fn=_limits(seconds), check=False)
        except subprocess.TimeoutExpired as exc:
            raise Timeout("tesseract took too long") from exc
        if proc.returncode != 0:
            raise Timeout(f"tesseract exited with {proc.returncode}: {proc.stderr[-200:]!r}")
        with open(out + (".tsv" if tsv else ".txt"), encoding="utf-8") as fh:
            return fh.read()


_INT_COLUMNS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num", "left", "top", "width", "height")


def words(image, psm: int, seconds: float, lang: str = LANG) -> dict[str, list]:
    """The words Tesseract reads on the image, as columns (text, left, top, width, height, block_num…)."""
    rows = list(csv.DictReader(run(image, psm, seconds, tsv=True, lang=lang).splitlines(), delimiter="\t",
                               quoting=csv.QUOTE_NONE))
    data: dict[str, list] = {key: [] for key in (*_INT_COLUMNS, "conf", "text")}
    for row in rows:
        for key in _INT_COLUMNS:
            data[key].append(int(row[key]))
        data["conf"].append(float(row["conf"]))
        data["text"].append(row.get("text") or "")
    return data


def text(image, psm: int, seconds: float, lang: str = LANG) -> str:
    return run(image, psm, seconds, tsv=False, lang=lang)
