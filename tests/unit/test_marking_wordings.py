"""How a printed 附注 wording is classified (issue 6, item 7): a wording that negates 公开 is never
active; one that cannot be classified with certainty gives no attribute, and the parser still
reports the text it saw."""
from __future__ import annotations

import pytest

from review.enums import Attribute, attribute_of_marking
from review.extract.layout import analyse
from review.extract.model import Line

A, R, N = Attribute.ACTIVE, Attribute.ON_REQUEST, Attribute.NON_DISCLOSABLE


@pytest.mark.parametrize("wording, attribute", [
    ("此件主动公开", A), ("此件公开发布", A), ("信息公开形式：主动公开", A), ("公开方式：主动公开", A),
    ("此件依申请公开", R), ("此件可依申请公开", R), ("依申请予以公开", R),
    ("此件不予公开", N), ("此件不公开", N), ("本件不公开", N), ("该件不予公开", N), ("此件不宜公开", N),
    ("此件暂不公开", N), ("免予公开", N), ("此件不得公开", N),
    # a negation of a qualified 公开: what is meant instead cannot be told
    ("此件不主动公开", None), ("此件不予主动公开", None), ("此件非主动公开", None), ("本件不作主动公开", None),
    ("此件不依申请公开", None), ("此件无需主动公开", None),
    ("此件", None), ("联系人：张三", None),
])
def test_wording(wording, attribute):
    assert attribute_of_marking(wording) is attribute


@pytest.mark.parametrize("printed", ["（此件不主动公开）", "（此件不予主动公开）", "(本件非主动公开)"])
def test_a_negated_marking_is_reported_as_text_without_an_attribute(printed):
    e = analyse([Line("关于报送数据的通知", "center"), Line("各单位："), Line("现将有关事项通知如下。"),
                 Line("东山市卫生健康局", "right"), Line("2024年5月6日", "right"), Line(printed)], soft_wrapped=False)
    assert e.marking is None
    assert (e.marking_text, e.marking_at) == (printed, "after_date")


def test_a_marking_shares_its_parentheses_with_a_contact_line_either_way():
    for printed, attribute in (("（此件不予公开；联系人：赵六，电话：1234567）", "non_disclosable"),
                               ("（联系人：赵六，电话：1234567，此件主动公开）", "active")):
        e = analyse([Line("关于报送数据的通知", "center"), Line("各单位："), Line("现将有关事项通知如下。"),
                     Line("东山市卫生健康局", "right"), Line("2024年5月6日", "right"), Line(printed)],
                    soft_wrapped=False)
        assert (e.marking, e.marking_text) == (attribute, printed)


def test_a_contact_line_alone_is_still_not_a_marking():
    e = analyse([Line("关于报送数据的通知", "center"), Line("各单位："), Line("现将有关事项通知如下。"),
                 Line("东山市卫生健康局", "right"), Line("2024年5月6日", "right"),
                 Line("（联系人：赵六，电话：1234567）")], soft_wrapped=False)
    assert (e.marking, e.marking_text, e.marking_at) == (None, None, None)
