"""Scans as offices make them (issue 12): a red seal over the date, 150 dpi, a Chinese-numeral date;
and the tesseract program inside the parser's limits. Each scan here is one page (a few seconds)."""
from __future__ import annotations

import os
import threading
import time

import pypdfium2 as pdfium
import pytest
from PIL import Image

from review import sandbox
from review.extract import extract_bytes, ocr, tesseract
from tests.conftest import CORPUS, corpus_bytes
from tests.unit._documents import PageBreak, to_pdf
from tests.unit._scan import scan, text_centre
from tests.unit.test_extract_ocr import NOTICE
from tests.unit.unseen_cases import CASES

needs_tesseract = pytest.mark.usefixtures("tesseract_installed")


def _sealed(blocks, date_text: str, **kw) -> bytes:
    """A colour scan with the seal where GB/T 9704 7.3.5.1 puts it: the date in its lower half."""
    pdf = to_pdf(blocks)
    x, y = text_centre(pdf, date_text)
    return scan(pdf, seal=(x - 15, y - 30), **kw)


@needs_tesseract
def test_a_red_seal_over_the_signature_and_date_is_taken_out_before_reading():
    e = extract_bytes(_sealed(NOTICE, "2024年6月18日", dpi=200, seed=7))
    assert e.ocr is True
    assert (e.doc_number, e.signed_date, e.issuer) == ("东卫发〔2024〕17号", "2024-06-18", "东山市卫生健康委员会")
    assert (e.marking, e.marking_at) == ("active", "after_date")


@needs_tesseract
def test_a_150_dpi_scan_with_a_chinese_numeral_date_and_yuan_month():
    case = next(c for c in CASES if c.id == "date-3")  # 二〇二〇年元月十日
    e = extract_bytes(scan(to_pdf(case.blocks), dpi=150, seed=len(case.id)))
    assert (e.doc_number, e.signed_date, e.marking) == ("松卫发〔2020〕6号", "2020-01-10", "active")
    assert e.title == case.expect["title"]


@needs_tesseract
@pytest.mark.parametrize("name, dpi", [("fixture-08-tablecell.pdf", 150), ("fixture-10-letter-reportlab.pdf", 300)])
def test_corpus_scans_at_150_and_300_dpi_are_read_at_one_scale(name, dpi):
    """Read at their own resolution, despeckled there and scaled to ``ocr.DPI``: before, a 150 dpi
    scan read 函 as 图 and a 300 dpi one 禾 as 不 in the 代字, and lost the 成文日期."""
    import json

    label = next(lab for lab in json.loads((CORPUS / "labels.json").read_text(encoding="utf-8")) if lab["file"] == name)
    scanned = scan(corpus_bytes(name), dpi=dpi, seed=len(name))
    doc = pdfium.PdfDocument(scanned)
    try:
        assert round(ocr.scan_dpi(doc[0])) == dpi
        assert abs(ocr.render(doc, [0])[0].image.width - doc[0].get_width() * ocr.DPI / 72) <= 2
    finally:
        doc.close()
    e = extract_bytes(scanned)
    assert e.ocr is True
    assert (e.doc_number, e.signed_date, e.marking) == (label["doc_number"], label["signed_date"], label["marking"])


@needs_tesseract
@pytest.mark.usefixtures("traditional_model")
def test_a_scan_printed_in_traditional_characters_is_read_with_the_traditional_model():
    case = next(c for c in CASES if c.id == "traditional-1")  # 西衛發〔2020〕9號 … （此件依申請公開）
    e = extract_bytes(scan(to_pdf(case.blocks), dpi=200, seed=len(case.id)))
    assert (e.doc_number, e.signed_date, e.marking) == ("西卫发〔2020〕9号", "2020-05-06", "on_request")


def test_the_seal_red_is_paper_and_the_header_red_ink():
    page = Image.new("RGB", (100, 100), (255, 255, 255))
    page.putpixel((50, 10), (210, 30, 30))  # the red 发文机关标志 (top third of page 1)
    page.putpixel((50, 80), (210, 30, 30))  # the seal
    page.putpixel((52, 80), (0, 0, 0))      # black print under the seal
    page.putpixel((54, 80), (92, 15, 18))   # a stroke's grey edge (110) under the seal's red: red enough
    first, later = ocr.without_seal(page, first_page=True), ocr.without_seal(page, first_page=False)
    assert first.mode == "L" and first.getpixel((50, 10)) < 128 and first.getpixel((50, 80)) == 255
    assert later.getpixel((50, 10)) == 255 and later.getpixel((52, 80)) == 0
    assert later.getpixel((54, 80)) < 128  # kept as ink: painting it white thinned strokes (8日 read as 口)


@needs_tesseract
def test_a_corpus_scan_with_the_seal_over_its_date_reads_the_day_under_the_ring():
    """fixture-08 stamped where offices stamp: its day under the ring was read as 口 and its organ
    lost a stroke while the seal's pixels were painted white."""
    import json

    name = "fixture-08-tablecell.pdf"
    label = next(lab for lab in json.loads((CORPUS / "labels.json").read_text(encoding="utf-8")) if lab["file"] == name)
    pdf = corpus_bytes(name)
    x, y = text_centre(pdf, "2024年1月8日")
    e = extract_bytes(scan(pdf, dpi=200, seed=len(name), seal=(x, y - 30)))
    assert e.ocr is True
    assert (e.doc_number, e.signed_date, e.marking, e.issuer) == (
        label["doc_number"], label["signed_date"], label["marking"], label["issuer"])


@pytest.mark.parametrize("read, repaired", [
    ("二O〇二@〇年元月十日", "二〇二〇年元月十日"),  # each 〇 read as two characters
    ("二〇〇〇年元月一日", "二〇〇〇年元月一日"),      # 2000 keeps its three
])
def test_a_zero_read_twice_in_a_chinese_numeral_year(read, repaired):
    assert ocr.repair(read) == repaired


@needs_tesseract
def test_tesseract_runs_under_its_own_memory_limit(monkeypatch):
    page = Image.new("L", (400, 100), 255)
    assert tesseract.text(page, 7, 10).strip() == ""
    monkeypatch.setattr(tesseract, "MEMORY", 16 << 20)  # too little to load the model: refused, not run
    with pytest.raises(tesseract.Timeout):
        tesseract.text(page, 7, 10)


@needs_tesseract
def test_a_scan_is_read_in_the_box():
    kind, e = sandbox.extract(scan(to_pdf(NOTICE), dpi=200, seed=3))
    assert kind == "pdf" and e.ocr is True
    assert (e.doc_number, e.signed_date, e.marking) == ("东卫发〔2024〕17号", "2024-06-18", "active")


def _tesseracts() -> dict[int, int]:
    """Running tesseract programs: pid → process group."""
    found = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/comm") as fh:
                    if fh.read().strip() != "tesseract":
                        continue
                with open(f"/proc/{name}/stat") as fh:
                    state, _ppid, group = fh.read().rsplit(")", 1)[1].split()[:3]
                if state != "Z":
                    found[int(name)] = int(group)
            except (OSError, ValueError):
                pass
    return found


@needs_tesseract
def test_the_box_timeout_kills_the_tesseract_it_started():
    sandbox.run("extract", to_pdf(NOTICE))  # the fork server is up: the child starts at once
    # Calibrate on this machine, now: how long the box takes to read a one-page scan. The six-page
    # scan below needs about six such readings, so a limit of twice one reading falls while a
    # tesseract is running, on a fast idle machine and on a loaded one alike.
    started = time.monotonic()
    sandbox.run("extract", scan(to_pdf(NOTICE), dpi=150, seed=3))
    one_page = time.monotonic() - started
    body_pages = [PageBreak(), *NOTICE[4:-3]] * 5  # six pages: tesseract reads one after another
    data = scan(to_pdf([*NOTICE[:-3], *body_pages, PageBreak(), *NOTICE[-3:]]), dpi=150, seed=3)
    seen: dict[int, int] = {}
    done = threading.Event()

    def watch():
        while not done.is_set():
            seen.update(_tesseracts())
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with pytest.raises(sandbox.Refused):
            sandbox.run("extract", data, sandbox.Limits(memory=512 << 20, cpu_seconds=60,
                                                        wall_seconds=max(1.0, 2 * one_page)))
    finally:
        done.set()
        watcher.join()
    ours = [pid for pid, group in seen.items() if group == sandbox.last_pid()]  # the box child's group
    assert ours, "no tesseract was running when the box's time ran out"
    time.sleep(0.3)
    assert all(_dead(pid) for pid in ours)


def _dead(pid: int) -> bool:
    """Gone, or a zombie left for whoever reaps orphans (PID 1 of a container may take its time)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True
