"""Scanned PDFs (issue 12, item 10): detected as image-only and read by Tesseract (chi_sim).

The scans are made here from documents written for the tests (rendered, turned, speckled, wrapped
back into a PDF); accuracy over scans of the whole corpus is measured by ``bench/ocr.py``.
"""
from __future__ import annotations

import pytest

from review.extract import extract_bytes, ocr
from tests.unit._documents import L, banner, body, number, right, title, to_pdf
from tests.unit._scan import scan

needs_tesseract = pytest.mark.usefixtures("tesseract_installed")

NOTICE = [
    banner("东山市卫生健康委员会文件"), number("东卫发〔2024〕17号"),
    *title("东山市卫生健康委员会关于做好", "夏季高温中暑防治工作的通知"),
    L("各县（区）卫生健康局，委直属各单位："),
    *body("为切实做好夏季高温中暑防治工作，保障人民群众身体健康，现将有关事项通知如下。",
          "一、加强组织领导。各地要高度重视，落实工作责任。", "二、做好医疗救治。各医疗机构要做好救治准备。"),
    *right("东山市卫生健康委员会", "2024年6月18日"), L("（此件主动公开）"),
]


def test_a_text_pdf_is_not_read_by_ocr():
    assert extract_bytes(to_pdf(NOTICE)).ocr is False


@needs_tesseract
def test_a_scanned_notice_is_read_by_ocr():
    scanned = scan(to_pdf(NOTICE), dpi=200, max_angle=0.6, seed=7)
    e = extract_bytes(scanned)
    assert e.ocr is True and e.pages == 1
    assert e.doc_number == "东卫发〔2024〕17号"
    assert e.signed_date == "2024-06-18"
    assert (e.marking, e.marking_at) == ("active", "after_date")
    assert "高温中暑" in e.text


def test_pages_read_are_the_first_ones_and_the_last():
    assert ocr.page_indexes(3) == [0, 1, 2]
    assert ocr.page_indexes(40) == [*range(ocr.MAX_PAGES - 1), 39]


@needs_tesseract
def test_a_blank_image_only_pdf_gives_no_fields_but_is_marked_ocr():
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (1240, 1754), 255).save(buf, "PDF", resolution=150)
    e = extract_bytes(buf.getvalue())
    assert e.ocr is True and e.pages == 1
    assert (e.doc_number, e.signed_date, e.marking, e.title) == (None, None, None, None)


@pytest.mark.parametrize("read, repaired", [
    ("禾卫办发【2023]9与", "禾卫办发〔2023〕9号"),      # 号 read as a look-alike
    ("南卫健字【2022]j 22号", "南卫健字〔2022〕22号"),  # a stray stroke after the bracket
    ("禾卫发【2021j 40号", "禾卫发〔2021〕40号"),  # a bracket read as a letter
    ("禾卫医发(2024]j 3号", "禾卫医发〔2024〕3号"),
    ("禾卫联发2022]j 4号", "禾卫联发〔2022〕4号"),
    ("根据国卫办发〔2020〕5号文件", "根据国卫办发〔2020〕5号文件"),
    ("禾卫发和2021〕40号", "禾卫发〔2021〕40号"),      # the opening bracket read as 和
    ("禾卫发和(2021) 40号", "禾卫发〔2021〕40号"),
    ("卫生和2021年工作", "卫生和2021年工作"),          # 和 in a sentence stays
    ("晋卫办图〔2020〕19号", "晋卫办函〔2020〕19号"),  # 函 read as 图: no 代字 ends with 图
    ("见附图〔2020〕", "见附图〔2020〕"),
    ("东卫健国〔2024〕2号", "东卫健函〔2024〕2号"),
    ("国发〔2024〕2号", "国发〔2024〕2号"),
    ("禾卫基层发[20191]5号", "禾卫基层发〔2019〕5号"),  # the closing bracket read as a 1
    ("松卫发(2023 3号", "松卫发〔2023〕3号"),           # the closing bracket lost
    ("\\此件不予公开)", "（此件不予公开）"),           # parentheses read as other strokes
    ("I此件不公开|", "（此件不公开）"),
    ("2020年7月8:日", "2020年7月8日"),                # a speck read as a colon
    ("2020年7月8日印发", "2020年7月8日印发"),
    ("2023下6月5日", "2023年6月5日"),                 # 年 read as a look-alike
    ("2020年7月8目", "2020年7月8日"),
    ("二O〇二三年八月七日", "二〇二三年八月七日"),     # one 〇 too many
    ("二〇〇二年八月七日", "二〇〇二年八月七日"),      # 2002 is left alone
    ("松原区卫生健康局天于做好", "松原区卫生健康局关于做好"),  # 关 read as 天
    ("天于印发方案的通知", "关于印发方案的通知"),
    ("值班人员每天于8时到岗。", "值班人员每天于8时到岗。"),
    ("(此件主动公开，联系人:张明，电话;0871-6123456)", "(此件主动公开，联系人：张明，电话：0871-6123456)"),
    ("请通过电话，及时报告。", "请通过电话，及时报告。"),
    ("(此件主动公开)", "(此件主动公开)"),              # a good reading is left as read
    ("为做好此件工作，现予公开。", "为做好此件工作，现予公开。"),
])
def test_ocr_misreadings_are_repaired(read, repaired):
    assert ocr.repair(read) == repaired
