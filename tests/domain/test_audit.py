"""The audit log is a hash chain; verify finds the first broken link."""
from __future__ import annotations

import sqlalchemy as sa

from review import audit
from review.models import AuditEvent


def _events(session, n=5):
    for i in range(n):
        audit.append(session, actor_id=None, action="test.event", detail_no=i, note="测试")
    session.commit()


def test_chain_links_each_event_to_the_previous(session):
    _events(session)
    rows = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
    assert rows[0].prev_hash == audit.GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(rows, rows[1:], strict=False))
    assert audit.verify(session).ok and audit.verify(session).checked == 5


def test_editing_a_row_in_the_database_is_caught(session):
    _events(session)
    victim = session.scalars(sa.select(AuditEvent.id).order_by(AuditEvent.id).offset(2)).first()
    session.execute(sa.text("UPDATE audit_event SET action = 'document.approve' WHERE id = :id"), {"id": victim})
    session.commit()
    report = audit.verify(session)
    assert not report.ok and report.broken_at == victim and report.checked == 2


def test_deleting_a_row_is_caught(session):
    _events(session)
    victim = session.scalars(sa.select(AuditEvent.id).order_by(AuditEvent.id).offset(1)).first()
    session.execute(sa.text("DELETE FROM audit_event WHERE id = :id"), {"id": victim})
    session.commit()
    assert audit.verify(session).broken_at == victim + 1


def test_two_events_cannot_share_a_predecessor(session):
    _events(session, 1)
    first = session.scalar(sa.select(AuditEvent))
    session.add(AuditEvent(created_at=first.created_at, action="forged", detail={}, prev_hash=first.prev_hash,
                           hash="f" * 64))
    try:
        session.commit()
        raise AssertionError("a fork of the chain was accepted")
    except sa.exc.IntegrityError:
        session.rollback()


def test_cli_verify_reports_ok_and_broken(app, session):
    _events(session, 3)
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["audit", "verify"])
    assert ok.exit_code == 0 and "共校验 3 条" in ok.output
    session.execute(sa.text("UPDATE audit_event SET detail = '{}' WHERE id = (SELECT MAX(id) FROM audit_event)"))
    session.commit()
    broken = runner.invoke(args=["audit", "verify"])
    assert broken.exit_code == 1 and "断裂" in broken.output
