"""The same PDF gives the same elements whatever fonts the server has (issue 12, item 11).

Layout comes from what the file says — character origins, advances from the PDF font's widths,
the font size in the content stream — never from the glyphs of a substituted font. The one
thing PDFium does differently without a CJK font is drop a text object that draws a single
character it has no glyph for; a CJK font is therefore a stated requirement (``dev.py test``
installs fonts-wqy-microhei), checked here.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from review.extract import extract_bytes
from review.extract.filetype import open_pdf
from review.extract.pdf_reader import read_pdf
from tests.conftest import CORPUS, REPO
from tests.unit._documents import L, banner, body, number, right, title, to_pdf
from tests.unit.unseen_cases import CASES


def _lines(data: bytes):
    doc = open_pdf(data)
    try:
        return read_pdf(doc).lines
    finally:
        doc.close()


def test_sizes_and_places_are_the_files_own():
    blocks = [banner("南湖区卫生健康局文件"), number("南卫发〔2024〕3号"),
              *title("南湖区卫生健康局", "关于做好2024年《服务规范》培训的通知"),
              L("各街道社区卫生服务中心："), *body("现将有关事项通知如下。"),
              *right("南湖区卫生健康局", "2024年3月1日"), L("（此件主动公开）")]
    lines = {}
    for line in _lines(to_pdf(blocks)):
        lines.setdefault(line.text, line)
    assert lines["南湖区卫生健康局文件"].size == 30.0
    assert lines["南湖区卫生健康局"].size == lines["关于做好2024年《服务规范》培训的通知"].size == 22.0
    assert lines["南卫发〔2024〕3号"].size == 16.0
    assert lines["南湖区卫生健康局文件"].align == "center" and lines["2024年3月1日"].align == "right"
    e = extract_bytes(to_pdf(blocks))
    assert e.title == "南湖区卫生健康局关于做好2024年《服务规范》培训的通知"


def _lone_character() -> bytes:
    return to_pdf([*title("南湖区卫生健康局关于开展爱国卫生月活动的通"), L("知", "center", 22.0), L("各街道：")])


def test_a_cjk_font_is_installed_so_a_lone_character_is_kept():
    """PDFium skips a text object whose glyph box is empty: one character of a non-embedded CJK
    font, on a server without any CJK font."""
    data = _lone_character()
    missing = "缺少中文字体：请安装 fonts-wqy-microhei（dev.py test 会自动安装）"
    assert extract_bytes(data).text.split("\n")[1] == "知", missing


FONT_DIR = "/usr/share/fonts"


def _without_fonts(args: list[str], empty: str) -> list[str]:
    """Run ``args`` in a mount namespace of its own where the system font folder is empty, as on a
    server without fonts (PDFium reads fonts from this folder)."""
    return ["unshare", "--mount", "sh", "-c", f'mount --bind "$0" {FONT_DIR} && exec "$@"', empty, *args]


@pytest.mark.skipif(not (hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("unshare")),
                    reason="hiding the system fonts needs root and unshare")
def test_same_elements_without_any_system_font(tmp_path):
    """Every unseen PDF and every corpus PDF, parsed here and in a process where PDFium sees no font."""
    paths = sorted(str(p) for p in CORPUS.glob("*.pdf"))
    for case in CASES:
        # (a lone character on a line of its own is the stated exception: the control below)
        if "pdf" in case.formats and case.id not in ("marking-with-contact-1", "title-join-0"):
            path = tmp_path / f"{case.id}.pdf"
            path.write_bytes(to_pdf(case.blocks))
            paths.append(str(path))
    assert len(paths) > 50
    control = tmp_path / "lone-character.pdf"
    control.write_bytes(_lone_character())
    paths.append(str(control))
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    args = _without_fonts([sys.executable, "-m", "tests.unit._extract_json", *paths], str(empty))
    out = subprocess.run(args, cwd=REPO, capture_output=True, text=True, check=True, timeout=300).stdout
    without = [json.loads(line) for line in out.splitlines()]
    from review.extract import extract_path

    with_fonts = [extract_path(p).as_json(p) for p in paths]
    # the control proves the fonts were hidden: without them PDFium loses the lone 知
    assert with_fonts[-1]["title"] == "南湖区卫生健康局关于开展爱国卫生月活动的通知"
    assert without[-1]["title"] != with_fonts[-1]["title"]
    assert without[:-1] == with_fonts[:-1]
