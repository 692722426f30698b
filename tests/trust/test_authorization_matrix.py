"""Item 12: every route of the app's URL map × every role (anonymous included) × own section / other
section / self-drafted, against one table of expected statuses. A route missing from the table fails.

To add a route: add one row to TABLE — its URL (with {doc}, {item} placeholders), method, the form
data it is sent, and the status per actor (``default`` for the rest). POSTs send data that is valid
enough to pass authorization but changes nothing (e.g. an empty comment), so every cell is
independent of the others."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa

from review import operations
from review.enums import Attribute, Role
from review.models import NumberPrefix
from tests.conftest import PASSWORD, corpus_bytes
from tests.domain.flow import NOW, Office

#: Who asks: anonymous, a role, and for section roles their relation to the document.
ACTORS = [
    "anon",
    "drafter:self",
    "drafter:own",
    "drafter:other",
    "head:own",
    "head:other",
    "reviewer",
    "signatory",
    "officer",
    "auditor",
    "admin",
]
SECTION = {"drafter:self", "drafter:own", "head:own"}
DRAFTERS = {"drafter:self", "drafter:own"}
STAFF = [a for a in ACTORS if a != "anon"]
NOT_VISIBLE = {"drafter:other": 404, "head:other": 404, "officer": 404, "admin": 404}


@dataclass
class Row:
    url: str
    method: str = "GET"
    data: dict = field(default_factory=dict)
    #: status per actor; ``default`` for actors not named
    expect: dict = field(default_factory=dict)
    default: int = 200

    def status(self, actor: str) -> int:
        return self.expect.get(actor, self.default)


def _only(allowed: set[str], ok: int, anon: int = 302, others: int = 403, hidden: dict | None = None) -> dict:
    """``ok`` for ``allowed``; 404 where the document is hidden; ``others`` for the remaining staff."""
    hidden = NOT_VISIBLE if hidden is None else hidden
    return {"anon": anon, **{a: (ok if a in allowed else hidden.get(a, others)) for a in STAFF}}


TABLE: dict[tuple[str, str], Row] = {
    ("home.index", "GET"): Row("/", expect={"anon": 302}, default=302),
    ("home.inbox", "GET"): Row("/inbox", expect={"anon": 302}),
    ("auth.login", "GET"): Row("/login"),
    ("auth.login", "POST"): Row("/login", "POST", {"username": "", "password": ""}),
    ("auth.logout", "POST"): Row("/logout", "POST", default=302),
    ("static", "GET"): Row("/static/app.css"),
    ("catalogue.index", "GET"): Row("/public/"),
    ("catalogue.download", "GET"): Row("/public/{doc}/file", default=404),  # not issued: not public
    ("staff_catalogue.staff_index", "GET"): Row("/catalogue/", expect={"anon": 302}, default=302),
    ("staff_catalogue.listing", "GET"): Row("/catalogue/on_request", expect={"anon": 302}),
    ("staff_catalogue.set_validity", "POST"): Row(
        "/catalogue/{doc}/validity", "POST", {"validity": ""}, expect=_only({"reviewer"}, 400, hidden={})
    ),
    ("security_log.index", "GET"): Row("/audit/security", expect=_only({"auditor"}, 200, hidden={})),
    ("queue.index", "GET"): Row("/office/queue", expect=_only({"reviewer"}, 200, hidden={})),
    ("drafting.index", "GET"): Row(
        "/documents/", expect=_only(SECTION | {"head:other", "drafter:other"}, 200, hidden={})
    ),
    ("drafting.new", "GET"): Row("/documents/new", expect=_only(DRAFTERS | {"drafter:other"}, 200, hidden={})),
    ("drafting.new", "POST"): Row(
        "/documents/new", "POST", {}, expect=_only(DRAFTERS | {"drafter:other"}, 400, hidden={})
    ),
    ("drafting.show", "GET"): Row(
        "/documents/{doc}", expect=_only(SECTION | {"reviewer", "signatory", "auditor"}, 200)
    ),
    ("drafting.declare", "POST"): Row(
        "/documents/{doc}/declaration",
        "POST",
        {"title": "", "lock": "{lock}"},
        expect=_only(DRAFTERS, 400, hidden={"drafter:other": 404}),
    ),
    ("drafting.add_version", "POST"): Row(
        "/documents/{doc}/versions",
        "POST",
        {"lock": "{lock}"},
        expect=_only(DRAFTERS, 400, hidden={"drafter:other": 404}),
    ),
    ("drafting.add_interpretation", "POST"): Row(
        "/documents/{doc}/interpretations",
        "POST",
        {"lock": "{lock}"},
        expect=_only(DRAFTERS, 400, hidden={"drafter:other": 404}),
    ),
    ("files.version_file", "GET"): Row(
        "/documents/{doc}/versions/1/file", expect=_only(SECTION | {"reviewer", "signatory", "auditor"}, 200)
    ),
    ("files.interpretation_file", "GET"): Row(
        "/documents/{doc}/interpretations/{item}/file",
        expect=_only(SECTION | {"reviewer", "signatory", "auditor"}, 200),
    ),
    ("decisions.decide", "POST"): Row(
        "/documents/{doc}/decide/return",
        "POST",
        {"comment": "", "lock": "{lock}"},
        expect={**_only({"reviewer"}, 422), "anon": 302},  # refused: the page again, input kept
    ),
    ("decisions.corrected_version", "POST"): Row(
        "/documents/{doc}/corrected-version", "POST", {"lock": "{lock}"}, expect=_only({"reviewer"}, 400, hidden={})
    ),
    # Routes of administration, exports, requests, re-review and the print view: ids that do not exist
    # (999999) check the role gate alone; the admin's POSTs send incomplete forms, refused (422) with nothing changed.
    ("admin.index", "GET"): Row("/admin/", "GET", {}, expect={"anon": 302, "admin": 302}, default=403),
    ("admin.holidays", "GET"): Row("/admin/holidays", "GET", {}, expect={"anon": 302, "admin": 200}, default=403),
    ("admin.holidays", "POST"): Row("/admin/holidays", "POST", {}, expect={"anon": 302, "admin": 422}, default=403),
    ("admin.ledger_import", "GET"): Row("/admin/ledger", "GET", {}, expect={"anon": 302, "admin": 200}, default=403),
    ("admin.ledger_import", "POST"): Row("/admin/ledger", "POST", {}, expect={"anon": 302, "admin": 422}, default=403),
    ("admin.prefixes", "GET"): Row("/admin/prefixes", "GET", {}, expect={"anon": 302, "admin": 200}, default=403),
    ("admin.prefixes", "POST"): Row("/admin/prefixes", "POST", {}, expect={"anon": 302, "admin": 422}, default=403),
    ("admin.prefix", "GET"): Row(
        "/admin/prefixes/{prefix}", "GET", {}, expect={"anon": 302, "admin": 200}, default=403
    ),
    ("admin.prefix", "POST"): Row(
        "/admin/prefixes/{prefix}", "POST", {}, expect={"anon": 302, "admin": 422}, default=403
    ),
    ("admin.reasons", "GET"): Row("/admin/reasons", "GET", {}, expect={"anon": 302, "admin": 200}, default=403),
    ("admin.reasons", "POST"): Row("/admin/reasons", "POST", {}, expect={"anon": 302, "admin": 422}, default=403),
    ("admin.reason", "GET"): Row(
        "/admin/reasons/specific_use", "GET", {}, expect={"anon": 302, "admin": 200}, default=403
    ),
    ("admin.reason", "POST"): Row(
        "/admin/reasons/specific_use", "POST", {}, expect={"anon": 302, "admin": 422}, default=403
    ),
    ("admin.sections", "GET"): Row("/admin/sections", "GET", {}, expect={"anon": 302, "admin": 200}, default=403),
    ("admin.sections", "POST"): Row("/admin/sections", "POST", {}, expect={"anon": 302, "admin": 422}, default=403),
    ("admin.section", "GET"): Row(
        "/admin/sections/{section}", "GET", {}, expect={"anon": 302, "admin": 200}, default=403
    ),
    ("admin.section", "POST"): Row(
        "/admin/sections/{section}", "POST", {}, expect={"anon": 302, "admin": 422}, default=403
    ),
    ("admin.settings", "GET"): Row("/admin/settings", "GET", {}, expect={"anon": 302, "admin": 200}, default=403),
    ("admin.settings", "POST"): Row(
        "/admin/settings", "POST", {"organ_name": ""}, expect={"anon": 302, "admin": 422}, default=403
    ),
    ("admin.users", "GET"): Row("/admin/users", "GET", {}, expect={"anon": 302, "admin": 200}, default=403),
    ("admin.users", "POST"): Row("/admin/users", "POST", {}, expect={"anon": 302, "admin": 422}, default=403),
    ("admin.user", "GET"): Row("/admin/users/{user}", "GET", {}, expect={"anon": 302, "admin": 200}, default=403),
    ("admin.user", "POST"): Row("/admin/users/{user}", "POST", {}, expect={"anon": 302, "admin": 422}, default=403),
    ("admin.set_active", "POST"): Row(
        "/admin/users/{user}/active/on", "POST", {}, expect={"anon": 302, "admin": 422}, default=403
    ),
    ("admin.reset_password", "POST"): Row(
        "/admin/users/{user}/password", "POST", {}, expect={"anon": 302, "admin": 422}, default=403
    ),
    ("drafting.print_form", "GET"): Row(
        "/documents/{doc}/print",
        "GET",
        {},
        expect={"anon": 302, "drafter:other": 404, "head:other": 404, "officer": 404, "admin": 404},
        default=200,
    ),
    ("exports.catalogue", "GET"): Row(
        "/exports/catalogue/on_request.xlsx", "GET", {}, expect={"anon": 302}, default=200
    ),
    ("exports.inbox", "GET"): Row("/exports/inbox.xlsx", "GET", {}, expect={"anon": 302}, default=200),
    # The re-review queue and the request registry as .xlsx: exactly the roles that see the page.
    ("exports.rereview", "GET"): Row(
        "/exports/rereview.xlsx", expect=_only({"reviewer", "signatory", "auditor", "admin"}, 200, hidden={})
    ),
    ("exports.rereview_section", "GET"): Row(
        "/exports/rereview/section.xlsx", expect=_only(SECTION | {"drafter:other", "head:other"}, 200, hidden={})
    ),
    ("exports.requests", "GET"): Row(
        "/exports/requests.xlsx", expect=_only({"officer", "auditor", "admin"}, 200, hidden={})
    ),
    ("exports.reviewer_queue", "GET"): Row(
        "/exports/queue.xlsx", "GET", {}, expect={"anon": 302, "reviewer": 200}, default=403
    ),
    ("auth.change_password", "GET"): Row("/password", "GET", {}, expect={"anon": 302}, default=200),
    ("auth.change_password", "POST"): Row("/password", "POST", {}, expect={"anon": 302}, default=200),
    ("catalogue.document", "GET"): Row("/public/{doc}", "GET", {}, expect={}, default=404),
    ("catalogue.interpretation", "GET"): Row(
        "/public/{doc}/interpretations/{item}/file", "GET", {}, expect={}, default=404
    ),
    ("requests.index", "GET"): Row(
        "/requests/", "GET", {}, expect={"anon": 302, "officer": 200, "auditor": 200, "admin": 200}, default=403
    ),
    ("requests.show", "GET"): Row(
        "/requests/999999", "GET", {}, expect={"anon": 302, "officer": 404, "auditor": 404, "admin": 404}, default=403
    ),
    ("requests.answer", "POST"): Row(
        "/requests/999999/answer", "POST", {}, expect={"anon": 302, "officer": 404}, default=403
    ),
    ("requests.record_event", "POST"): Row(
        "/requests/999999/events/supplement_sent", "POST", {}, expect={"anon": 302, "officer": 404}, default=403
    ),
    ("requests.letter", "GET"): Row(
        "/requests/999999/letters/1",
        "GET",
        {},
        expect={"anon": 302, "officer": 404, "auditor": 404, "admin": 404},
        default=403,
    ),
    ("requests.new", "GET"): Row("/requests/new", "GET", {}, expect={"anon": 302, "officer": 200}, default=403),
    ("requests.new", "POST"): Row("/requests/new", "POST", {}, expect={"anon": 302, "officer": 400}, default=403),
    ("rereview.index", "GET"): Row(
        "/rereview/",
        "GET",
        {},
        expect={"anon": 302, "reviewer": 200, "signatory": 200, "auditor": 200, "admin": 200},
        default=403,
    ),
    ("rereview.show", "GET"): Row("/rereview/999999", "GET", {}, expect={"anon": 302}, default=404),
    ("rereview.print_sheet", "GET"): Row("/rereview/999999/print", "GET", {}, expect={"anon": 302}, default=404),
    ("rereview.answer", "POST"): Row(
        "/rereview/999999/answer", "POST", {}, expect={"anon": 302, "head:own": 404, "head:other": 404}, default=403
    ),
    ("rereview.ask", "POST"): Row(
        "/rereview/999999/ask", "POST", {}, expect={"anon": 302, "reviewer": 404}, default=403
    ),
    ("rereview.decide", "POST"): Row(
        "/rereview/999999/decide", "POST", {}, expect={"anon": 302, "reviewer": 404}, default=403
    ),
    ("rereview.upstream_public", "POST"): Row(
        "/rereview/documents/{doc}/upstream-public", "POST", {}, expect={"anon": 302, "reviewer": 400}, default=403
    ),
    ("rereview.section", "GET"): Row(
        "/rereview/section",
        "GET",
        {},
        expect={"anon": 302, "reviewer": 403, "signatory": 403, "officer": 403, "auditor": 403, "admin": 403},
        default=200,
    ),
    # The yearly audit (issue 10): the auditor, reviewers and the admin.
    ("audit.index", "GET"): Row("/audit/", expect=_only({"auditor", "reviewer", "admin"}, 200, hidden={})),
    ("audit.chart", "GET"): Row("/audit/chart/reasons.svg", expect=_only({"auditor", "reviewer", "admin"}, 200,
                                                                           hidden={})),
    ("audit.export", "GET"): Row("/audit/export.xlsx", expect=_only({"auditor", "reviewer", "admin"}, 200,
                                                                     hidden={})),
    ("audit.printable", "GET"): Row("/audit/print", expect=_only({"auditor", "reviewer", "admin"}, 200, hidden={})),
    ("audit.log", "GET"): Row("/audit/log", expect=_only({"auditor", "reviewer", "admin"}, 200, hidden={})),
    ("staff_catalogue.set_normative", "POST"): Row("/catalogue/{doc}/normative", "POST", {"lock": "{lock}"},
                                                   expect=_only(set(), 403, hidden={})),
}


@pytest.fixture
def world(session, store, make_user, make_section):
    office = Office(session, store, make_user, make_section)
    other = make_section()
    users = {
        "drafter:self": office.drafter,
        "drafter:own": make_user(Role.DRAFTER, office.section),
        "drafter:other": make_user(Role.DRAFTER, other),
        "head:own": office.head,
        "head:other": make_user(Role.SECTION_HEAD, other),
        "reviewer": office.reviewer,
        "signatory": office.signatory,
        "officer": make_user(Role.REQUEST_OFFICER),
        "auditor": make_user(Role.AUDITOR),
        "admin": make_user(Role.ADMIN),
    }
    doc = operations.create_document(session, store, office.drafter, corpus_bytes("fixture-02-table.docx"), "a.docx")
    item = operations.attach_interpretation(
        session, store, office.drafter, doc, corpus_bytes("seed-003.pdf"), "解读.pdf", doc.lock_version
    , now=NOW)
    operations.declare(
        session,
        office.drafter,
        doc,
        office.declaration(
            doc,
            attribute=Attribute.ON_REQUEST,
            reason_code="specific_use",
            reason_text="本件仅对被检查的医疗机构有整改作用，不需社会公众广泛知晓。",
        ),
        doc.lock_version,
    )
    operations.submit(session, office.drafter, doc, doc.lock_version, now=NOW)
    session.commit()
    prefix = session.scalar(sa.select(NumberPrefix.id))
    return users, {
        "doc": doc.id,
        "item": item.id,
        "lock": doc.lock_version,
        "prefix": prefix,
        "section": office.section.id,
        "user": users["drafter:own"].id,
    }


def test_every_route_is_in_the_table(app):
    routes = {(r.endpoint, m) for r in app.url_map.iter_rules() for m in r.methods - {"HEAD", "OPTIONS"}}
    missing = routes - set(TABLE)
    assert not missing, f"routes without a row in the authorization table: {sorted(missing)}"
    assert not set(TABLE) - routes, f"rows for routes that no longer exist: {sorted(set(TABLE) - routes)}"


def test_authorization_matrix(app, world):
    users, ids = world
    mismatches = []
    for actor in ACTORS:
        client = app.test_client()
        if actor != "anon":
            response = client.post("/login", data={"username": users[actor].username, "password": PASSWORD})
            assert response.status_code == 302, actor
        for (endpoint, method), row in TABLE.items():
            if endpoint == "auth.logout":
                continue  # would end this actor's session; checked last
            url = row.url.format(**ids)
            data = {k: (v.format(**ids) if isinstance(v, str) else v) for k, v in row.data.items()}
            if method == "POST" and endpoint in (
                "drafting.new",
                "drafting.add_version",
                "drafting.add_interpretation",
                "decisions.corrected_version",
            ):
                response = client.post(url, data=data, content_type="multipart/form-data")
            else:
                response = client.open(url, method=method, data=data)
            response.close()  # static files and downloads are streamed
            if response.status_code != row.status(actor):
                mismatches.append((endpoint, method, actor, response.status_code, row.status(actor)))
            assert response.status_code != 500, (endpoint, actor)
        logout = client.post("/logout")
        if logout.status_code != TABLE[("auth.logout", "POST")].status(actor):
            mismatches.append(("auth.logout", "POST", actor, logout.status_code, 302))
    assert not mismatches, "\n".join(
        f"{e} {m} as {a}: got {got}, table says {want}" for e, m, a, got, want in mismatches
    )
