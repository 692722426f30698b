""".docx reading: body order with tables and text boxes, alignment from styles, tracked changes,
and the elements found in generated documents (invented organs and numbers)."""
from __future__ import annotations

import pytest

from review.extract import Elements, UnsupportedFile, extract_bytes, extract_path
from tests.unit import _hostile as h
from tests.unit._hostile import p, table


def closing_doc(*closing: str, header: tuple[str, ...] = (), parts=None) -> bytes:
    head = header or (
        p("云南省卫生健康委员会文件", "center", size=30),
        p("云卫发〔2021〕11号", "center"),
        p("云南省卫生健康委员会关于加强", "center", size=22),
        p("村卫生室建设的通知", "center", size=22),
    )
    body = (p("各州、市卫生健康委："), p("现将有关事项通知如下。", "both"), p("一、加强建设。", "both"))
    return h.docx(h.document_xml(*head, *body, *closing), parts=parts)


def test_marking_in_a_vml_text_box():
    e = extract_bytes(closing_doc(
        p("云南省卫生健康委员会", "right"), p("2021年4月6日", "right"),
        p(raw=h.vml_textbox(p("（此件主动公开）"))),
    ))
    assert (e.signed_date, e.marking, e.marking_text) == ("2021-04-06", "active", "（此件主动公开）")
    assert e.doc_number == "云卫发〔2021〕11号"
    assert e.title == "云南省卫生健康委员会关于加强村卫生室建设的通知"


def test_dml_text_box_is_read_once_not_with_its_fallback_copy():
    e = extract_bytes(closing_doc(
        p("云南省卫生健康委员会", "right"),
        p("2021年4月6日", "right", raw=h.dml_textbox(p("（此件依申请公开）"))),
    ))
    assert e.text.count("此件依申请公开") == 1
    assert e.marking == "on_request"


def test_header_and_closing_in_table_cells():
    header = (
        table([p("贵州省卫生健康委员会", "center")], [p("黔卫健函〔2022〕4号", "center")]),
        p("关于报送年度统计报表的通知", "center"),
    )
    e = extract_bytes(closing_doc(
        table(["", p("贵州省卫生健康委员会", "center")], ["", p("2022年1月6日", "center")],
              [p("（此件不公开）"), ""]),
        header=header,
    ))
    assert e.doc_number == "黔卫健函〔2022〕4号"
    assert e.title == "关于报送年度统计报表的通知"
    assert (e.issuer, e.signed_date, e.marking) == ("贵州省卫生健康委员会", "2022-01-06", "non_disclosable")


def test_signature_pushed_right_with_spaces_and_chinese_date():
    e = extract_bytes(closing_doc(
        p("\u3000" * 12 + "云南省卫生健康委员会"),
        p("\u3000" * 12 + "二〇二一年四月六日"),
        p("（此件公开发布）"),
    ))
    assert (e.issuer, e.signed_date) == ("云南省卫生健康委员会", "2021-04-06")


def test_title_with_soft_line_breaks_and_number_with_tabbed_signer():
    header = (
        p("甘肃省卫生健康委员会文件", "center"),
        p("甘卫发〔2020〕7号\t\t签发人：郭某"),
        p("甘肃省卫生健康委员会关于申请\n专项资金的请示", "center"),
    )
    e = extract_bytes(closing_doc(p("甘肃省卫生健康委员会", "right"), p("2020年3月3日", "right"), header=header))
    assert e.doc_number == "甘卫发〔2020〕7号"
    assert e.title == "甘肃省卫生健康委员会关于申请专项资金的请示"


def test_alignment_from_named_styles_following_based_on():
    header = (
        p("陕卫发〔2016〕007号", style="Banner"),
        p("关于做好冬春季防控工作的通知", style="Child"),
    )
    doc = closing_doc(p("陕西省卫生健康委员会", style="Banner"), p("2016年12月1日", style="Sign"),
                      header=header, parts={"word/styles.xml": h.styles_xml(Banner="center", Sign="right")})
    e = extract_bytes(doc)
    assert e.doc_number == "陕卫发〔2016〕7号"
    assert e.title == "关于做好冬春季防控工作的通知"
    assert (e.issuer, e.signed_date) == ("陕西省卫生健康委员会", "2016-12-01")


def test_tracked_deletions_are_not_text_insertions_are():
    deleted = '<w:del w:id="1" w:author="a"><w:r><w:delText>（此件不予公开）</w:delText></w:r></w:del>'
    inserted = '<w:ins w:id="2" w:author="a"><w:r><w:t>（此件主动公开）</w:t></w:r></w:ins>'
    e = extract_bytes(closing_doc(
        p("云南省卫生健康委员会", "right"), p("2021年4月6日", "right"), p(raw=deleted + inserted),
    ))
    assert "不予公开" not in e.text
    assert e.marking_text == "（此件主动公开）"


def test_dates_in_a_data_table_are_not_the_signed_date():
    data = table(
        [p("序号"), p("单位"), p("完成日期")],
        [p("1"), p("昆明市卫生健康委员会"), p("2021年3月1日")],
    )
    e = extract_bytes(closing_doc(
        data, p("云南省卫生健康委员会", "right"), p("2021年4月6日", "right"), p("（此件主动公开）"),
    ))
    assert e.signed_date == "2021-04-06"


def test_text_holds_paragraphs_tables_and_text_boxes_in_order():
    e = extract_bytes(h.docx(h.document_xml(
        p("第一段"), table([p("单元格甲"), p("单元格乙")]), p("第二段", raw=h.vml_textbox(p("文本框内"))), p("第三段"),
    )))
    assert e.text.split("\n") == ["第一段", "单元格甲", "单元格乙", "第二段", "文本框内", "第三段"]
    assert e.pages is None


def test_as_json_has_exactly_the_label_keys():
    e = extract_bytes(closing_doc(p("云南省卫生健康委员会", "right"), p("2021年4月6日", "right")))
    assert list(e.as_json("x.docx")) == [
        "file", "doc_number", "issuer", "title", "signed_date", "marking", "marking_text", "secrecy",
        "upstream_numbers", "pages", "co_issuers", "marking_at", "ocr",
    ]
    assert e.as_json("x.docx")["marking"] is None


def test_kind_comes_from_content_not_name(tmp_path):
    path = tmp_path / "looks-like.pdf"
    path.write_bytes(closing_doc(p("云南省卫生健康委员会", "right"), p("2021年4月6日", "right")))
    assert isinstance(extract_path(path), Elements)
    assert extract_path(path).doc_number == "云卫发〔2021〕11号"


def test_explicit_kind_still_checks_the_file():
    with pytest.raises(UnsupportedFile, match="DOCTYPE"):
        extract_bytes(h.entity_bomb_docx(), kind="docx")
