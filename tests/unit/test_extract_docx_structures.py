""".docx files built the ways Word and WPS users build them, written after the parser was finished
(2026-12-01): title lines joined by line breaks in one bold paragraph, the 版头 and number in a table,
the signature placed by full-width spaces or tabs instead of right alignment, every run split (as Word
splits them for spelling and revisions), no font sizes at all, a 版记 with its own 印发 date.
"""

from __future__ import annotations

import io
import re

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH as A
from docx.shared import Pt

from review.extract import extract_bytes


def doc(build):
    d = docx.Document()
    build(d)
    b = io.BytesIO()
    d.save(b)
    return b.getvalue()


def p(d, text, align=A.LEFT, size=None, runs=None, bold=False):
    para = d.add_paragraph()
    para.alignment = align
    for t in runs or [text]:
        r = para.add_run(t)
        r.bold = bold
        if size:
            r.font.size = Pt(size)
    return para


BODY = [
    "各市（州）卫生健康委：",
    "　　为进一步做好相关工作，现将有关事项通知如下。",
    "　　一、提高认识。",
    "　　二、明确要求。",
]


def std_body(d):
    for t in BODY:
        p(d, t, A.JUSTIFY, 16)


def v1(d):  # title lines joined by line breaks in one paragraph, no explicit sizes, bold
    p(d, "西陵省卫生健康委员会文件", A.CENTER, 36)
    p(d, "西卫发〔2023〕11号", A.CENTER)
    para = d.add_paragraph()
    para.alignment = A.CENTER
    r = para.add_run("西陵省卫生健康委员会关于做好")
    r.bold = True
    r.add_break()
    r2 = para.add_run("院感防控工作的通知")
    r2.bold = True
    std_body(d)
    p(d, "西陵省卫生健康委员会", A.RIGHT)
    p(d, "2023年3月6日", A.RIGHT)
    p(d, "（此件主动公开）", A.LEFT)


def v2(d):  # banner and number in a table
    t = d.add_table(rows=2, cols=1)
    t.rows[0].cells[0].paragraphs[0].add_run("白川市卫生健康委员会文件").font.size = Pt(36)
    t.rows[0].cells[0].paragraphs[0].alignment = A.CENTER
    t.rows[1].cells[0].paragraphs[0].add_run("白卫发〔2022〕19号").font.size = Pt(16)
    t.rows[1].cells[0].paragraphs[0].alignment = A.CENTER
    p(d, "白川市卫生健康委员会关于开展", A.CENTER, 22)
    p(d, "医疗卫生行风建设专项行动的通知", A.CENTER, 22)
    std_body(d)
    p(d, "白川市卫生健康委员会", A.RIGHT, 16)
    p(d, "2022年7月8日", A.RIGHT, 16)
    p(d, "（此件依申请公开）", A.LEFT, 16)


def v3(d):  # WPS style: date by indentation
    p(d, "临泽县卫生健康局文件", A.CENTER, 36)
    p(d, "临卫发〔2024〕8号", A.CENTER, 16)
    p(d, "临泽县卫生健康局关于印发", A.CENTER, 22)
    p(d, "2024年卫生应急工作要点的通知", A.CENTER, 22)
    std_body(d)
    p(d, "　　　　　　　　　　　　　　　　临泽县卫生健康局", A.LEFT, 16)
    p(d, "　　　　　　　　　　　　　　　　2024年2月2日", A.LEFT, 16)
    p(d, "　　（此件主动公开）", A.LEFT, 16)


def v4(d):  # split runs everywhere
    p(d, "", A.CENTER, 36, runs=["松原区", "卫生健康局", "文件"])
    p(d, "", A.CENTER, 16, runs=["松卫发", "〔", "2021", "〕", "9", "号"])
    p(d, "", A.CENTER, 22, runs=["松原区卫生健康局关于", "做好", "2021年", "度"])
    p(d, "", A.CENTER, 22, runs=["基本药物", "配备使用", "工作的通知"])
    std_body(d)
    p(d, "", A.RIGHT, 16, runs=["松原区", "卫生健康局"])
    p(d, "", A.RIGHT, 16, runs=["2021", "年", "4", "月", "7", "日"])
    p(d, "", A.LEFT, 16, runs=["（此件", "主动", "公开）"])


def v5(d):  # signature block via tabs on left-aligned paragraph
    p(d, "西陵省卫生健康委员会文件", A.CENTER, 36)
    p(d, "西卫发〔2020〕21号", A.CENTER, 16)
    p(d, "西陵省卫生健康委员会关于调整", A.CENTER, 22)
    p(d, "省级临床重点专科的通知", A.CENTER, 22)
    std_body(d)
    p(d, "\t\t\t\t\t\t西陵省卫生健康委员会", A.LEFT, 16)
    p(d, "\t\t\t\t\t\t2020年4月9日", A.LEFT, 16)
    p(d, "（此件不予公开）", A.LEFT, 16)


def v6(d):  # no sizes at all (everything default size), title detected by position/bold?
    p(d, "白川市卫生健康委员会文件", A.CENTER)
    p(d, "白卫发〔2021〕5号", A.CENTER)
    p(d, "白川市卫生健康委员会关于做好春节期间", A.CENTER, bold=True)
    p(d, "医疗服务保障工作的通知", A.CENTER, bold=True)
    for t in BODY:
        p(d, t, A.JUSTIFY)
    p(d, "白川市卫生健康委员会", A.RIGHT)
    p(d, "2021年1月28日", A.RIGHT)
    p(d, "（此件主动公开）", A.LEFT)


def v7(d):  # marking before body? some put （此件公开发布） under title
    p(d, "临泽县卫生健康局文件", A.CENTER, 36)
    p(d, "临卫发〔2023〕50号", A.CENTER, 16)
    p(d, "临泽县卫生健康局关于公布", A.CENTER, 22)
    p(d, "2023年度家庭医生服务团队名单的通知", A.CENTER, 22)
    std_body(d)
    p(d, "临泽县卫生健康局", A.RIGHT, 16)
    p(d, "2023年12月1日", A.RIGHT, 16)
    p(d, "（此件公开发布）", A.LEFT, 16)
    p(d, "", A.LEFT, 16)
    p(d, "抄送：县政府办。", A.LEFT, 14)
    p(d, "临泽县卫生健康局办公室　　　　　　　　2023年12月1日印发", A.LEFT, 14)


E = {
    "v1": (
        "西卫发〔2023〕11号",
        "2023-03-06",
        "active",
        "西陵省卫生健康委员会关于做好院感防控工作的通知",
        "西陵省卫生健康委员会",
    ),
    "v2": (
        "白卫发〔2022〕19号",
        "2022-07-08",
        "on_request",
        "白川市卫生健康委员会关于开展医疗卫生行风建设专项行动的通知",
        "白川市卫生健康委员会",
    ),
    "v3": (
        "临卫发〔2024〕8号",
        "2024-02-02",
        "active",
        "临泽县卫生健康局关于印发2024年卫生应急工作要点的通知",
        "临泽县卫生健康局",
    ),
    "v4": (
        "松卫发〔2021〕9号",
        "2021-04-07",
        "active",
        "松原区卫生健康局关于做好2021年度基本药物配备使用工作的通知",
        "松原区卫生健康局",
    ),
    "v5": (
        "西卫发〔2020〕21号",
        "2020-04-09",
        "non_disclosable",
        "西陵省卫生健康委员会关于调整省级临床重点专科的通知",
        "西陵省卫生健康委员会",
    ),
    "v6": (
        "白卫发〔2021〕5号",
        "2021-01-28",
        "active",
        "白川市卫生健康委员会关于做好春节期间医疗服务保障工作的通知",
        "白川市卫生健康委员会",
    ),
    "v7": (
        "临卫发〔2023〕50号",
        "2023-12-01",
        "active",
        "临泽县卫生健康局关于公布2023年度家庭医生服务团队名单的通知",
        "临泽县卫生健康局",
    ),
}
FIELDS = ("doc_number", "signed_date", "marking", "title", "issuer")


@pytest.mark.parametrize("name", sorted(E))
def test_docx_structures(name):
    got = extract_bytes(doc(globals()[name]))
    read = tuple(re.sub(r"\s", "", v) if isinstance(v, str) else v for v in (getattr(got, f) for f in FIELDS))
    assert dict(zip(FIELDS, read, strict=True)) == dict(zip(FIELDS, E[name], strict=True))
