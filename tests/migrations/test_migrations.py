"""Migrations are the only way the schema is made: head equals the models; every revision goes down and up."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from review.extensions import db
from tests.conftest import make_app


def _app(url, tmp_path):
    return make_app(url, tmp_path)


def test_upgrade_on_an_empty_database_gives_the_models_schema(databases, tmp_path):
    url = databases.empty(tmp_path)
    app = _app(url, tmp_path)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)
        assert diff == [], diff
        assert db.session.scalar(sa.text("SELECT COUNT(*) FROM reason_code")) == 8
        db.session.remove()
        db.engine.dispose()
    databases.drop(url)


def test_downgrade_to_base_and_up_again(databases, tmp_path):
    url = databases.empty(tmp_path)
    app = _app(url, tmp_path)
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        tables = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
        upgrade()
        assert "document_version" in sa.inspect(db.engine).get_table_names()
        db.session.remove()
        db.engine.dispose()
    databases.drop(url)


def test_app_factory_creates_no_tables(databases, tmp_path):
    url = databases.empty(tmp_path)
    app = _app(url, tmp_path)
    with app.app_context():
        app.test_client().get("/login")
        assert sa.inspect(db.engine).get_table_names() == []
        db.engine.dispose()
    databases.drop(url)



SEED_ROWS = [
    "INSERT INTO section (name, requires_head_review, created_at) VALUES ('医政科', false, '2026-01-01 00:00:00')",
    'INSERT INTO "user" (username, display_name, password_hash, role, section_id, active, created_at) '
    "VALUES ('zhang', '张三', 'x', 'drafter', 1, true, '2026-01-01 00:00:00')",
]


def test_data_survives_upgrading_from_the_foundation_revision(databases, tmp_path):
    """Rows written under the first revision are intact after upgrading to head."""
    url = databases.empty(tmp_path)
    app = _app(url, tmp_path)
    with app.app_context():
        upgrade(revision="3c46a4abb87f")
        for statement in SEED_ROWS:
            db.session.execute(sa.text(statement))
        db.session.commit()
        upgrade()
        row = db.session.execute(
            sa.text('SELECT u.username, s.name FROM "user" u JOIN section s ON s.id = u.section_id')
        ).one()
        assert tuple(row) == ("zhang", "医政科")
        assert db.session.scalar(sa.text("SELECT COUNT(*) FROM issued_number")) == 0
        db.session.remove()
        db.engine.dispose()
    databases.drop(url)


def test_head_accepts_the_signed_state_and_new_decision_kinds_and_refuses_unknown_states(databases, tmp_path):
    """The 签发 revision widens the state CHECK; decision kinds are no longer a CHECK at all."""
    url = databases.empty(tmp_path)
    app = _app(url, tmp_path)
    with app.app_context():
        upgrade()
        for statement in SEED_ROWS:
            db.session.execute(sa.text(statement))
        db.session.execute(sa.text(
            "INSERT INTO document (section_id, drafter_id, state, lock_version, title, reason_text, is_forwarding, "
            "is_policy, co_issuers, version_count, has_block, has_warn, validity, created_at, updated_at) "
            "VALUES (1, 1, 'signed', 1, 't', '', false, false, '', 1, false, false, 'valid', "
            "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"))
        db.session.execute(sa.text(
            "INSERT INTO document_version (document_id, number, uploaded_by_id, text, elements, sha256, size, "
            "media_type, original_filename, uploaded_at) VALUES (1, 1, 1, '', '{}', 'ab', 1, 'x', 'f', "
            "'2026-01-01 00:00:00')"))
        db.session.execute(sa.text(
            "INSERT INTO decision (document_id, version_id, actor_id, kind, comment, created_at) "
            "VALUES (1, 1, 1, 'sign', '', '2026-01-01 00:00:00')"))
        db.session.commit()
        with pytest.raises(sa.exc.IntegrityError):
            db.session.execute(sa.text("UPDATE document SET state = 'published' WHERE id = 1"))
            db.session.commit()
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()
    databases.drop(url)
