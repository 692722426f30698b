"""Benchmark the document parser against the bare libraries that only read text.

Run:  .venv/bin/pip install -e ".[bench]"  (pdfplumber, once), then  .venv/bin/python bench/extract.py  [--repeat N]

Measures, over every corpus .docx/.pdf and a generated 200-page PDF:
  ours     review.extract.extract_path (elements + full text)
  floor A  python-docx paragraphs + tables; pdfplumber extract_text() on every page
  floor B  pypdfium2 get_textpage().get_text_range() on every page (PDF); .docx has no PDFium
           reader, so floor B counts python-docx for those files (its PDF-only figure is shown too)
and peak memory of our extraction of the 200-page PDF, in a fresh child process (peak RSS from
/proc VmHWM reset after the imports, minus the RSS then; ru_maxrss where /proc is missing; the
tracemalloc peak of Python allocations alongside).

Targets: ours ≤ 2 × floor B; the 200-page PDF under 300 MB peak memory.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from the repository root

import docx  # noqa: E402
import pdfplumber  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402

from review.extract import extract_path  # noqa: E402

BIG_PAGES = 200
MEMORY_LIMIT_MB = 300
SPEED_FACTOR = 2.0


def corpus_dir() -> Path:
    return Path(os.environ.get("CORPUS_DIR") or ROOT.parent / "shared" / "corpus")


def make_big_pdf(source: Path, target: Path, pages: int = BIG_PAGES) -> None:
    """Concatenate pages of a corpus PDF (real embedded CJK fonts) until there are ``pages``."""
    src = pdfium.PdfDocument(str(source))
    out = pdfium.PdfDocument.new()
    try:
        while len(out) < pages:
            take = min(len(src), pages - len(out))
            out.import_pages(src, list(range(take)), index=len(out))
        out.save(str(target))
    finally:
        out.close()
        src.close()


def ours(path: Path) -> int:
    return len(extract_path(path).text)


def bare_python_docx(path: Path) -> int:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return len("\n".join(parts))


def bare_pdfplumber(path: Path) -> int:
    with pdfplumber.open(str(path)) as pdf:
        return sum(len(page.extract_text() or "") for page in pdf.pages)


def bare_pdfium(path: Path) -> int:
    doc = pdfium.PdfDocument(path.read_bytes())  # from memory, as extract_path does
    try:
        total = 0
        for index in range(len(doc)):
            page = doc[index]
            textpage = page.get_textpage()
            total += len(textpage.get_text_range())
            textpage.close()
            page.close()
        return total
    finally:
        doc.close()


def timed(fn, paths: list[Path], repeat: int) -> float:
    """Best-of-``repeat`` wall time of running ``fn`` over all ``paths``."""
    return timed_together([fn], paths, repeat)[0]


def timed_together(fns: list, paths: list[Path], repeat: int) -> list[float]:
    """Best-of-``repeat`` times of several functions over ``paths``, taken in alternation so that
    load from elsewhere on the machine falls on all of them alike."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            for path in paths:
                fn(path)
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def pdf_pages(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        doc = pdfium.PdfDocument(str(path))
        total += len(doc)
        doc.close()
    return total


def child_memory(path: Path) -> dict:
    """Peak memory of one extraction, measured in a fresh interpreter."""
    out = subprocess.run(
        [sys.executable, __file__, "--memory-child", str(path)],
        check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _proc_status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def memory_child(path: Path) -> None:
    """Peak resident memory of one extraction: VmHWM of this process, reset after the imports
    (/proc/self/clear_refs), minus VmRSS at that point. Falls back on ru_maxrss off Linux —
    which a child inherits from its parent across fork+exec, hence the fresh process."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        method = "VmHWM (reset after imports)"
    except OSError:
        method = "ru_maxrss"
    base_kb = _proc_status_kb("VmRSS") if method != "ru_maxrss" else None
    if base_kb is None:
        method, base_kb = "ru_maxrss", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    extract_path(path)
    seconds = time.perf_counter() - start
    peak_kb = _proc_status_kb("VmHWM") if method != "ru_maxrss" else None
    if peak_kb is None:
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    tracemalloc.start()
    extract_path(path)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(json.dumps({
        "method": method,
        "file_mb": path.stat().st_size / 2**20,
        "rss_base_mb": base_kb / 1024,
        "rss_peak_mb": peak_kb / 1024,
        "rss_delta_mb": (peak_kb - base_kb) / 1024,
        "tracemalloc_peak_mb": traced_peak / 2**20,
        "seconds": seconds,
    }))


def row(name: str, seconds: float, docs: int, pages: int) -> str:
    per_page = f"{pages / seconds:>10.1f}" if pages else f"{'-':>10}"
    return f"{name:<44}{seconds:>9.3f}{docs / seconds:>10.1f}{per_page}"


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="best of N runs (default 7)")
    parser.add_argument("--memory-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.memory_child)
        return

    corpus = corpus_dir()
    files = sorted(p for p in corpus.iterdir() if p.suffix in (".docx", ".pdf"))
    docx_files = [p for p in files if p.suffix == ".docx"]
    pdf_files = [p for p in files if p.suffix == ".pdf"]
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big-200-pages.pdf"
        make_big_pdf(corpus / "fixture-09-multipage.pdf", big)
        big_pages = pdf_pages([big])
        corpus_pages = pdf_pages(pdf_files)
        memory = child_memory(big)  # first, while this process is still small

        for path in files + [big]:  # warm-up: imports, CMaps, caches
            ours(path)
            bare_pdfium(path) if path.suffix == ".pdf" else bare_python_docx(path)
        bare_pdfplumber(pdf_files[0])

        r = args.repeat
        t_ours_docx, t_pydocx = timed_together([ours, bare_python_docx], docx_files, r)
        t_ours_pdf, t_pdfium = timed_together([ours, bare_pdfium], pdf_files, r)
        t_ours_big, t_pdfium_big = timed_together([ours, bare_pdfium], [big], r)
        t_plumber = timed(bare_pdfplumber, pdf_files, max(1, r // 2))
        t_plumber_big = timed(bare_pdfplumber, [big], 1)

    n_docs, n_pages = len(files), corpus_pages
    ours_total = t_ours_docx + t_ours_pdf + t_ours_big
    floor_b = t_pydocx + t_pdfium + t_pdfium_big
    floor_a = t_pydocx + t_plumber + t_plumber_big
    all_docs, all_pages = n_docs + 1, n_pages + big_pages

    print(f"corpus: {corpus}  ({len(docx_files)} .docx, {len(pdf_files)} .pdf, {corpus_pages} PDF pages)")
    print(f"generated: {big_pages}-page PDF (fixture-09 pages repeated); times are best of {r} runs\n")
    print(f"{'measure':<44}{'seconds':>9}{'docs/s':>10}{'pages/s':>10}  (pages/s counts PDF pages)")
    print("-" * 96)
    print(row("ours  corpus .docx", t_ours_docx, len(docx_files), 0))
    print(row("ours  corpus .pdf", t_ours_pdf, len(pdf_files), n_pages))
    print(row("ours  200-page PDF", t_ours_big, 1, big_pages))
    print(row("ours  TOTAL", ours_total, all_docs, all_pages))
    print(row("floor A python-docx (corpus .docx)", t_pydocx, len(docx_files), 0))
    print(row("floor A pdfplumber (corpus .pdf)", t_plumber, len(pdf_files), n_pages))
    print(row("floor A pdfplumber (200-page PDF)", t_plumber_big, 1, big_pages))
    print(row("floor A TOTAL", floor_a, all_docs, all_pages))
    print(row("floor B pypdfium2 (corpus .pdf)", t_pdfium, len(pdf_files), n_pages))
    print(row("floor B pypdfium2 (200-page PDF)", t_pdfium_big, 1, big_pages))
    print(row("floor B TOTAL (+ python-docx for .docx)", floor_b, all_docs, all_pages))
    print("-" * 96)
    print(
        f"peak memory, 200-page PDF ({memory['file_mb']:.1f} MB file), fresh process, {memory['method']}:\n"
        f"  peak RSS delta {memory['rss_delta_mb']:.1f} MB (peak {memory['rss_peak_mb']:.1f} MB, "
        f"baseline after imports {memory['rss_base_mb']:.1f} MB); "
        f"tracemalloc peak {memory['tracemalloc_peak_mb']:.1f} MB (Python objects only)"
    )
    print()
    ratio_total = ours_total / floor_b
    ratio_pdf = (t_ours_pdf + t_ours_big) / (t_pdfium + t_pdfium_big)
    ratio_big = t_ours_big / t_pdfium_big
    ratio_docx = t_ours_docx / t_pydocx
    print(f"{'target':<58}{'figure':>12}  verdict")
    print("-" * 80)
    print(f"{'ours TOTAL ≤ 2 × floor B TOTAL':<58}{ratio_total:>11.2f}×  {verdict(ratio_total <= SPEED_FACTOR)}")
    print(f"{'ours PDFs ≤ 2 × pypdfium2 on the same PDFs':<58}{ratio_pdf:>11.2f}×  "
          f"{verdict(ratio_pdf <= SPEED_FACTOR)}")
    print(f"{'ours 200-page PDF ≤ 2 × pypdfium2':<58}{ratio_big:>11.2f}×  {verdict(ratio_big <= SPEED_FACTOR)}")
    print(f"{'ours .docx vs python-docx (information)':<58}{ratio_docx:>11.2f}×")
    print(f"{'200-page PDF peak memory < 300 MB (peak RSS delta)':<58}"
          f"{memory['rss_delta_mb']:>9.1f} MB  {verdict(memory['rss_delta_mb'] < MEMORY_LIMIT_MB)}")


if __name__ == "__main__":
    main()
