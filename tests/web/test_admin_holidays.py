"""节假日安排 in the browser: the admin enters a year the calendar library does not cover, through the
same operation as the CLI (audit event, open request deadlines recomputed); every refusal shows the
page again (422) with a Chinese message and the text kept, and stores nothing."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from review.enums import Role
from review.models import AuditEvent, DisclosureRequest, HolidayDay, HolidayYear
from tests.domain.test_requests import registered

D = dt.date
#: The 2027 schedule typed as from the notice (dates invented for the test, shaped like a real one).
NOTICE = {"year": "2027", "holidays": "2027-01-01至2027-01-03\n2027年2月6日—2027年2月12日\n\n2027/4/5",
          "workdays": "2027-02-14", "source": "国办发明电〔2026〕7号"}


@pytest.fixture
def admin_client(app, login, make_user):
    app.config["FIXED_NOW"] = "2026-12-15T10:00:00+08:00"
    boss = make_user(Role.ADMIN)
    return login(boss), boss


def holiday_events(session) -> list[AuditEvent]:
    return session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "holidays.enter")
                           .order_by(AuditEvent.id)).all()


def test_page_lists_entered_years_and_what_the_library_covers(admin_client, client, login, make_user):
    admin, _ = admin_client
    page = admin.get("/admin/holidays").get_data(as_text=True)
    assert "日历库覆盖 2004–2026 年" in page
    assert "由日历库提供" in page.split('data-year="2026"')[1].split("</li>")[0]
    assert "未录入，期限暂按周末推算" in page.split('data-year="2027"')[1].split("</li>")[0]
    assert "尚未录入任何年份" in page
    assert 'href="/admin/holidays">节假日安排</a>' in admin.get("/admin/settings").get_data(as_text=True)
    login(make_user(Role.REQUEST_OFFICER))
    assert client.get("/admin/holidays").status_code == 403
    assert client.post("/admin/holidays", data=NOTICE).status_code == 403


def test_admin_enters_a_year_and_open_deadlines_follow(admin_client, session, make_user):
    admin, boss = admin_client
    officer = make_user(Role.REQUEST_OFFICER)
    req = registered(session, officer, received=D(2026, 12, 10))
    assert req.due_on == D(2027, 1, 7)  # 2027 counted by weekends only

    response = admin.post("/admin/holidays", data=NOTICE)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    session.expire_all()
    year = session.get(HolidayYear, 2027)
    off = [d.day for d in year.days if not d.is_workday]
    assert off == [D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3), *[D(2027, 2, n) for n in range(6, 13)], D(2027, 4, 5)]
    assert [d.day for d in year.days if d.is_workday] == [D(2027, 2, 14)]
    assert year.source == "国办发明电〔2026〕7号" and year.entered_by_id == boss.id
    [event] = holiday_events(session)
    assert event.actor_id == boss.id and event.detail["after"]["year"] == 2027
    assert event.detail["before"] is None and len(event.detail["after"]["holidays"]) == 11
    assert session.get(DisclosureRequest, req.id).due_on == D(2027, 1, 8)  # recomputed in the same transaction

    page = admin.get("/admin/holidays").get_data(as_text=True)
    assert "已录入 2027 年节假日安排：放假 11 天，调休上班 1 天" in page
    row = page.split('id="holiday-year-2027"')[1].split("</tr>")[0]
    assert "11 天" in row and "2027-02-14" in row and "国办发明电〔2026〕7号" in row and boss.display_name in row
    # 更正 opens the year in the form, written back as ranges
    correction = admin.get("/admin/holidays?year=2027").get_data(as_text=True)
    assert "2027-01-01至2027-01-03\n2027-02-06至2027-02-12\n2027-04-05" in correction
    assert 'name="replace" type="checkbox" value="y"' in correction and "checked" in correction


def test_replacing_a_year_needs_the_correction_box_and_is_audited(admin_client, session):
    admin, _ = admin_client
    assert admin.post("/admin/holidays", data=NOTICE).status_code == 302
    again = admin.post("/admin/holidays", data={**NOTICE, "holidays": "2027-01-01"})
    page = again.get_data(as_text=True)
    assert again.status_code == 422 and "2027 年的节假日安排已录入" in page and "更正已录入的年份" in page
    assert "\r\n2027-01-01</textarea>" in page  # what was typed is kept
    assert len(holiday_events(session)) == 1
    replaced = admin.post("/admin/holidays", data={**NOTICE, "holidays": "2027-01-01", "replace": "y"})
    assert replaced.status_code == 302
    session.expire_all()
    assert [d.day for d in session.get(HolidayYear, 2027).days] == [D(2027, 1, 1), D(2027, 2, 14)]
    first, second = holiday_events(session)
    assert len(second.detail["before"]["holidays"]) == 11 and second.detail["after"]["holidays"] == ["2027-01-01"]


REFUSALS = [
    ({}, "请填写年份。"),
    ({**NOTICE, "year": "明年"}, "年份应为整数。"),
    ({**NOTICE, "year": "1999"}, "年份应在 2000 至 2100 之间。"),
    ({**NOTICE, "holidays": ""}, "请填写放假日期。"),
    ({**NOTICE, "source": " "}, "请填写依据"),
    ({**NOTICE, "holidays": "2027-01-01\n元旦放假"}, "第 2 行“元旦放假”不是日期或日期范围"),
    ({**NOTICE, "holidays": "2027-02-30"}, "第 1 行“2027-02-30”中的日期不存在。"),
    ({**NOTICE, "holidays": "2027-02-12至2027-02-06"}, "结束日期早于开始日期"),
    ({**NOTICE, "holidays": "2028-01-01"}, "2028-01-01 不在 2027 年内。"),
    ({**NOTICE, "workdays": "2027-02-15"}, "调休上班日应为周六或周日：2027-02-15 本来就是工作日。"),
    ({**NOTICE, "workdays": "2027-01-02"}, "2027-01-02 不能既是节假日又是调休上班日。"),
]


@pytest.mark.parametrize(("data", "message"), REFUSALS)
def test_refusals_keep_the_input_and_store_nothing(admin_client, session, data, message):
    admin, _ = admin_client
    response = admin.post("/admin/holidays", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422, page[:300]
    assert message in page.split('id="form-error"')[1].split("</div>")[0]
    if data.get("holidays"):
        assert data["holidays"] + "</textarea>" in page
    if data.get("source", "").strip():
        assert f'value="{data["source"]}"' in page
    assert session.scalar(sa.select(sa.func.count()).select_from(HolidayYear)) == 0
    assert session.scalar(sa.select(sa.func.count()).select_from(HolidayDay)) == 0
    assert holiday_events(session) == []
