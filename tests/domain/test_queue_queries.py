"""The reviewer queue's query functions against the real database: filters, search, counts, paging.

Queue documents are mostly inserted as rows (the queue only reads them); one test takes a document
through the real submit and approve operations.
"""
from __future__ import annotations

import datetime as dt

import pytest

from review import operations
from review.enums import Attribute, DocState, Role
from review.models import Document, Section, User
from review.models._types import utcnow
from review.queue import PAGE_SIZE, Findings, QueueFilter, Sort, reviewer_queue
from tests.conftest import corpus_bytes

NOW = utcnow()
A, R, N = Attribute.ACTIVE, Attribute.ON_REQUEST, Attribute.NON_DISCLOSABLE


def queued(session, drafter: User, title: str = "关于开展卫生监督检查的通知", *, days: float = 1.0,
           attribute: Attribute | None = A, block: bool = False, warn: bool = False, number: str | None = None,
           state: DocState = DocState.OFFICE_REVIEW, versions: int = 1, commit: bool = True) -> Document:
    """A document row as the queue sees it: state, submission time, declared attribute, finding flags."""
    doc = Document(section_id=drafter.section_id, drafter_id=drafter.id, state=state, title=title, doc_number=number,
                   attribute=attribute, has_block=block, has_warn=warn, version_count=versions,
                   submitted_at=NOW - dt.timedelta(days=days))
    session.add(doc)
    if commit:
        session.commit()
    return doc


def titles(page) -> list[str]:
    return [r.title for r in page.rows]


def ask(session, **kw):
    return reviewer_queue(session, QueueFilter(**kw), NOW)


@pytest.fixture
def offices(session, make_section, make_user):
    """Two sections with a drafter each and a small queue spread over ages, attributes and findings."""
    a, b = make_section("医政医管科"), make_section("疾病预防控制科")
    da, db_ = make_user(Role.DRAFTER, a), make_user(Role.DRAFTER, b)
    queued(session, da, "甲-主动-干净", days=1, number="长卫发〔2024〕1号")
    queued(session, da, "乙-依申请-提示", days=5, attribute=R, warn=True, number="长卫办发〔2024〕12号")
    queued(session, db_, "丙-不予-阻止", days=10, attribute=N, block=True, warn=True)
    queued(session, db_, "丁-未声明-阻止", days=20, attribute=None, block=True)
    queued(session, da, "戊-主动-提示", days=40, warn=True, versions=3)
    # not in the queue
    for state in (DocState.DRAFT, DocState.SUBMITTED, DocState.RETURNED, DocState.APPROVED, DocState.ISSUED):
        queued(session, da, f"不在队列-{state.value}", days=50, state=state)
    return a, b


def test_default_is_the_office_review_queue_oldest_first(session, offices):
    page = ask(session)
    assert titles(page) == ["戊-主动-提示", "丁-未声明-阻止", "丙-不予-阻止", "乙-依申请-提示", "甲-主动-干净"]
    assert (page.total, page.page, page.pages) == (5, 1, 1)
    oldest = page.rows[0]
    assert (oldest.section_name, oldest.version_count, oldest.age_days, oldest.has_warn) == ("医政医管科", 3, 40, True)
    assert oldest.drafter_name.startswith("拟稿人") and oldest.attribute is A


def test_equal_submission_times_are_ordered_by_id(session, make_user):
    drafter = make_user(Role.DRAFTER)
    docs = [queued(session, drafter, f"同时{i}", days=2, commit=False) for i in range(3)]
    session.commit()
    assert [r.id for r in ask(session).rows] == sorted(d.id for d in docs)


def test_newest_first(session, offices):
    assert titles(ask(session, sort=Sort.NEWEST)) == \
        ["甲-主动-干净", "乙-依申请-提示", "丙-不予-阻止", "丁-未声明-阻止", "戊-主动-提示"]


def test_by_title(session, make_user):
    drafter = make_user(Role.DRAFTER)
    for title, days in (("2 关于经费的请示", 9), ("3 关于人员的通知", 1), ("1 关于检查的通报", 5)):
        queued(session, drafter, title, days=days)
    assert titles(ask(session, sort=Sort.TITLE)) == ["1 关于检查的通报", "2 关于经费的请示", "3 关于人员的通知"]


def test_by_section_then_oldest_first(session, offices):
    page = ask(session, sort=Sort.SECTION)
    # sections in the database's own name order (as the filter lists them), each oldest first
    expected = {"医政医管科": ["戊-主动-提示", "乙-依申请-提示", "甲-主动-干净"],
                "疾病预防控制科": ["丁-未声明-阻止", "丙-不予-阻止"]}
    assert titles(page) == [t for _, name in page.sections for t in expected[name]]


@pytest.mark.parametrize(("filters", "expected"), [
    ({"attribute": "active"}, {"甲-主动-干净", "戊-主动-提示"}),
    ({"attribute": "on_request"}, {"乙-依申请-提示"}),
    ({"attribute": "non_disclosable"}, {"丙-不予-阻止"}),
    ({"attribute": "undeclared"}, {"丁-未声明-阻止"}),
    ({"findings": Findings.BLOCK}, {"丙-不予-阻止", "丁-未声明-阻止"}),
    ({"findings": Findings.WARN}, {"乙-依申请-提示", "丙-不予-阻止", "戊-主动-提示"}),
    ({"findings": Findings.CLEAN}, {"甲-主动-干净"}),
    ({"older_than_days": 3}, {"乙-依申请-提示", "丙-不予-阻止", "丁-未声明-阻止", "戊-主动-提示"}),
    ({"older_than_days": 7}, {"丙-不予-阻止", "丁-未声明-阻止", "戊-主动-提示"}),
    ({"older_than_days": 15}, {"丁-未声明-阻止", "戊-主动-提示"}),
    ({"older_than_days": 30}, {"戊-主动-提示"}),
    # combined
    ({"attribute": "active", "findings": Findings.WARN}, {"戊-主动-提示"}),
    ({"findings": Findings.BLOCK, "older_than_days": 15}, {"丁-未声明-阻止"}),
    ({"attribute": "on_request", "findings": Findings.BLOCK}, set()),
])
def test_filters(session, offices, filters, expected):
    page = ask(session, **filters)
    assert set(titles(page)) == expected and page.total == len(expected)


def test_section_filter_and_combined_with_others(session, offices):
    a, b = offices
    assert set(titles(ask(session, section_id=b.id))) == {"丙-不予-阻止", "丁-未声明-阻止"}
    assert titles(ask(session, section_id=a.id, findings=Findings.WARN, older_than_days=3)) == \
        ["戊-主动-提示", "乙-依申请-提示"]
    assert titles(ask(session, section_id=a.id, attribute="active", findings=Findings.CLEAN, q="主动")) == \
        ["甲-主动-干净"]


def test_unknown_section_falls_back_to_all(session, offices):
    page = ask(session, section_id=999_999)
    assert page.filter.section_id is None and page.total == 5


@pytest.mark.parametrize(("q", "expected"), [
    ("依申请", {"乙-依申请-提示"}),         # title substring
    ("阻止", {"丙-不予-阻止", "丁-未声明-阻止"}),
    ("〔2024〕12", {"乙-依申请-提示"}),     # 发文字号 substring
    ("长卫", {"甲-主动-干净", "乙-依申请-提示"}),
    ("[2024]1", {"甲-主动-干净", "乙-依申请-提示"}),  # typed brackets match the stored 〔〕
    ("办发[2024]12号", {"乙-依申请-提示"}),
    ("没有这个词", set()),
])
def test_search_over_title_and_doc_number(session, offices, q, expected):
    assert set(titles(ask(session, q=q))) == expected


def test_percent_and_underscore_are_literal(session, make_user):
    drafter = make_user(Role.DRAFTER)
    for title in ("完成率100%的通报", "完成率1000的通报", "卫生_健康通知", "卫生与健康通知"):
        queued(session, drafter, title)
    queued(session, drafter, "编号含下划线", number="A_1")
    queued(session, drafter, "编号不含", number="AB1")
    assert titles(ask(session, q="100%")) == ["完成率100%的通报"]
    assert titles(ask(session, q="生_健")) == ["卫生_健康通知"]
    assert titles(ask(session, q="A_1")) == ["编号含下划线"]
    assert ask(session, q="%%").total == 0 and ask(session, q="__").total == 0


def test_one_character_search_is_ignored(session, offices):
    filt = QueueFilter.from_args({"q": " 甲 "})
    assert (filt.q, filt.search, filt.search_too_short) == ("甲", None, True)
    assert reviewer_queue(session, filt, NOW).total == 5


def test_counts_per_option_follow_the_other_filters(session, offices):
    a, b = offices
    counts = ask(session).counts
    assert counts.section == {None: 5, a.id: 3, b.id: 2}
    assert counts.attribute == {None: 5, "active": 2, "on_request": 1, "non_disclosable": 1, "undeclared": 1}
    assert counts.findings == {None: 5, "block": 2, "warn": 3, "clean": 1}
    assert counts.age == {None: 5, 3: 4, 7: 3, 15: 2, 30: 1}

    # each facet is counted with the other facets applied, not its own
    page = ask(session, section_id=a.id, findings=Findings.WARN)
    assert page.total == 2
    assert page.counts.section == {None: 3, a.id: 2, b.id: 1}  # warn, any section
    assert page.counts.findings == {None: 3, "block": 0, "warn": 2, "clean": 1}  # section a, any findings
    assert page.counts.attribute == {None: 2, "active": 1, "on_request": 1, "non_disclosable": 0, "undeclared": 0}
    assert page.counts.age == {None: 2, 3: 2, 7: 1, 15: 1, 30: 1}

    # the search narrows every count
    assert ask(session, q="阻止").counts.section == {None: 2, a.id: 0, b.id: 2}


def test_empty_queue(session, make_section):
    section = make_section()
    page = ask(session)
    assert (page.rows, page.total, page.page, page.pages) == ([], 0, 1, 1)
    assert page.counts.section == {None: 0, section.id: 0} and page.page_links() == [1]


@pytest.fixture
def many(session, make_user):
    def make(count: int):
        drafter = make_user(Role.DRAFTER)
        for i in range(count):
            queued(session, drafter, f"文件{i:04d}", days=count - i, commit=False)
        session.commit()

    return make


@pytest.mark.parametrize(("count", "pages"), [(PAGE_SIZE - 1, 1), (PAGE_SIZE, 1), (PAGE_SIZE + 1, 2),
                                              (2 * PAGE_SIZE, 2), (120, 3)])
def test_page_boundaries(session, many, count, pages):
    many(count)
    seen = []
    for number in range(1, pages + 1):
        page = ask(session, page=number)
        assert (page.total, page.pages, page.page) == (count, pages, number)
        assert len(page.rows) == (PAGE_SIZE if number < pages else count - PAGE_SIZE * (pages - 1))
        seen += titles(page)
    assert seen == [f"文件{i:04d}" for i in range(count)]  # oldest first, none lost or repeated


def test_page_beyond_the_last_shows_the_last(session, many):
    many(120)
    page = ask(session, page=99)
    assert (page.page, page.filter.page, len(page.rows), page.rows[-1].title) == (3, 3, 20, "文件0119")


def test_page_links_window(session, many):
    many(PAGE_SIZE * 10)
    assert ask(session, page=1).page_links() == [1, 2, 3, None, 10]
    assert ask(session, page=5).page_links() == [1, None, 3, 4, 5, 6, 7, None, 10]
    assert ask(session, page=10).page_links() == [1, None, 8, 9, 10]


@pytest.mark.parametrize(("args", "expected"), [
    ({}, QueueFilter()),
    ({"page": "abc", "section": "x", "attribute": "secret", "findings": "maybe", "age": "5", "sort": "random"},
     QueueFilter()),
    ({"page": "0", "section": "-3", "age": "", "q": "   "}, QueueFilter()),
    ({"page": "2", "section": "7", "attribute": "undeclared", "findings": "clean", "age": "15", "sort": "title",
      "q": "  卫生   监督 "},
     QueueFilter(section_id=7, attribute="undeclared", findings=Findings.CLEAN, older_than_days=15, q="卫生 监督",
                 sort=Sort.TITLE, page=2)),
    ({"q": "长" * 500}, QueueFilter(q="长" * 100)),
])
def test_filter_from_args_falls_back_to_defaults(args, expected):
    assert QueueFilter.from_args(args) == expected


def test_filter_round_trips_through_its_args():
    filt = QueueFilter(section_id=3, attribute="on_request", findings=Findings.WARN, older_than_days=7, q="通知",
                       sort=Sort.NEWEST, page=4)
    assert QueueFilter.from_args(filt.to_args()) == filt
    assert QueueFilter().to_args() == {}
    assert filt.to_args(page=1) == {"section": 3, "attribute": "on_request", "findings": "warn", "age": 7,
                                    "q": "通知", "sort": "newest"}


def test_submitted_document_enters_the_queue_and_leaves_on_approval(session, store, make_user):
    drafter, reviewer = make_user(Role.DRAFTER), make_user(Role.REVIEWER)
    doc = operations.create_document(session, store, drafter, corpus_bytes("fixture-04-nomarking.docx"), "n.docx")
    declared = operations.Declaration(
        title=doc.title, doc_number=doc.doc_number, attribute=Attribute.ACTIVE, reason_code=None, reason_text="",
        upstream_number=doc.upstream_number, upstream_attribute=doc.upstream_attribute,
        is_forwarding=doc.is_forwarding, is_policy=False, co_issuers=doc.co_issuers)
    operations.declare(session, drafter, doc, declared, doc.lock_version)
    session.commit()
    assert ask(session).total == 0  # a draft is not in the queue

    found = operations.submit(session, drafter, doc, doc.lock_version, now=NOW)
    session.commit()
    now = utcnow()
    page = reviewer_queue(session, QueueFilter(findings=Findings.WARN), now)
    assert [r.id for r in page.rows] == [doc.id]
    row = page.rows[0]
    assert (row.title, row.attribute, row.has_block, row.has_warn, row.version_count, row.age_days) == \
        (doc.title, Attribute.ACTIVE, False, True, 1, 0)
    assert row.section_name == session.get(Section, drafter.section_id).name
    assert row.drafter_name == drafter.display_name

    warnings = {f.code for f in found if not f.blocks}
    operations.approve(session, reviewer, doc, doc.lock_version, acknowledged=warnings, now=NOW)
    session.commit()
    assert doc.state is DocState.APPROVED
    after = reviewer_queue(session, QueueFilter(), utcnow())
    assert (after.rows, after.total, after.counts.findings["warn"]) == ([], 0, 0)


@pytest.mark.parametrize("filt", [QueueFilter(), QueueFilter(section_id=1, attribute="on_request", q="通知", page=2),
                                  QueueFilter(findings=Findings.CLEAN, older_than_days=30, sort=Sort.SECTION)])
def test_three_statements_whatever_the_filter_or_queue_size(session, many, count_queries, filt):
    many(5)
    with count_queries() as few:
        reviewer_queue(session, filt, NOW)
    many(115)
    with count_queries() as more:
        reviewer_queue(session, filt, NOW)
    selects = [[s for s in run if s.lstrip().upper().startswith("SELECT")] for run in (few, more)]
    assert len(few) == len(more) and len(selects[0]) == len(selects[1]) == 3  # (+ BEGIN on SQLite)
