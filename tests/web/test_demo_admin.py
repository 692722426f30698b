"""The demo shows a populated admin area and public site: settings filled, past documents imported."""
from __future__ import annotations

import sqlalchemy as sa

from review import demo
from review.enums import Attribute
from review.models import AuditEvent, Document, User
from review.office_settings import office_marking, organ_name


def test_demo_fills_settings_and_imports_the_past_ledger(app, session, client):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert organ_name(session) == "青山县卫生健康局"
    assert office_marking(session, Attribute.ACTIVE) == "此件公开发布"
    numbers = {row[1] for row in demo.PAST}
    imported = session.scalars(sa.select(Document).where(Document.doc_number.in_(numbers))).all()
    assert len(imported) == 3
    assert len(session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "document.import")).all()) == 3
    assert runner.invoke(args=["demo"]).exit_code == 0  # still once
    assert len(session.scalars(sa.select(Document).where(Document.doc_number.in_(numbers))).all()) == 3

    listing = client.get("/public/").get_data(as_text=True)
    active = next(d for d in imported if d.attribute is Attribute.ACTIVE)
    assert "青山县卫生健康局" in listing and f"/public/{active.id}" in listing
    assert "11140400MB0000000X/2025-" in client.get(f"/public/{active.id}").get_data(as_text=True)

    admin = session.scalar(sa.select(User).where(User.username == "admin"))
    client.post("/login", data={"username": admin.username, "password": demo.DEMO_PASSWORD})
    for url in ("/admin/users", "/admin/settings", "/admin/reasons", "/admin/prefixes", "/admin/sections"):
        assert client.get(url).status_code == 200, url
