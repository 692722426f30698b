""".pdf reading with PDFium: text of every page, layout of the pages that matter, reading order."""
from __future__ import annotations

import io

import pypdfium2 as pdfium

from review.extract import extract_bytes
from review.extract.filetype import open_pdf
from review.extract.model import Line
from review.extract.pdf_reader import _Box, _reading_order, read_pdf
from tests.conftest import corpus_bytes
from tests.unit import _hostile as h


def test_a_pdf_without_elements_still_gives_text_and_pages():
    e = extract_bytes(h.minimal_pdf())
    assert e.text == "Hello PDF" and e.pages == 1
    assert (e.doc_number, e.title, e.signed_date, e.marking, e.issuer) == (None,) * 5


def test_reading_order_puts_a_late_drawn_box_where_it_sits():
    def box(text, x0, top):
        return _Box(Line(text, size=16.0), x0, x0 + 100, top)

    drawn = [box("正文", 80, 700), box("2024年1月8日", 330, 500), box("版记", 80, 100),
             box("（此件主动公开）", 112, 472), box("— 1 —", 280, 40), box("右", 300, 701), box("左", 90, 699)]
    assert [b.line.text for b in _reading_order(drawn)] == [
        "正文", "左", "右", "2024年1月8日", "（此件主动公开）", "版记", "— 1 —",
    ]


def test_page_one_is_measured_title_centred_signature_right():
    doc = open_pdf(corpus_bytes("fixture-12-request.pdf"))
    try:
        lines = read_pdf(doc).lines
    finally:
        doc.close()
    by_text = {line.text: line for line in lines}
    title = next(line for line in lines if line.text.endswith("请示"))
    assert title.align == "center" and title.size > 18
    date = next(line for line in lines if line.text.replace(" ", "") == "2023年6月5日")
    assert date.align == "right" and by_text[lines[lines.index(date) - 1].text].align == "right"


def test_outer_document_wins_in_a_long_concatenation():
    """Pages of a 转发 notice repeated: every copy has its own dates and markings; ours are the first."""
    source = pdfium.PdfDocument(corpus_bytes("fixture-01-forward.pdf"))
    out = pdfium.PdfDocument.new()
    try:
        for _ in range(5):
            out.import_pages(source, index=len(out))
        buf = io.BytesIO()
        out.save(buf)
    finally:
        out.close()
        source.close()
    e = extract_bytes(buf.getvalue())
    assert e.pages == 20
    assert (e.doc_number, e.signed_date, e.marking) == ("禾卫发〔2022〕31号", "2022-05-16", "active")
