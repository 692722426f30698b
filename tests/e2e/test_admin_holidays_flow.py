"""The admin enters next year's holiday schedule in the browser; a typing error is refused with the
text kept, and an open request's deadline follows the entered schedule."""
from __future__ import annotations

import datetime as dt

import pytest

from review.enums import Role
from review.models import DisclosureRequest
from tests.domain.test_requests import registered
from tests.e2e.admin_navigator import Admin

pytestmark = pytest.mark.e2e


def test_admin_enters_a_year_the_library_does_not_cover(new_page, live_app, session, make_user):
    live_app.config["FIXED_NOW"] = "2026-12-15T10:00:00+08:00"
    req = registered(session, make_user(Role.REQUEST_OFFICER), received=dt.date(2026, 12, 10))
    assert req.due_on == dt.date(2027, 1, 7)  # 2027 not covered yet: weekends only
    office = Admin(new_page()).log_in(make_user(Role.ADMIN).username)
    office.open_admin("节假日安排")
    assert "未录入，期限暂按周末推算" in office.page.locator('#coverage li[data-year="2027"]').inner_text()

    typed = "2027-01-01至2027-01-03\n2027-02-06至2027-02-12\n2027-02-31"
    office.fill_holidays(2027, typed, "2027-02-14", "国办发明电〔2026〕7号")
    assert "第 3 行“2027-02-31”中的日期不存在" in office.page.locator("#form-error").inner_text()
    form = office.page.locator("#holiday-form")
    assert form.get_by_label("放假日期", exact=False).input_value() == typed

    office.fill_holidays(2027, typed.replace("2027-02-31", "2027-04-05"), "2027-02-14", "国办发明电〔2026〕7号")
    assert "已录入 2027 年节假日安排：放假 11 天，调休上班 1 天" in office.flash()
    row = office.holiday_year(2027)
    assert "11 天" in row and "2027-02-14" in row and "国办发明电〔2026〕7号" in row
    assert "已录入" in office.page.locator('#coverage li[data-year="2027"]').inner_text()

    session.rollback()  # the test's read transaction predates the server's write (SQLite snapshot)
    assert session.get(DisclosureRequest, req.id).due_on == dt.date(2027, 1, 8)
