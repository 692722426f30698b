"""成文日期 lines in the forms they are printed in (Arabic or Chinese numerals, stray spaces)."""
from __future__ import annotations

import datetime

import pytest

from review.extract import parse_date


@pytest.mark.parametrize(
    "printed, iso",
    [
        ("2021年3月5日", "2021-03-05"),
        ("2018 年 12 月 31 日", "2018-12-31"),
        ("2022年 1月 9日", "2022-01-09"),
        ("  2023年11月02日 ", "2023-11-02"),
        ("２０２０年７月８日", "2020-07-08"),
        ("二〇一九年三月十五日", "2019-03-15"),
        ("二○二二年十二月三十一日", "2022-12-31"),
        ("二零二一年十月十日", "2021-10-10"),
        ("二〇二〇年 十一月 二十日", "2020-11-20"),
        ("二〇二三年二月二十八日", "2023-02-28"),
        ("二〇二四年一月二十一日", "2024-01-21"),
        # as offices print them (issue 12, item 5), and as OCR reads 〇
        ("2023年11月3日。", "2023-11-03"),
        ("2021年6月1日.", "2021-06-01"),
        ("2024年元月8日", "2024-01-08"),
        ("二〇二〇年元月十日", "2020-01-10"),
        ("2022年3月8号", "2022-03-08"),
        ("二0一九年三月十五日", "2019-03-15"),
    ],
)
def test_parse_date(printed, iso):
    assert parse_date(printed) == datetime.date.fromisoformat(iso)


@pytest.mark.parametrize(
    "text",
    [
        "2021年2月30日",  # no such day
        "2021年13月1日",
        "二〇二一年二月三十日",
        "二〇二一年十十月一日",
        "2021年3月5日印发",  # the 版记 印发日期 is not a 成文日期 line
        "2021年3月5号文件",
        "2021年元旦",
        "于2021年3月5日前报送",
        "2021年3月",
        "2021-03-05",
        "",
    ],
)
def test_not_a_date_line(text):
    assert parse_date(text) is None
