"""公开目录 and the internal catalogues, with documents issued through the real operations."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from review import operations, rules
from review.catalogue import PER_PAGE
from review.enums import Attribute, DocState, Role, Severity, Validity
from review.models import AuditEvent, Document, NumberPrefix, User
from tests.conftest import corpus_bytes
from tests.domain.flow import NOW, issue

EXPLAINED = "本文件仅对相关单位有工作指导作用，不需社会公众广泛知晓。"
TODAY = NOW.date()  # the office clock the tests issue at
ON_REQUEST_LABEL = "仅对特定对象有特殊作用，不需社会广泛知晓"
PROCESS_LABEL = "属于四类过程性信息（讨论记录、过程稿、磋商信函、请示报告）"


@dataclass
class Office:
    reviewer: User
    prefix: NumberPrefix
    signatory: User


@pytest.fixture
def office(session, make_user) -> Office:
    prefix = NumberPrefix(code="长卫办发", organ="长治市卫生健康委员会办公室", doc_type="发文")
    session.add(prefix)
    session.commit()
    return Office(make_user(Role.REVIEWER), prefix, make_user(Role.SIGNATORY))


@pytest.fixture
def drafter(make_user) -> User:
    return make_user(Role.DRAFTER)


def declaration(doc: Document, **changes) -> operations.Declaration:
    values = dict(title=doc.title, doc_number=doc.doc_number, attribute=doc.attribute, reason_code=doc.reason_code,
                  reason_text=doc.reason_text, upstream_number=doc.upstream_number,
                  upstream_attribute=doc.upstream_attribute, is_forwarding=doc.is_forwarding,
                  is_policy=doc.is_policy, co_issuers=doc.co_issuers)
    return operations.Declaration(**{**values, **changes})


def approve(session, office: Office, doc: Document) -> None:
    """审核通过, acknowledging whatever `warn` findings the rules raise (as a reviewer would, one by one)."""
    found = rules.findings(operations.facts_for(session, doc), rules.APPROVE)
    operations.approve(session, office.reviewer, doc, doc.lock_version,
                       acknowledged={f.code for f in found if f.severity is Severity.WARN}, now=NOW)


@pytest.fixture
def make_doc(session, store, drafter, office):
    """A document from a corpus file taken through the workflow up to ``stage`` (draft … issued)."""

    def make(name: str = "seed-000.docx", *, stage: DocState = DocState.ISSUED, title: str | None = None,
             reason: str | None = None, signed_on: dt.date = dt.date(2020, 3, 1), by: User | None = None,
             filename: str | None = None) -> Document:
        by = by or drafter
        doc = operations.create_document(session, store, by, corpus_bytes(name), filename or name)
        changes = {"title": title} if title else {}
        if reason:
            changes.update(reason_code=reason, reason_text=EXPLAINED)
        if changes:
            operations.declare(session, by, doc, declaration(doc, **changes), doc.lock_version)
        if stage is not DocState.DRAFT:
            operations.submit(session, by, doc, doc.lock_version, now=NOW)
        if stage in (DocState.APPROVED, DocState.ISSUED):
            approve(session, office, doc)
        if stage is DocState.ISSUED:
            operations.sign(session, office.signatory, doc, doc.lock_version, None, "同意", now=NOW)
            issue(session, office.reviewer, doc, office.prefix, signed_on)
        session.commit()
        assert doc.state is stage
        return doc

    return make


def row_of(html: str, doc: Document) -> str | None:
    """The catalogue row of ``doc`` in a rendered page, or None."""
    match = re.search(rf'<tr id="doc-{doc.id}"[^>]*>(.*?)</tr>', html, re.S)
    return match.group(1) if match else None


def listed(client, url: str, **params) -> str:
    response = client.get(url, query_string=params)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def published_sha(html: str, doc: Document) -> str:
    return re.search(r'<code class="sha256[^"]*">([0-9a-f]{64})</code>', row_of(html, doc)).group(1)


# --- 公开目录 ------------------------------------------------------------------------------------

def locked(doc) -> dict:
    """The lock field every validity form carries."""
    return {"lock": str(doc.lock_version)}


def test_public_list_shows_issued_active_documents_only(client, make_doc):
    shown = [make_doc("seed-000.docx", title="关于做好麒麟山区巡回医疗工作的通知", signed_on=dt.date(2020, 3, 1)),
             make_doc("fixture-06-paren-number.pdf", signed_on=dt.date(2021, 5, 6))]
    hidden = [make_doc("seed-001.pdf", stage=DocState.DRAFT, title="尚在起草的草稿文件"),
              make_doc("seed-001.pdf", stage=DocState.OFFICE_REVIEW, title="已提交待审核的文件"),
              make_doc("seed-001.pdf", stage=DocState.APPROVED, title="审核通过尚未发文的文件"),
              make_doc("fixture-02-table.docx", reason="specific_use", title="依申请公开的检查通报"),
              make_doc("fixture-12-request.docx", reason="process_info", title="不予公开的资金请示")]
    html = listed(client, "/public/")
    first, second = (row_of(html, d) for d in shown)
    assert "关于做好麒麟山区巡回医疗工作的通知" in first and "长卫办发〔2020〕12号" in first
    assert "2020-03-01" in first and TODAY.isoformat() in first and ">有效</span>" in first
    assert shown[0].current_version.sha256 in first
    assert "长卫办发〔2021〕1号" in second and "2021-05-06" in second
    assert html.index(second) < html.index(first)  # newest 成文日期 first
    for doc in hidden:
        assert row_of(html, doc) is None and doc.title not in html
        assert doc.current_version.sha256 not in html


def test_anonymous_visitor_needs_no_login(client, make_doc):
    doc = make_doc()
    response = client.get("/public/")
    assert response.status_code == 200 and row_of(response.get_data(as_text=True), doc)


@pytest.fixture
def searchable(make_doc):
    """Three active documents and a restricted one sharing a title word with the first."""
    return {
        "a": make_doc("seed-000.docx", title="关于做好麒麟山区巡回医疗工作的通知", signed_on=dt.date(2020, 3, 1)),
        "b": make_doc("fixture-06-paren-number.pdf", signed_on=dt.date(2021, 5, 6)),
        "c": make_doc("fixture-05-cn-date-square.docx", signed_on=dt.date(2019, 3, 15)),
        "restricted": make_doc("fixture-02-table.docx", reason="specific_use", title="麒麟山区依申请公开通报",
                               signed_on=dt.date(2021, 6, 1)),
    }


@pytest.mark.parametrize("query, expected", [
    ("麒麟", {"a"}),                    # two characters of a title
    ("巡回医疗", {"a"}),
    ("〔2021〕1", {"b"}),               # part of an assigned 发文字号
    ("长卫办发[2021]1号", {"b"}),        # typed with other brackets
    ("冷链设备和急救药品", {"b"}),        # only in the body text
    ("规范全县预防接种", {"b"}),          # crosses a line break in the PDF's text
    ("绩效考核办法", {"c"}),
    ("麒%", set()),                      # % is literal, not a wildcard
    ("麒_", set()),                      # so is _
    ("%%", set()),
    ("__", set()),
    ("\\%", set()),
    ("没有这样的词语", set()),
])
def test_search(client, searchable, query, expected):
    html = listed(client, "/public/", q=query)
    found = {key for key, doc in searchable.items() if row_of(html, doc)}
    assert found == expected
    assert "检索词至少需要" not in html


def test_one_character_query_gives_a_hint_and_no_search(client, searchable):
    html = listed(client, "/public/", q="麒")
    assert "检索词至少需要2个字" in html
    assert all(row_of(html, searchable[k]) for k in ("a", "b", "c"))
    assert row_of(html, searchable["restricted"]) is None


def test_pages_of_twenty_newest_first(client, make_doc):
    docs = [make_doc("fixture-06-paren-number.pdf", signed_on=dt.date(2020, 1, 1) + dt.timedelta(days=i))
            for i in range(PER_PAGE + 1)]
    first, second = listed(client, "/public/"), listed(client, "/public/", page=2)
    assert row_of(first, docs[-1]) and row_of(first, docs[1]) and not row_of(first, docs[0])
    assert row_of(second, docs[0]) and not row_of(second, docs[1])
    assert "第 1 / 2 页" in first and "下一页" in first
    assert row_of(listed(client, "/public/", page=99), docs[0])  # past the end: the last page
    assert row_of(listed(client, "/public/", page="x"), docs[-1])


# --- 公开下载 ------------------------------------------------------------------------------------

def test_download_matches_the_published_checksum(client, make_doc):
    doc = make_doc(title="关于巡回医疗的通知", filename="upload-7.docx")  # the download is named after the title
    sha = published_sha(listed(client, "/public/"), doc)
    response = client.get(f"/public/{doc.id}/file")
    assert response.status_code == 200
    assert hashlib.sha256(response.data).hexdigest() == sha == hashlib.sha256(corpus_bytes("seed-000.docx")).hexdigest()
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and quote("关于巡回医疗的通知.docx") in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_only_the_current_version_is_published(session, store, client, office, drafter):
    doc = operations.create_document(session, store, drafter, corpus_bytes("seed-000.docx"), "v1.docx")
    operations.submit(session, drafter, doc, doc.lock_version, now=NOW)
    operations.return_for_revision(session, office.reviewer, doc, doc.lock_version, "请改为PDF格式后重新提交。")
    operations.add_version(session, store, drafter, doc, corpus_bytes("seed-000.pdf"), "v2.pdf", doc.lock_version)
    operations.submit(session, drafter, doc, doc.lock_version, now=NOW)
    approve(session, office, doc)
    operations.sign(session, office.signatory, doc, doc.lock_version, None, "同意", now=NOW)
    issue(session, office.reviewer, doc, office.prefix, dt.date(2020, 3, 1))
    session.commit()
    old, current = (v.sha256 for v in doc.versions)
    html = listed(client, "/public/")
    assert published_sha(html, doc) == current and old not in html
    assert client.get(f"/public/{doc.id}/file").data == corpus_bytes("seed-000.pdf")


def test_restricted_unissued_and_missing_documents_are_404(client, login, make_doc, office):
    restricted = make_doc("fixture-03-secret.pdf", reason="state_secret")
    approved = make_doc("seed-001.pdf", stage=DocState.APPROVED)
    draft = make_doc("seed-001.pdf", stage=DocState.DRAFT)
    for doc_id in (restricted.id, approved.id, draft.id, 999_999):
        response = client.get(f"/public/{doc_id}/file")
        assert response.status_code == 404, doc_id
        assert response.data[:4] not in (b"%PDF", b"PK\x03\x04")
    login(office.reviewer)  # staff fetch restricted files from the staff pages, never from the public URL
    assert client.get(f"/public/{restricted.id}/file").status_code == 404


def test_anonymous_visitor_cannot_reach_staff_urls_of_a_restricted_document(client, make_doc):
    doc = make_doc("fixture-03-secret.pdf", reason="state_secret")
    for url in (f"/documents/{doc.id}/versions/1/file", f"/documents/{doc.id}"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_altered_file_is_not_served(client, store, make_doc):
    doc = make_doc()
    path = store.path_for(doc.current_version.sha256)
    path.chmod(0o640)
    path.write_bytes(b"PK\x03\x04 tampered")
    response = client.get(f"/public/{doc.id}/file")
    assert response.status_code == 500
    assert "校验失败" in response.get_data(as_text=True) and b"tampered" not in response.data


# --- 内部目录 ------------------------------------------------------------------------------------

@pytest.fixture
def restricted(make_doc):
    return {
        "overdue": make_doc("fixture-02-table.docx", reason="specific_use", signed_on=dt.date(2020, 1, 10)),
        "current": make_doc("fixture-08-tablecell.docx", reason="specific_use", signed_on=TODAY),
        "secret": make_doc("fixture-12-request.docx", reason="process_info", signed_on=dt.date(2023, 6, 5)),
        "active": make_doc("seed-000.docx"),
    }


def test_on_request_catalogue_shows_reason_and_review_date(client, login, office, restricted):
    login(office.reviewer)
    html = listed(client, "/catalogue/on_request")
    overdue, current = row_of(html, restricted["overdue"]), row_of(html, restricted["current"])
    assert ON_REQUEST_LABEL in overdue and "2021-01-10" in overdue and "已逾期" in overdue
    assert ON_REQUEST_LABEL in current and "已逾期" not in current
    assert restricted["current"].next_review_on.isoformat() in current
    assert restricted["overdue"].section.name in overdue
    assert f'/documents/{restricted["overdue"].id}"' in overdue
    assert re.search(rf'<tr id="doc-{restricted["overdue"].id}" class="overdue">', html)
    assert row_of(html, restricted["secret"]) is None and row_of(html, restricted["active"]) is None


def test_non_disclosable_catalogue(client, login, office, restricted):
    login(office.reviewer)
    html = listed(client, "/catalogue/non_disclosable")
    row = row_of(html, restricted["secret"])
    assert PROCESS_LABEL in row and "2023-12-05" in row and "已逾期" in row  # 过程性信息: re-reviewed after 6 months
    assert "长卫办发〔2023〕1号" in row  # the number the office assigned
    assert row_of(html, restricted["overdue"]) is None


def test_internal_catalogue_search(client, login, office, restricted):
    login(office.reviewer)
    html = listed(client, "/catalogue/on_request", q="依法执业检查")
    assert row_of(html, restricted["overdue"]) and not row_of(html, restricted["current"])
    assert "检索词至少需要" in listed(client, "/catalogue/on_request", q="检")


@pytest.mark.parametrize("role", [Role.SIGNATORY, Role.AUDITOR, Role.ADMIN, Role.REQUEST_OFFICER])
def test_office_roles_see_every_section(client, login, make_user, restricted, role):
    login(make_user(role))
    html = listed(client, "/catalogue/on_request")
    assert row_of(html, restricted["overdue"]) and row_of(html, restricted["current"])


def test_section_roles_see_their_own_section_only(client, login, make_user, make_doc, drafter, restricted):
    other_section = make_user(Role.DRAFTER)
    theirs = make_doc("fixture-02-table.docx", reason="specific_use", by=other_section)
    mine = restricted["overdue"]
    for user, sees, misses in [(other_section, theirs, mine),
                               (make_user(Role.SECTION_HEAD, drafter.section), mine, theirs),
                               (make_user(Role.DRAFTER, drafter.section), mine, theirs)]:
        login(user)
        html = listed(client, "/catalogue/on_request")
        assert row_of(html, sees) and row_of(html, misses) is None


def test_anonymous_visitors_are_sent_to_login(client, restricted):
    doc = restricted["overdue"]
    for url in ("/catalogue/", "/catalogue/on_request", "/catalogue/non_disclosable", "/catalogue/active",
                f"/catalogue/on_request?q={quote('依法执业')}"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    response = client.post(f"/catalogue/{doc.id}/validity", data={**locked(doc), "validity": "repealed"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# --- 有效性 --------------------------------------------------------------------------------------

def test_reviewer_changes_validity_and_the_public_page_shows_it(session, client, login, office, make_doc):
    doc = make_doc()
    login(office.reviewer)
    assert 'name="validity"' in row_of(listed(client, "/catalogue/active"), doc)
    response = client.post(f"/catalogue/{doc.id}/validity",
                           data={**locked(doc), "validity": "repealed", "q": "麒麟", "page": "1"})
    assert response.status_code == 302 and "/catalogue/active" in response.headers["Location"]
    client.post("/logout")
    assert Validity.REPEALED.label in row_of(listed(client, "/public/"), doc)
    event = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "document.set_validity"))
    assert event.document_id == doc.id and event.actor_id == office.reviewer.id
    assert (event.detail["before"], event.detail["after"]) == ({"validity": "valid"}, {"validity": "repealed"})


def test_validity_of_a_restricted_document_returns_to_its_catalogue(client, login, office, restricted):
    login(office.reviewer)
    response = client.post(f"/catalogue/{restricted['secret'].id}/validity",
                           data={**locked(restricted['secret']), "validity": "amended"})
    assert "/catalogue/non_disclosable" in response.headers["Location"]
    assert Validity.AMENDED.label in row_of(listed(client, "/catalogue/non_disclosable"), restricted["secret"])


@pytest.mark.parametrize("role", [Role.DRAFTER, Role.AUDITOR, Role.SIGNATORY])
def test_only_the_office_may_change_validity(session, client, login, make_user, make_doc, drafter, role):
    doc = make_doc()
    user = drafter if role is Role.DRAFTER else make_user(role)
    login(user)
    assert 'name="validity"' not in row_of(listed(client, "/catalogue/active"), doc)
    assert client.post(f"/catalogue/{doc.id}/validity", data={**locked(doc), "validity": "repealed"}).status_code == 403
    session.expire_all()
    assert doc.validity is Validity.VALID
    assert not session.scalar(sa.select(sa.func.count(AuditEvent.id))
                              .where(AuditEvent.action == "document.set_validity"))


def test_bad_validity_value_changes_nothing(session, client, login, office, make_doc):
    doc = make_doc()
    login(office.reviewer)
    response = client.post(f"/catalogue/{doc.id}/validity", data={**locked(doc), "validity": "everlasting"})
    assert response.status_code == 400 and "请选择有效性" in response.get_data(as_text=True)
    assert client.post("/catalogue/999999/validity", data={"validity": "repealed"}).status_code == 404
    session.expire_all()
    assert doc.validity is Validity.VALID


def test_validity_of_an_unissued_document_is_refused(session, client, login, office, make_doc):
    doc = make_doc(stage=DocState.APPROVED)
    login(office.reviewer)
    assert client.post(f"/catalogue/{doc.id}/validity", data={**locked(doc), "validity": "repealed"}).status_code == 403


# --- 性能：每页语句数恒定 ------------------------------------------------------------------------

def statements_for(session, client, count_queries, url: str) -> list[str]:
    session.expire_all()  # the logged-in user is loaded afresh by every request, as in production
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    # BEGIN depends on whether the test's shared session was inside a transaction (the login commits).
    return [s for s in statements if not s.startswith("BEGIN")]


def test_statements_per_page_do_not_grow_with_the_rows(session, client, login, count_queries, make_doc, office):
    def add(n: int) -> None:
        for i in range(n):
            reason = "specific_use" if i % 2 else None
            make_doc("fixture-02-table.docx" if reason else "fixture-06-paren-number.pdf", reason=reason,
                     signed_on=dt.date(2020, 1, 1) + dt.timedelta(days=i))

    urls = ["/public/", "/public/?q=" + quote("预防接种"), "/catalogue/active", "/catalogue/on_request"]
    add(10)  # 5 active, 5 on request
    login(office.reviewer)
    few = [len(statements_for(session, client, count_queries, url)) for url in urls]
    add(40)  # 25 active, 25 on request: more than a page of each
    assert session.scalar(sa.select(sa.func.count(Document.id)).where(Document.attribute == Attribute.ACTIVE)) == 25
    many = [statements_for(session, client, count_queries, url) for url in urls]
    assert [len(s) for s in many] == few
    for statements in many:  # the catalogue's own share: a count and one page of rows
        assert len([s for s in statements if "document_version" in s]) == 2
