"""The reviewer queue page over HTTP: who may see it, GET filters, counts, paging, and a constant
number of SQL statements per page."""
from __future__ import annotations

import re

import pytest

from review import operations
from review.enums import Attribute, Role
from review.queue import PAGE_SIZE
from tests.conftest import corpus_bytes
from tests.domain.flow import NOW
from tests.domain.test_queue_queries import queued


@pytest.fixture
def reviewer(make_user):
    return make_user(Role.REVIEWER)


@pytest.fixture
def sections(session, make_section, make_user):
    a, b = make_section("医政医管科"), make_section("疾病预防控制科")
    da, db_ = make_user(Role.DRAFTER, a), make_user(Role.DRAFTER, b)
    queued(session, da, "关于开展医疗质量检查的通知", days=2.5, number="长卫发〔2024〕3号", warn=True, versions=2)
    queued(session, da, "关于100%完成疫苗接种的通报", days=8.5, attribute=Attribute.ON_REQUEST)
    queued(session, db_, "关于传染病防控人员名单的报告", days=31.5, attribute=Attribute.NON_DISCLOSABLE, block=True)
    return a, b


def rows_of(html: str) -> list[str]:
    """Document titles in table order."""
    return re.findall(r'<tr data-doc="\d+">\s*<td><a href="/documents/\d+">([^<]*)</a>', html)


def test_reviewer_sees_the_queue_oldest_first(login, reviewer, sections):
    html = login(reviewer).get("/office/queue").get_data(as_text=True)
    assert rows_of(html) == ["关于传染病防控人员名单的报告", "关于100%完成疫苗接种的通报", "关于开展医疗质量检查的通知"]
    assert "待审文件" in html and "共 3 件" in html
    for heading in ("标题", "发文字号", "科室", "拟稿人", "声明属性", "提交时间", "审查提示", "版本"):
        assert f"<th>{heading}</th>" in html
    assert "长卫发〔2024〕3号" in html and "第 2 版" in html and "已等待 31 天" in html
    assert '<span class="tag finding-block">阻止</span>' in html
    assert '<span class="tag finding-warn">提示</span>' in html
    assert '<span class="tag non_disclosable">不予公开</span>' in html


def test_counts_are_shown_beside_the_filter_options(login, reviewer, sections):
    a, b = sections
    html = login(reviewer).get(f"/office/queue?section={a.id}").get_data(as_text=True)
    assert f'<option value="{a.id}" selected>医政医管科（2）</option>' in html
    assert f'<option value="{b.id}">疾病预防控制科（1）</option>' in html
    assert ">全部科室（3）</option>" in html
    assert ">主动公开（1）</option>" in html and ">依申请公开（1）</option>" in html
    assert ">不予公开（0）</option>" in html
    assert ">有提示事项（1）</option>" in html and ">无问题（1）</option>" in html
    assert ">超过 7 天（1）</option>" in html and ">超过 30 天（0）</option>" in html


@pytest.mark.parametrize(("query", "expected"), [
    ("attribute=on_request", ["关于100%完成疫苗接种的通报"]),
    ("findings=block", ["关于传染病防控人员名单的报告"]),
    ("findings=clean", ["关于100%完成疫苗接种的通报"]),
    ("age=7", ["关于传染病防控人员名单的报告", "关于100%完成疫苗接种的通报"]),
    ("age=30&attribute=non_disclosable", ["关于传染病防控人员名单的报告"]),
    ("q=100%25", ["关于100%完成疫苗接种的通报"]),
    ("q=〔2024〕3", ["关于开展医疗质量检查的通知"]),
    ("q=[2024]3", ["关于开展医疗质量检查的通知"]),
    ("sort=newest", ["关于开展医疗质量检查的通知", "关于100%完成疫苗接种的通报", "关于传染病防控人员名单的报告"]),
])
def test_get_filters(login, reviewer, sections, query, expected):
    response = login(reviewer).get(f"/office/queue?{query}")
    assert response.status_code == 200 and rows_of(response.get_data(as_text=True)) == expected


def test_section_filter_combined_with_search(login, reviewer, sections):
    a, b = sections
    client = login(reviewer)
    assert rows_of(client.get(f"/office/queue?section={b.id}&q=防控").get_data(as_text=True)) == \
        ["关于传染病防控人员名单的报告"]
    html = client.get(f"/office/queue?section={a.id}&q=防控").get_data(as_text=True)
    assert rows_of(html) == [] and "没有符合筛选条件的待审文件" in html


def test_invalid_parameters_fall_back_to_defaults(login, reviewer, sections):
    response = login(reviewer).get("/office/queue?page=abc&section=x&attribute=secret&findings=1&age=5&sort=%27")
    assert response.status_code == 200
    assert len(rows_of(response.get_data(as_text=True))) == 3


def test_one_character_search_shows_a_hint_and_is_ignored(login, reviewer, sections):
    html = login(reviewer).get("/office/queue?q=报").get_data(as_text=True)
    assert 'id="search-hint"' in html and "请至少输入 2 个字" in html
    assert len(rows_of(html)) == 3
    assert 'id="search-hint"' not in login(reviewer).get("/office/queue?q=通报").get_data(as_text=True)


def test_pages_link_to_each_other_keeping_the_filters(session, login, reviewer, make_user):
    drafter = make_user(Role.DRAFTER)
    for i in range(PAGE_SIZE * 2 + 5):
        queued(session, drafter, f"关于第{i:03d}号事项的通知", days=300 - i, commit=False)
    session.commit()
    client = login(reviewer)
    first = client.get("/office/queue?findings=clean").get_data(as_text=True)
    assert len(rows_of(first)) == PAGE_SIZE and rows_of(first)[0] == "关于第000号事项的通知"
    assert 'href="/office/queue?findings=clean&amp;page=2" rel="next"' in first
    assert 'href="/office/queue?findings=clean&amp;page=3"' in first and "上一页" not in first
    last = client.get("/office/queue?findings=clean&page=3").get_data(as_text=True)
    assert rows_of(last) == [f"关于第{i:03d}号事项的通知" for i in range(100, 105)]
    assert '<strong aria-current="page">3</strong>' in last and "下一页" not in last
    assert rows_of(client.get("/office/queue?findings=clean&page=9").get_data(as_text=True)) == rows_of(last)


def test_a_submitted_document_links_to_its_review_page(session, store, login, reviewer, make_user):
    drafter = make_user(Role.DRAFTER)
    doc = operations.create_document(session, store, drafter, corpus_bytes("seed-000.docx"), "s.docx")
    operations.submit(session, drafter, doc, doc.lock_version, now=NOW)
    session.commit()
    client = login(reviewer)
    html = client.get("/office/queue").get_data(as_text=True)
    assert f'<a href="/documents/{doc.id}">' in html
    assert client.get(f"/documents/{doc.id}").status_code == 200


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.REVIEWER])
def test_other_roles_are_refused(login, make_user, role):
    assert login(make_user(role)).get("/office/queue").status_code == 403


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get("/office/queue?section=1")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("query", ["", "?findings=warn&age=3&q=通知&sort=section", "?page=2&sort=title"])
def test_statements_per_page_do_not_grow_with_the_queue(session, login, reviewer, make_user, count_queries, query):
    sections = [make_user(Role.DRAFTER) for _ in range(4)]
    client = login(reviewer)

    def statements(total: int) -> int:
        for i in range(total):
            queued(session, sections[i % 4], f"关于第{i}项工作的通知", days=i % 40, warn=i % 2 == 0, commit=False)
        session.commit()
        with count_queries() as run:
            assert client.get(f"/office/queue{query}").status_code == 200
        return len(run)

    few = statements(5)
    many = statements(115)  # 120 in all: more than two pages
    assert few == many  # the login check, the queue's three, the navigation's count (+ BEGIN on SQLite)
