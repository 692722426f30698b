"""Uploads are judged by content: hostile, disguised, truncated and encrypted files are refused
quickly, in little memory, with a Chinese message; every corpus file is recognised."""
from __future__ import annotations

import re
import time
import tracemalloc
from pathlib import Path

import pytest

import review.extract.filetype as filetype
from review.extract import UnsupportedFile, extract_bytes, sniff
from tests.conftest import corpus_bytes
from tests.unit import _hostile as h

CJK = re.compile(r"[\u4e00-\u9fff]")


def _corpus_prefix(name: str, fraction: float) -> bytes:
    data = corpus_bytes(name)
    return data[: int(len(data) * fraction)]


HOSTILE = {
    "empty file": lambda: b"",
    "renamed Windows .exe": lambda: h.WINDOWS_EXE,
    "ELF binary": lambda: b"\x7fELF\x02\x01\x01" + bytes(100),
    "plain .txt": lambda: "关于做好有关工作的通知\n各单位：……".encode(),
    "legacy .doc (OLE)": lambda: h.ole_doc(),
    "password-protected .docx (OLE EncryptionInfo)": lambda: h.ole_doc(encrypted=True),
    "RTF": lambda: b"{\\rtf1\\ansi hello}",
    "PNG image": lambda: b"\x89PNG\r\n\x1a\n" + bytes(64),
    "plain zip": lambda: h.zip_of({"readme.txt": "hello"}),
    "xlsx": lambda: h.zip_of({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}),
    "pptx": lambda: h.zip_of({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p/>"}),
    "docx without word/document.xml": lambda: h.zip_of({"[Content_Types].xml": h.content_types(),
                                                        "_rels/.rels": h.ROOT_RELS}),
    "macro-enabled .docm": lambda: h.docx(h.document_xml(h.p("x")), main=h.DOCM_MAIN),
    "zip bomb: 300 MB of zeros": lambda: h.zip_bomb_docx(),
    "zip bomb: one member over 100:1": lambda: h.ratio_bomb_docx(),
    "zip bomb: forged declared size": lambda: h.forged_size_docx(),
    "zip bomb: 5000 members": lambda: h.many_members_docx(),
    "zip-encrypted members": lambda: h.encrypted_member_docx(),
    "entity bomb (billion laughs)": lambda: h.entity_bomb_docx(),
    "XXE external entity": lambda: h.xxe_docx(),
    "DOCTYPE in styles.xml": lambda: h.docx(
        h.document_xml(h.p("x")), parts={"word/styles.xml": h.XML_DECL + "<!DOCTYPE s [<!ENTITY a 'b'>]><s/>"}
    ),
    "DOCTYPE hidden after a long comment": lambda: h.docx(
        h.document_xml(h.p("x"), prolog="<!--" + "x" * 100_000 + "-->" + h.XXE)
    ),
    "malformed document.xml": lambda: h.docx("<w:document><w:body><w:p>"),
    "truncated .docx": lambda: _corpus_prefix("seed-000.docx", 0.5),
    "encrypted PDF": lambda: h.encrypted_pdf(),
    "truncated PDF": lambda: _corpus_prefix("seed-000.pdf", 0.5),
    "PDF header, garbage body": lambda: b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n",
}


@pytest.mark.parametrize("case", list(HOSTILE))
@pytest.mark.parametrize("reader", [sniff, extract_bytes], ids=["sniff", "extract_bytes"])
def test_hostile_input_is_refused_quickly_in_little_memory(case, reader):
    data = HOSTILE[case]()
    tracemalloc.start()
    # CPU time of this process, not wall time: other jobs on a shared CI machine do not count. The
    # bound catches a reader that works through the bomb (minutes), not speed (bench/ measures that).
    start = time.process_time()
    try:
        with pytest.raises(UnsupportedFile) as refused:
            reader(data)
        seconds = time.process_time() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.value.message and CJK.search(refused.value.message)
    assert str(refused.value) == refused.value.message
    assert seconds < 5.0
    assert peak < 32 * 1024 * 1024


def test_bomb_limits_are_configurable():
    small = h.docx(h.document_xml(h.p("x" * 5000)))
    assert sniff(small) == "docx"
    with pytest.raises(UnsupportedFile, match="压缩炸弹"):
        sniff(small, max_unpacked=1024)


def test_pdfium_refuses_encryption_the_byte_scan_missed(monkeypatch):
    monkeypatch.setattr(filetype, "_declares_encryption", lambda data: False)
    with pytest.raises(UnsupportedFile, match="加密"):
        sniff(h.encrypted_pdf())


@pytest.mark.parametrize(
    "data, kind",
    [
        (h.docx(h.document_xml(h.p("正文"))), "docx"),
        (h.docx(h.document_xml(h.p("正文"), prolog="<!-- generated -->")), "docx"),
        (h.minimal_pdf(), "pdf"),
        (b"\r\n" + h.minimal_pdf(), "pdf"),  # junk before the header is tolerated by readers
    ],
    ids=["minimal docx", "docx with prolog comment", "minimal pdf", "pdf after junk"],
)
def test_well_formed_minimal_files_are_accepted(data, kind):
    assert sniff(data) == kind


@pytest.mark.parametrize("path", h.corpus_files(".docx") + h.corpus_files(".pdf"), ids=lambda p: Path(p).name)
def test_every_corpus_file_sniffs_as_its_kind(path):
    # Judged by content: the same bytes under any name give the same answer.
    assert sniff(path.read_bytes()) == path.suffix.lstrip(".")


def test_corpus_is_present():
    assert h.CORPUS.is_dir(), f"corpus not found at {h.CORPUS} (set CORPUS_DIR)"
    assert len(h.corpus_files(".docx")) >= 10 and len(h.corpus_files(".pdf")) >= 10
