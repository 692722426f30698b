"""The 告知书 (answer letter) of a disclosure request, as .docx bytes (python-docx; no Flask, no database).

The template is the wording below: title, number, addressee, what was asked, the decision in the
yearly report's category with its legal basis, the officer's text, the remedies, organ and date.
"""
from __future__ import annotations

import datetime as dt
import io

from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from .request_enums import Outcome, OutcomeGroup

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE = "政府信息公开申请答复告知书"

#: The decision sentence of each group, with the article of 《中华人民共和国政府信息公开条例》 it rests on.
DECISIONS = {
    OutcomeGroup.GRANTED: "经审查，您申请获取的政府信息属于公开范围。根据《中华人民共和国政府信息公开条例》"
                          "第三十六条第（二）项的规定，本机关决定予以公开，现向您提供。",
    OutcomeGroup.PARTIAL: "经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理。根据《中华人民共和国"
                          "政府信息公开条例》第三十七条的规定，本机关向您提供可以公开的内容，对不予公开的内容说明理由如下。",
    OutcomeGroup.WITHHELD: "经审查，您申请获取的政府信息{reason}。根据《中华人民共和国政府信息公开条例》第三十六条"
                           "第（三）项的规定，本机关决定不予公开。",
    OutcomeGroup.UNABLE: "经审查，{reason}。根据《中华人民共和国政府信息公开条例》第三十六条的规定，本机关无法提供。",
    OutcomeGroup.NOT_PROCESSED: "经审查，您的申请{reason}。根据《中华人民共和国政府信息公开条例》第三十五条、"
                                "第三十六条、第三十九条的规定，本机关不予处理。",
    OutcomeGroup.OTHER: "{reason}。根据《中华人民共和国政府信息公开条例》第三十条、第四十二条的规定，"
                        "本机关作如下处理。",
}
REMEDY = ("如对本答复不服，可以自收到本告知书之日起六十日内依法申请行政复议，"
          "或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。")


def _decision(outcome: Outcome) -> str:
    return DECISIONS[outcome.group].format(reason=outcome.label)


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def answer_letter(*, number: str, organ: str, requester: str, received_on: dt.date, request_text: str,
                  outcome: Outcome, answer_text: str, answered_on: dt.date,
                  documents: list[tuple[str, str | None]]) -> bytes:
    """``documents``: (what the requester cited, our title or None when not in our register)."""
    d = DocxDocument()
    style = d.styles["Normal"]
    style.font.size = Pt(14)

    def para(text: str, align=None, bold: bool = False) -> None:
        p = d.add_paragraph()
        run = p.add_run(text)
        run.bold = bold
        if align is not None:
            p.alignment = align

    para(TITLE, WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    para(f"{number}告", WD_ALIGN_PARAGRAPH.CENTER)
    para(f"{requester}：")
    para(f"本机关于{chinese_date(received_on)}收到您提出的政府信息公开申请（编号：{number}），申请内容为：“{request_text}”。")
    if documents:
        missing = "（经查，本机关文件登记中未找到该文件）"
        cited = "；".join(c + ("" if title else missing) for c, title in documents)
        para(f"您所申请的文件：{cited}。")
    para(_decision(outcome))
    para(f"答复类别：{outcome.full_label}。")
    for line in answer_text.splitlines():
        if line.strip():
            para(line.strip())
    para(REMEDY)
    para(organ, WD_ALIGN_PARAGRAPH.RIGHT)
    para(chinese_date(answered_on), WD_ALIGN_PARAGRAPH.RIGHT)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
