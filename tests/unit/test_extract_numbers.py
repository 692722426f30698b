"""发文字号: normal form and finding cited numbers in running text (cases invented, not from the corpus)."""
from __future__ import annotations

import pytest

from review.extract import DOC_NUMBER_RE, find_doc_numbers, normalise_doc_number


@pytest.mark.parametrize(
    "printed, normal",
    [
        ("粤卫办函［2021］ 7 号", "粤卫办函〔2021〕7号"),
        ("苏卫发(2018)3号", "苏卫发〔2018〕3号"),
        ("浙卫发﹝2022﹞15号", "浙卫发〔2022〕15号"),
        ("闽卫医政〔2019〕 102号", "闽卫医政〔2019〕102号"),
        ("湘卫发【2020】8号", "湘卫发〔2020〕8号"),
        ("鲁卫函（2023）１２号", "鲁卫函〔2023〕12号"),
        ("川卫办发 [2017] 45 号", "川卫办发〔2017〕45号"),
        ("黔卫健发〔2021〕第6号", "黔卫健发〔2021〕6号"),
        ("陕卫发〔2016〕007号", "陕卫发〔2016〕7号"),
        ("国卫办政务函〔２０１９〕６９８号", "国卫办政务函〔2019〕698号"),
        ("  琼卫发〔2024〕1号\n", "琼卫发〔2024〕1号"),
    ],
)
def test_normalise_doc_number(printed, normal):
    assert normalise_doc_number(printed) == normal


@pytest.mark.parametrize("text", ["", "无文号", "2021年3月5日", "〔2021〕7号"])
def test_normalise_leaves_non_numbers_tidy(text):
    assert normalise_doc_number(text) == "".join(text.split())


def test_doc_number_re_matches_a_bare_number():
    match = DOC_NUMBER_RE.fullmatch("冀卫发(2020)12号")
    assert match and (match["code"], match["year"], match["serial"]) == ("冀卫发", "2020", "12")


@pytest.mark.parametrize(
    "text, numbers",
    [
        ("根据《关于X的意见》（国办发〔2019〕54号）和《关于Y的通知》（粤府办〔2020〕3 号）要求，",
         ["国办发〔2019〕54号", "粤府办〔2020〕3号"]),
        ("按照苏卫发(2018)3号文件精神", ["苏卫发〔2018〕3号"]),
        ("贯彻落实浙卫发﹝2022﹞15号和浙卫办〔2022〕9号", ["浙卫发〔2022〕15号", "浙卫办〔2022〕9号"]),
        ("（晋政办发〔2020〕38号）……再次强调（晋政办发〔2020〕38 号）", ["晋政办发〔2020〕38号"]),
        ("详见附件3。参照豫卫医〔2021〕 11号执行。", ["豫卫医〔2021〕11号"]),
        ("（国卫办医函\n〔2021〕 12号）", []),  # a paragraph break inside a number is not a number
        ("2021年（第3号）公告", []),
        ("经测算〔2021〕年度", []),
        ("和政发〔2021〕4号", ["和政发〔2021〕4号"]),  # a code may itself start with 和
        ("见（渝 卫 发〔2020〕3 号）", ["渝卫发〔2020〕3号"]),  # letter-spaced PDF text
    ],
)
def test_find_doc_numbers(text, numbers):
    assert find_doc_numbers(text) == numbers


def test_find_doc_numbers_on_long_text_is_linear():
    text = "为进一步加强管理，" * 20000 + "依据桂卫发〔2022〕21号文件。"
    assert find_doc_numbers(text) == ["桂卫发〔2022〕21号"]
