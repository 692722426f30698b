"""Item 12: every route of the app's URL map × every role (anonymous included) × own section / other
section / self-drafted, against one table of expected statuses. A route missing from the table fails.

To add a route: add one row to TABLE — its URL (with {doc}, {item} placeholders), method, the form
data it is sent, and the status per actor (``default`` for the rest). POSTs send data that is valid
enough to pass authorization but changes nothing (e.g. an empty comment), so every cell is
independent of the others."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from review import operations
from review.enums import Attribute, Role
from tests.conftest import PASSWORD, corpus_bytes
from tests.domain.flow import Office

#: Who asks: anonymous, a role, and for section roles their relation to the document.
ACTORS = ["anon", "drafter:self", "drafter:own", "drafter:other", "head:own", "head:other", "reviewer",
          "signatory", "officer", "auditor", "admin"]
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
    ("staff_catalogue.set_validity", "POST"): Row("/catalogue/{doc}/validity", "POST", {"validity": ""},
                                                  expect=_only({"reviewer"}, 400, hidden={})),
    ("security_log.index", "GET"): Row("/audit/security", expect=_only({"auditor"}, 200, hidden={})),
    ("queue.index", "GET"): Row("/office/queue", expect=_only({"reviewer"}, 200, hidden={})),
    ("drafting.index", "GET"): Row("/documents/", expect=_only(SECTION | {"head:other", "drafter:other"}, 200,
                                                                hidden={})),
    ("drafting.new", "GET"): Row("/documents/new", expect=_only(DRAFTERS | {"drafter:other"}, 200, hidden={})),
    ("drafting.new", "POST"): Row("/documents/new", "POST", {},
                                  expect=_only(DRAFTERS | {"drafter:other"}, 400, hidden={})),
    ("drafting.show", "GET"): Row("/documents/{doc}", expect=_only(
        SECTION | {"reviewer", "signatory", "auditor"}, 200)),
    ("drafting.declare", "POST"): Row("/documents/{doc}/declaration", "POST", {"title": "", "lock": "{lock}"},
                                      expect=_only(DRAFTERS, 400, hidden={"drafter:other": 404})),
    ("drafting.add_version", "POST"): Row("/documents/{doc}/versions", "POST", {"lock": "{lock}"},
                                          expect=_only(DRAFTERS, 400, hidden={"drafter:other": 404})),
    ("drafting.add_interpretation", "POST"): Row("/documents/{doc}/interpretations", "POST", {"lock": "{lock}"},
                                                 expect=_only(DRAFTERS, 400, hidden={"drafter:other": 404})),
    ("files.version_file", "GET"): Row("/documents/{doc}/versions/1/file", expect=_only(
        SECTION | {"reviewer", "signatory", "auditor"}, 200)),
    ("files.interpretation_file", "GET"): Row("/documents/{doc}/interpretations/{item}/file", expect=_only(
        SECTION | {"reviewer", "signatory", "auditor"}, 200)),
    ("decisions.decide", "POST"): Row("/documents/{doc}/decide/return", "POST", {"comment": "", "lock": "{lock}"},
                                      expect={**_only({"reviewer"}, 400), "anon": 302}),
    ("decisions.corrected_version", "POST"): Row("/documents/{doc}/corrected-version", "POST", {"lock": "{lock}"},
                                                 expect=_only({"reviewer"}, 400, hidden={})),
}


@pytest.fixture
def world(session, store, make_user, make_section):
    office = Office(session, store, make_user, make_section)
    other = make_section()
    users = {
        "drafter:self": office.drafter, "drafter:own": make_user(Role.DRAFTER, office.section),
        "drafter:other": make_user(Role.DRAFTER, other), "head:own": office.head,
        "head:other": make_user(Role.SECTION_HEAD, other), "reviewer": office.reviewer,
        "signatory": office.signatory, "officer": make_user(Role.REQUEST_OFFICER),
        "auditor": make_user(Role.AUDITOR), "admin": make_user(Role.ADMIN),
    }
    doc = operations.create_document(session, store, office.drafter, corpus_bytes("fixture-02-table.docx"), "a.docx")
    item = operations.attach_interpretation(session, store, office.drafter, doc, corpus_bytes("seed-003.pdf"),
                                            "解读.pdf", doc.lock_version)
    operations.declare(session, office.drafter, doc, office.declaration(
        doc, attribute=Attribute.ON_REQUEST, reason_code="specific_use",
        reason_text="本件仅对被检查的医疗机构有整改作用，不需社会公众广泛知晓。"), doc.lock_version)
    operations.submit(session, office.drafter, doc, doc.lock_version)
    session.commit()
    return users, {"doc": doc.id, "item": item.id, "lock": doc.lock_version}


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
            if method == "POST" and endpoint in ("drafting.new", "drafting.add_version", "drafting.add_interpretation",
                                                 "decisions.corrected_version"):
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
    assert not mismatches, "\n".join(f"{e} {m} as {a}: got {got}, table says {want}"
                                      for e, m, a, got, want in mismatches)
