"""Benchmark the re-review job and the re-review queue page against bare SQL doing the same work.

Run:  .venv/bin/python bench/rereview.py [--docs 1000000] [--database-url URL] [--repeat 5] [--explain]

Builds the schema with the real migrations in a fresh database (a temporary SQLite file; with
--database-url a new database on that PostgreSQL server, dropped afterwards) and generates, in
SQL, ``--docs`` issued documents across 2025-2026, about a third of them restricted, about half of
those past their 下次审查日期 on the bench's "today" (2026-12-01). Then it times:

  job (first run)    `review.jobs.run` opening a task for every due document (chunked, committed
                     per chunk, one audit event per chunk)
    vs bare insert   one hand-written INSERT … SELECT of the same tasks (rolled back)
  job (second run)   the idempotent rerun, which opens nothing
    vs bare select   the hand-written SELECT of the ids of the same due documents, fetched
  queue page         GET /rereview/ through the Flask test client, logged in as a reviewer
    vs bare SQL      hand-written text of the page's statements (sections, reasons, the count
                     GROUP BY, one page of rows), executed and fetched

The bare SQL is written independently of review/jobs.py and review/rereview_queue.py, and its
results are checked against theirs. Target: each within 3× of its bare SQL.
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from bench._database import bench_database as _bench_database  # noqa: E402
from review import create_app, jobs  # noqa: E402
from review.enums import Role  # noqa: E402
from review.extensions import db  # noqa: E402
from review.models import ReReview, Section, User  # noqa: E402
from tests.dbs import migrate  # noqa: E402

TODAY = dt.date(2026, 12, 1)
NOW = dt.datetime(2026, 12, 1, 2, 15, tzinfo=ZoneInfo("Asia/Shanghai"))
PASSWORD = "bench-pass-1"
TARGET = 3.0
SECTIONS = 20


def bench_database(server_url: str | None):
    return _bench_database(server_url, "rereview")


# --- data -----------------------------------------------------------------------------------------

#: i % 6: 0,2,3,5 active; 1 non_disclosable; 4 on_request — a third restricted.
ATTRIBUTE = ("CASE {m6} WHEN 1 THEN 'non_disclosable' WHEN 4 THEN 'on_request' ELSE 'active' END")
REASON = ("CASE {m6} WHEN 1 THEN (CASE {m4} WHEN 0 THEN 'process_info' WHEN 1 THEN 'internal_affairs' "
          "WHEN 2 THEN 'third_party' ELSE 'enforcement_file' END) "
          "WHEN 4 THEN (CASE {m4} WHEN 0 THEN 'specific_use' ELSE 'third_party' END) END")

SQLITE_DOCS = """
WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < :n)
INSERT INTO document (section_id, drafter_id, state, lock_version, title, doc_number, attribute, reason_code,
    reason_text, is_forwarding, is_policy, co_issuers, version_count, has_block, has_warn, signed_on, issued_at,
    published_on, validity, next_review_on, created_at, updated_at)
SELECT 1 + i % {sections}, 1 + i % {sections}, 'issued', 1, '关于第' || i || '号事项的通知',
    '长卫发〔' || (2025 + (i % 700) / 365) || '〕' || i || '号', {attribute}, {reason}, '', 0, 0, '', 0, 0, 0,
    date('2025-01-01', '+' || (i % 700) || ' days'), datetime('2025-01-01', '+' || (i % 700) || ' days'),
    CASE WHEN i % 6 IN (1, 4) THEN NULL ELSE date('2025-01-01', '+' || (i % 700) || ' days') END, 'valid',
    CASE WHEN i % 6 IN (1, 4) THEN date('2025-01-01', '+' || (i % 700 + 365) || ' days') END,
    '2025-01-01 00:00:00', '2025-01-01 00:00:00'
FROM seq
"""

POSTGRES_DOCS = """
INSERT INTO document (section_id, drafter_id, state, lock_version, title, doc_number, attribute, reason_code,
    reason_text, is_forwarding, is_policy, co_issuers, version_count, has_block, has_warn, signed_on, issued_at,
    published_on, validity, next_review_on, created_at, updated_at)
SELECT 1 + i % {sections}, 1 + i % {sections}, 'issued', 1, '关于第' || i || '号事项的通知',
    '长卫发〔' || (2025 + (i % 700) / 365) || '〕' || i || '号', {attribute}, {reason}, '', false, false, '', 0,
    false, false, DATE '2025-01-01' + (i % 700), TIMESTAMP '2025-01-01' + (i % 700) * INTERVAL '1 day',
    CASE WHEN i % 6 IN (1, 4) THEN NULL ELSE DATE '2025-01-01' + (i % 700) END, 'valid',
    CASE WHEN i % 6 IN (1, 4) THEN DATE '2025-01-01' + (i % 700 + 365) END,
    TIMESTAMP '2025-01-01', TIMESTAMP '2025-01-01'
FROM generate_series(1, :n) AS i
"""


def load(session, n: int) -> None:
    for k in range(SECTIONS):
        session.add(Section(name=f"科室{k + 1}"))
    session.flush()
    for k in range(SECTIONS):
        user = User(username=f"drafter{k + 1}", display_name=f"拟稿人{k + 1}", role=Role.DRAFTER, section_id=k + 1)
        user.set_password(PASSWORD)
        session.add(user)
    reviewer = User(username="reviewer", display_name="审核人", role=Role.REVIEWER)
    reviewer.set_password(PASSWORD)
    session.add(reviewer)
    session.commit()
    postgres = session.get_bind().dialect.name == "postgresql"
    template = POSTGRES_DOCS if postgres else SQLITE_DOCS
    sql = template.format(sections=SECTIONS, attribute=ATTRIBUTE.format(m6="i % 6"),
                          reason=REASON.format(m6="i % 6", m4="(i / 6) % 4"))
    session.execute(sa.text(sql), {"n": n})
    session.commit()
    settle(session)


def settle(session) -> None:
    """Statistics (and on PostgreSQL the visibility map, as autovacuum would keep it after a bulk load)."""
    if session.get_bind().dialect.name == "postgresql":
        with session.get_bind().connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(sa.text("VACUUM ANALYZE"))
    else:
        session.execute(sa.text("ANALYZE"))
        session.commit()


# --- bare SQL -------------------------------------------------------------------------------------

BARE_DUE = """SELECT id FROM document WHERE state = 'issued' AND attribute IN ('on_request', 'non_disclosable')
              AND next_review_on <= :today"""
BARE_INSERT = f"""INSERT INTO re_review (document_id, open_document_id, trigger, state, section_id, reason_code,
    due_on, opened_on, opened_at, run_id, lock_version, opinion_question, opinion_text)
    SELECT id, id, 'due', 'open', section_id, reason_code, next_review_on, :today, :now, 'bare', 1, '', ''
    FROM ({BARE_DUE}) due JOIN document USING (id)"""
BARE_QUEUE = [
    "SELECT id, name FROM section ORDER BY name",
    "SELECT code, label FROM reason_code ORDER BY position",
    """SELECT trigger, section_id, reason_code, CASE WHEN opened_on < :cutoff THEN 1 ELSE 0 END AS late, count(*)
       FROM re_review WHERE state IN ('open', 'awaiting_opinion') GROUP BY 1, 2, 3, 4""",
    """SELECT r.id, r.document_id, r.trigger, r.state, r.opened_on, r.due_on, d.title, d.doc_number, d.attribute,
              s.name, c.label
       FROM re_review r JOIN document d ON d.id = r.document_id JOIN section s ON s.id = r.section_id
       LEFT JOIN reason_code c ON c.code = r.reason_code
       WHERE r.state IN ('open', 'awaiting_opinion') ORDER BY r.opened_on, r.id LIMIT 50""",
]


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()

    with bench_database(args.database_url) as (url, tmp):
        migrate(url, tmp)
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "UPLOAD_DIR": str(tmp / "u"),
                          "INSTANCE_PATH": str(tmp / "instance"), "WTF_CSRF_ENABLED": False})
        with app.app_context():
            s = db.session
            backend = s.get_bind().dialect.name
            start = time.perf_counter()
            load(s, args.docs)
            restricted = s.scalar(sa.text("SELECT count(*) FROM document WHERE attribute <> 'active'"))
            print(f"{backend}: {args.docs:,} issued documents ({restricted:,} restricted) generated in "
                  f"{time.perf_counter() - start:.1f} s", flush=True)
            params = {"today": TODAY, "now": NOW.astimezone(dt.UTC).replace(tzinfo=None)}

            def bare_select():
                ids = s.execute(sa.text(BARE_DUE), params).scalars().all()
                s.rollback()
                return ids

            def bare_insert():
                n = s.execute(sa.text(BARE_INSERT), params).rowcount
                s.rollback()
                return n

            t_select, due_ids = timed(bare_select, args.repeat)
            t_insert, inserted = timed(bare_insert, max(1, args.repeat // 2))
            assert inserted == len(due_ids)
            settings = jobs.JobSettings(today=TODAY)
            start = time.perf_counter()
            first = jobs.run(s, settings, NOW)
            t_first = time.perf_counter() - start
            opened = set(s.scalars(sa.select(ReReview.document_id)))
            assert opened == set(due_ids), "the job opened other documents than the bare SQL selects"
            assert first.total == len(due_ids)
            settle(s)  # what autovacuum does after 160k inserts
            t_second, second = timed(lambda: jobs.run(s, settings, NOW), args.repeat)
            assert second.total == 0 and second.already_open == len(due_ids)
            print(f"due documents: {len(due_ids):,}; chunks of {jobs.CHUNK:,}: {first.chunks}")
            print(f"job, first run (opens {first.total:,}): {t_first * 1000:,.0f} ms   "
                  f"bare INSERT … SELECT: {t_insert * 1000:,.0f} ms   ratio {t_first / t_insert:.2f}×")
            print(f"job, second run (opens 0):  {t_second * 1000:,.0f} ms   "
                  f"bare SELECT of due ids: {t_select * 1000:,.0f} ms   ratio {t_second / t_select:.2f}×")
            print(f"summary: {second.summary()}")

            client = app.test_client()
            assert client.post("/login", data={"username": "reviewer", "password": PASSWORD}).status_code == 302
            cutoff = TODAY - dt.timedelta(days=app.config["REREVIEW_OVERDUE_DAYS"])

            def bare_queue():
                out = [s.execute(sa.text(q), {"cutoff": cutoff}).all() for q in BARE_QUEUE]
                s.rollback()
                return out

            def page():
                response = client.get("/rereview/")
                assert response.status_code == 200
                return response.get_data(as_text=True)

            page()
            t_bare, bare = timed(bare_queue, args.repeat)
            t_page, html = timed(page, args.repeat)
            assert f'id="task-total">{sum(r[4] for r in bare[2]):}<' in html, "page total differs from bare SQL"
            assert all(f'id="task-{row[0]}"' in html for row in bare[3])
            print(f"queue page GET /rereview/: {t_page * 1000:,.0f} ms   bare SQL: {t_bare * 1000:,.0f} ms   "
                  f"ratio {t_page / t_bare:.2f}×")
            if args.explain:
                for q in (BARE_DUE, *BARE_QUEUE[2:]):
                    prefix = "EXPLAIN QUERY PLAN " if backend == "sqlite" else "EXPLAIN "
                    plan = s.execute(sa.text(prefix + q), {**params, "cutoff": cutoff}).all()
                    print(" ".join(q.split()[:8]), *plan, sep="\n  ")
            s.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
