"""Benchmark the reviewer queue page against the bare SQL that fetches the same rows and counts.

Run:  .venv/bin/python bench/queue.py [--docs 200000] [--database-url URL] [--repeat 30]
                                      [--experiment-index [COLUMNS]] [--explain]

Builds the schema with the real migrations in a fresh database (a temporary SQLite file; with
--database-url a new database on that PostgreSQL server, dropped afterwards), bulk-loads sections,
users and documents in a realistic mix of states, then for each case times, after a warm-up:
  page       GET /office/queue through the Flask test client, logged in as a reviewer
             (login check, query building, the queries, template rendering)
  query      review.queue.reviewer_queue() alone (query building + the queries)
  bare SQL   hand-written SQL text of the statements the page needs (sections, the GROUP BY cube
             that carries every count and the total, the page of rows), executed and fetched —
             the page sums the cube in SQL instead of fetching its ~1,200 cells, and adds the login
             check and the 待办 badge count that every page of the layout shows
and counts the SQL statements each page runs (a before_cursor_execute listener). The three are
timed in turns so that load from other processes falls on all of them alike.
The bare SQL is written independently of review/queue.py, and its rows and total are checked
against the page's, so the floor also guards correctness.

--experiment-index  then creates, by hand and in this bench database only, an index covering the
                    count query (default columns below) and repeats the timings: an EXPERIMENT to
                    decide whether a migration is worth it, never a change to the schema.
--explain           prints the query plans of the bare statements.

Targets: a constant number of statements per page; the page within a small multiple of bare SQL.

Measured (200,000 documents, 19,984 in the queue, N=30; a shared 2-core machine under a load
average of 6–9 from other work, so absolute times are inflated and the interleaved ratio is the
figure to read), page/bare medians per case:

  case                                   PostgreSQL 15.18        SQLite 3.40.1
  default (oldest first, page 1)         2.3×  (100 / 44 ms)     1.4×  (427 / 302 ms)
  section+active+warn+search “疫苗”      1.5×  (162 / 111 ms)    1.2×  (721 / 595 ms)
  by title, page 100                     1.3×  (264 / 208 ms)    1.1×  (1207 / 1090 ms)
  older than 7 days + search “[2026]1”   1.3×  (242 / 186 ms)    1.6×  (583 / 367 ms)

5 statements per page on PostgreSQL (login, sections, counts, rows, 待办 badge), 6 on SQLite
(+ BEGIN). Before (issue 7 item 18) the default page on PostgreSQL was 4.2–5.4× and ran 6 statements:
the badge counted the OR of the inbox lists, so PostgreSQL visited the table pages of every queue
document (~40 ms), and the ~1,200 cube cells were fetched and summed in Python (~15 ms).
"""
from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script: this file's folder must not shadow the standard library's ``queue`` (psycopg
# imports it), and the repository root must be importable.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from bench._database import bench_database as _bench_database  # noqa: E402
from review import create_app  # noqa: E402
from review.enums import Attribute, DocState, Role, Validity  # noqa: E402
from review.extensions import db  # noqa: E402
from review.extract.numbers import normalise_doc_number  # noqa: E402
from review.models import Document, Section, User  # noqa: E402
from review.models._types import utcnow  # noqa: E402
from review.queue import AGE_CHOICES, PAGE_SIZE, Findings, QueueFilter, Sort, reviewer_queue  # noqa: E402
from tests.dbs import migrate  # noqa: E402

PASSWORD = "bench-pass-1"
SMALL_MULTIPLE = 3.0
EXPERIMENT_INDEX = "bench_experiment_queue"
#: ix_document_state_submitted (state, submitted_at, id) widened by the columns the count cube and
#: the facet filters read, so both can be answered from the index without visiting the table. (This
#: experiment became the migrated ix_document_queue: the default now only duplicates it.)
EXPERIMENT_COLUMNS = "state, submitted_at, id, section_id, attribute, has_block, has_warn"

SECTIONS = [
    "办公室", "医政医管科", "疾病预防控制科", "基层卫生健康科", "妇幼健康科", "老龄健康科", "综合监督科",
    "规划发展与信息化科", "财务审计科", "人事科", "法规科", "中医药管理科", "药政科", "科技教育科",
    "职业健康科", "食品安全标准与监测评估科", "爱国卫生运动委员会办公室", "卫生应急办公室", "宣传科", "机关党委",
]
#: (state, share of all documents): most documents are long issued; about a tenth wait for the office.
STATE_MIX = [
    (DocState.ISSUED, 0.72), (DocState.APPROVED, 0.03), (DocState.OFFICE_REVIEW, 0.10),
    (DocState.SUBMITTED, 0.01), (DocState.RETURNED, 0.02), (DocState.ATTRIBUTE_CHANGED, 0.005),
    (DocState.DISPUTED, 0.005), (DocState.DRAFT, 0.11),
]
ATTRIBUTE_MIX = [(Attribute.ACTIVE, 0.70), (Attribute.ON_REQUEST, 0.20), (Attribute.NON_DISCLOSABLE, 0.08),
                 (None, 0.02)]
WARN_SHARE, BLOCK_SHARE = 0.30, 0.05
TOPICS = [
    "医疗质量安全检查", "疫苗接种工作", "传染病疫情防控", "基本公共卫生服务项目", "家庭医生签约服务",
    "医疗机构依法执业检查",
    "公立医院绩效考核", "卫生健康统计调查", "爱国卫生月活动", "职业病防治宣传周", "妇幼健康服务", "老年健康服务",
    "医疗废物管理", "中医药服务能力提升", "院感防控督导", "无偿献血工作", "严重精神障碍患者管理", "健康扶贫工作",
    "卫生应急演练", "食品安全风险监测", "医疗纠纷化解", "药品集中采购", "村卫生室建设", "卫生专业技术资格考试",
    "干部职工体检", "安全生产大检查", "财务预算执行", "政务公开工作", "信访维稳工作", "健康县城创建",
    "结核病防治", "艾滋病防治", "学校卫生监督", "生活饮用水卫生监测", "计划免疫冷链管理", "急诊急救体系建设",
    "乡村医生培训", "病媒生物防制", "控烟工作", "医养结合试点",
]
KINDS = ["通知", "通报", "报告", "请示", "实施方案", "意见", "工作要点", "批复", "函"]
CODES = ["长卫发", "长卫办发", "长卫函", "长卫医发", "长卫疾控发", "长卫综监发"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国"


def pick(rng: random.Random, mix):
    return rng.choices([v for v, _ in mix], weights=[w for _, w in mix])[0]


# --- database -----------------------------------------------------------------------------------------


def bench_database(server_url: str | None):
    return _bench_database(server_url, "queue")


def load(engine: sa.Engine, docs: int, now: dt.datetime, seed: int = 20261123) -> dict:
    """Bulk-load sections, ~200 users and ``docs`` documents in a few transactions; returns the mix."""
    rng = random.Random(seed)
    with engine.begin() as conn:
        conn.execute(sa.insert(Section), [{"name": n, "requires_head_review": False, "created_at": now}
                                          for n in SECTIONS])
        section_ids = list(conn.scalars(sa.select(Section.id).order_by(Section.id)))
        reviewer = User(username="reviewer", display_name="审核人甲", role=Role.REVIEWER)
        reviewer.set_password(PASSWORD)
        users = [{"username": "reviewer", "display_name": "审核人甲", "password_hash": reviewer.password_hash,
                  "role": Role.REVIEWER, "section_id": None, "active": True, "created_at": now}]
        for i in range(199):
            role = Role.SECTION_HEAD if i < len(section_ids) else Role.DRAFTER
            users.append({"username": f"u{i:03d}", "display_name": rng.choice(SURNAMES) + rng.choice(GIVEN) * 2,
                          "password_hash": "!", "role": role, "section_id": section_ids[i % len(section_ids)],
                          "active": True, "created_at": now})
        conn.execute(sa.insert(User), users)
        drafters = [tuple(r) for r in conn.execute(sa.select(User.id, User.section_id)
                                                   .where(User.role == Role.DRAFTER))]
    mix: dict[str, int] = {}
    batch: list[dict] = []
    for i in range(docs):
        state = pick(rng, STATE_MIX)
        mix[state.value] = mix.get(state.value, 0) + 1
        drafter_id, section_id = rng.choice(drafters)
        waiting = state in (DocState.OFFICE_REVIEW, DocState.SUBMITTED)
        submitted = None if state is DocState.DRAFT else now - dt.timedelta(
            days=rng.uniform(0, 60 if waiting else 6 * 365))
        year = (submitted or now).year
        batch.append({
            "section_id": section_id, "drafter_id": drafter_id, "state": state, "lock_version": 1,
            "title": f"关于{rng.choice(TOPICS)}的{rng.choice(KINDS)}（{i}）",
            "doc_number": f"{rng.choice(CODES)}〔{year}〕{rng.randint(1, 400)}号" if rng.random() < 0.8 else None,
            "attribute": pick(rng, ATTRIBUTE_MIX), "reason_text": "", "is_forwarding": rng.random() < 0.2,
            "is_policy": rng.random() < 0.1, "co_issuers": "", "version_count": rng.randint(1, 4),
            "has_block": rng.random() < BLOCK_SHARE, "has_warn": rng.random() < WARN_SHARE,
            "validity": Validity.VALID, "created_at": submitted or now, "updated_at": submitted or now,
            "submitted_at": submitted,
        })
        if len(batch) == 20_000:
            with engine.begin() as conn:
                conn.execute(sa.insert(Document), batch)
            batch = []
    if batch:
        with engine.begin() as conn:
            conn.execute(sa.insert(Document), batch)
    analyze(engine)
    return mix


def analyze(engine: sa.Engine) -> None:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))


# --- the bare SQL -------------------------------------------------------------------------------------


def bare_queue_sql(filt: QueueFilter, now: dt.datetime, dialect: str) -> list[tuple[str, dict]]:
    """The statements a queue page needs, written by hand: sections, the count cube, one page of rows."""
    params: dict = {"state": DocState.OFFICE_REVIEW.value, "yes": True, "no": False}
    params.update({f"c{n}": now - dt.timedelta(days=n) for n in AGE_CHOICES})
    like = "ILIKE" if dialect == "postgresql" else "LIKE"  # SQLite's LIKE ignores ASCII case already
    search = ""
    if filt.search:
        def pattern(text: str) -> str:
            return "%" + text.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"

        params["pat"] = pattern(filt.search)
        search = f" AND (d.title {like} :pat ESCAPE '/' OR d.doc_number {like} :pat ESCAPE '/'"
        if normalise_doc_number(filt.search) != filt.search:  # typed [2025] also finds 〔2025〕
            params["num"] = pattern(normalise_doc_number(filt.search))
            search += f" OR d.doc_number {like} :num ESCAPE '/'"
        search += ")"
    bucket = "CASE " + " ".join(f"WHEN d.submitted_at < :c{n} THEN {n}" for n in sorted(AGE_CHOICES, reverse=True))
    cube = (f"SELECT d.section_id, d.attribute, d.has_block, d.has_warn, {bucket} ELSE 0 END AS age_bucket, "
            f"count(*) FROM document d WHERE d.state = :state{search} GROUP BY 1, 2, 3, 4, 5")
    where = f"d.state = :state{search}"
    if filt.section_id:
        where += " AND d.section_id = :section"
        params["section"] = filt.section_id
    if filt.attribute:
        where += " AND d.attribute = :attribute" if filt.attribute != "undeclared" else " AND d.attribute IS NULL"
        params["attribute"] = filt.attribute
    where += {Findings.BLOCK: " AND d.has_block = :yes", Findings.WARN: " AND d.has_warn = :yes",
              Findings.CLEAN: " AND d.has_block = :no AND d.has_warn = :no", None: ""}[filt.findings]
    if filt.older_than_days:
        where += f" AND d.submitted_at < :c{filt.older_than_days}"
    order = {Sort.OLDEST: "d.submitted_at, d.id", Sort.NEWEST: "d.submitted_at DESC, d.id DESC",
             Sort.TITLE: "d.title, d.submitted_at, d.id", Sort.SECTION: "s.name, d.submitted_at, d.id"}[filt.sort]
    rows = ("SELECT d.id, d.title, d.doc_number, d.attribute, d.submitted_at, d.has_block, d.has_warn, "
            "d.version_count, s.name, u.display_name FROM document d JOIN section s ON s.id = d.section_id "
            f'JOIN "user" u ON u.id = d.drafter_id WHERE {where} ORDER BY {order} '
            f"LIMIT {PAGE_SIZE} OFFSET {(filt.page - 1) * PAGE_SIZE}")
    statements = ["SELECT id, name FROM section ORDER BY name, id", cube, rows]
    return [(sql, {k: params[k] for k in set(re.findall(r":(\w+)", sql))}) for sql in statements]


def as_text(sql: str, params: dict, prefix: str = "") -> sa.TextClause:
    """A text() statement with its values bound; datetimes typed so SQLite gets the stored format."""
    typed = [sa.bindparam(k, v, type_=sa.DateTime) for k, v in params.items() if isinstance(v, dt.datetime)]
    plain = {k: v for k, v in params.items() if not isinstance(v, dt.datetime)}
    return sa.text(prefix + sql).bindparams(*typed, **plain)


def run_bare(conn: sa.Connection, statements: list[sa.TextClause]) -> list[list]:
    return [conn.execute(s).all() for s in statements]


# --- timing -------------------------------------------------------------------------------------------


def interleaved(runs: dict[str, object], repeat: int, warmup: int = 3) -> dict[str, list[float]]:
    """Time each callable ``repeat`` times, taking turns (page, query, bare, page, …) so that noise
    from other processes on the machine falls on all of them alike; ms per call."""
    for fn in runs.values():
        for _ in range(warmup):
            fn()
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, fn in runs.items():
            start = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - start) * 1000)
    return times


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def cases(section_id: int, year: int) -> list[tuple[str, QueueFilter]]:
    return [
        ("第一页（默认：最早提交在前）", QueueFilter()),
        ("筛选：科室+主动公开+有提示+搜索“疫苗”", QueueFilter(section_id=section_id, attribute="active",
                                                       findings=Findings.WARN, q="疫苗")),
        ("按标题排序 第 100 页", QueueFilter(sort=Sort.TITLE, page=100)),
        (f"超过 7 天+搜索发文字号“[{year}]1”", QueueFilter(older_than_days=7, q=f"[{year}]1")),
    ]


def measure(app, engine: sa.Engine, client, filt: QueueFilter, now: dt.datetime, repeat: int) -> dict:
    """Time one case three ways. Page requests run outside any app context, as in production: each
    gets its own session (so the login check loads the user every time)."""
    args = filt.to_args()
    statements: list[list[str]] = []
    capturing = [False]

    def record(_conn, _cursor, statement, *_):
        if capturing[0]:
            statements[-1].append(" ".join(statement.split()))

    def get_page():
        statements.append([])
        capturing[0] = True
        response = client.get("/office/queue", query_string=args)
        capturing[0] = False
        assert response.status_code == 200, response.status_code

    with app.app_context():
        page = reviewer_queue(db.session, filt, now)
        db.session.rollback()
    bare = [as_text(sql, params) for sql, params in bare_queue_sql(page.filter, now, engine.dialect.name)]

    def query():
        with app.app_context():  # a fresh session each time, as a request has
            reviewer_queue(db.session, filt, now)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        with engine.connect() as conn:
            times = interleaved({"page": get_page, "query": query, "bare": lambda: run_bare(conn, bare)}, repeat)
            sections, cube, rows = run_bare(conn, bare)
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    check(page, cube, rows)
    timed_runs = statements[-repeat:]
    return {"filter": page.filter, "rows": len(page.rows), "total": page.total,
            "statements": sorted({len(s) for s in timed_runs}), "statement_texts": timed_runs[-1],
            "bare_statements": len(bare), **times}


def check(page, cube, rows) -> None:
    """The bare SQL finds what the page shows."""
    filt = page.filter
    total = 0
    for section_id, attribute, has_block, has_warn, bucket, n in cube:
        ok = ((not filt.section_id or section_id == filt.section_id)
              and (not filt.attribute or (attribute or "undeclared") == filt.attribute)
              and (filt.findings is None or {"block": has_block, "warn": has_warn,
                                             "clean": not (has_block or has_warn)}[filt.findings.value])
              and (not filt.older_than_days or bucket >= filt.older_than_days))
        total += n if ok else 0
    assert total == page.total, (total, page.total)
    assert [r[0] for r in rows] == [r.id for r in page.rows], "bare SQL and the page disagree"


def print_table(title: str, results: list[tuple[str, dict]]) -> None:
    print(f"\n{title}")
    head = (f"{'case':<34}{'rows':>5}{'total':>7}{'stmts':>7} | {'page med':>9}{'p95':>8} | "
            f"{'query med':>10}{'p95':>8} | {'bare med':>9}{'p95':>8}{'stmts':>6} | {'page/bare':>9}{'page−bare':>10}")
    print(head)
    print("-" * len(head))
    for name, r in results:
        pm, qm, bm = (statistics.median(r[k]) for k in ("page", "query", "bare"))
        stmts = "/".join(map(str, r["statements"]))
        print(f"{pad(name, 34)}{r['rows']:>5}{r['total']:>7}{stmts:>7} | {pm:>9.2f}{p95(r['page']):>8.2f} | "
              f"{qm:>10.2f}{p95(r['query']):>8.2f} | {bm:>9.2f}{p95(r['bare']):>8.2f}{r['bare_statements']:>6} | "
              f"{pm / bm:>8.1f}×{pm - bm:>10.2f}")
    print("(ms; page = GET through the Flask test client incl. login check and rendering; query = "
          "reviewer_queue(); bare = hand-written SQL of the same statements; stmts = SQL statements per page)")


def pad(text: str, width: int) -> str:
    """Left-justify counting CJK characters as two columns."""
    cols = sum(2 if ord(c) > 0x2E80 else 1 for c in text)
    return text + " " * max(1, width - cols)


def explain(conn: sa.Connection, statements: list[tuple[str, dict]], dialect: str) -> None:
    prefix = "EXPLAIN (ANALYZE, TIMING OFF) " if dialect == "postgresql" else "EXPLAIN QUERY PLAN "
    for sql, params in statements[1:]:
        print("    " + ("count cube" if "GROUP BY" in sql else "page of rows"))
        for row in conn.execute(as_text(sql, params, prefix)):
            print("      " + str(row[-1]))


def run_cases(app, engine, client, now, section_id, repeat, want_explain) -> list[tuple[str, dict]]:
    results = []
    for name, filt in cases(section_id, now.year):
        results.append((name, measure(app, engine, client, filt, now, repeat)))
        if want_explain:
            print(f"\n  plan · {name}")
            with engine.connect() as conn:
                explain(conn, bare_queue_sql(results[-1][1]["filter"], now, engine.dialect.name), engine.dialect.name)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200_000)
    parser.add_argument("--database-url", help="a PostgreSQL server URL (a new database is created on it)")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--experiment-index", nargs="?", const=EXPERIMENT_COLUMNS, metavar="COLUMNS",
                        help=f"also time with a hand-made index on document (default: {EXPERIMENT_COLUMNS})")
    parser.add_argument("--explain", action="store_true", help="print the query plans")
    opts = parser.parse_args()

    with bench_database(opts.database_url) as (url, tmp):
        started = time.perf_counter()
        migrate(url, tmp)
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                          "UPLOAD_DIR": str(tmp / "uploads"), "INSTANCE_PATH": str(tmp / "instance")})
        with app.app_context():
            engine = db.engine
        now = utcnow()
        mix = load(engine, opts.docs, now)
        loaded = time.perf_counter() - started
        backend = engine.dialect.name
        with engine.connect() as conn:
            server = conn.scalar(sa.text("SELECT version()" if backend == "postgresql"
                                         else "SELECT 'SQLite ' || sqlite_version()"))
            section_id = conn.scalar(sa.select(Section.id).where(Section.name == "疾病预防控制科"))
        print(f"queue bench · {server.split(' on ')[0]} · {opts.docs:,} documents loaded in {loaded:.1f} s "
              f"(migrations + bulk insert + ANALYZE)")
        print(f"sections {len(SECTIONS)}, users 200 (1 reviewer, {len(SECTIONS)} section heads, "
              f"{199 - len(SECTIONS)} drafters); N={opts.repeat} timed runs per case and column after 3 warm-up")
        print("state mix: " + ", ".join(f"{k} {v:,} ({v / opts.docs:.1%})" for k, v in
                                        sorted(mix.items(), key=lambda kv: -kv[1])))
        print("documents: attribute active 70% / on_request 20% / non_disclosable 8% / undeclared 2%; "
              f"has_warn {WARN_SHARE:.0%}, has_block {BLOCK_SHARE:.0%}; queue ages 0–60 days")

        client = app.test_client()
        response = client.post("/login", data={"username": "reviewer", "password": PASSWORD})
        assert response.status_code == 302, "login failed"

        results = run_cases(app, engine, client, now, section_id, opts.repeat, opts.explain)
        print_table(f"[{backend}] schema as migrated", results)
        print("statements of one page (default case):")
        for text in results[0][1]["statement_texts"]:
            print(f"  · {text[:110]}…")
        verdicts(results)

        if opts.experiment_index:
            with engine.begin() as conn:
                conn.execute(sa.text(f"CREATE INDEX {EXPERIMENT_INDEX} ON document ({opts.experiment_index})"))
            analyze(engine)
            results = run_cases(app, engine, client, now, section_id, opts.repeat, opts.explain)
            print_table(f"[{backend}] EXPERIMENT (bench database only, not a migration): "
                        f"CREATE INDEX {EXPERIMENT_INDEX} ON document ({opts.experiment_index})", results)
            verdicts(results)
        engine.dispose()


def verdicts(results: list[tuple[str, dict]]) -> None:
    counts = {n for _, r in results for n in r["statements"]}
    worst = max(statistics.median(r["page"]) / statistics.median(r["bare"]) for _, r in results)
    print(f"statements per page constant across cases: {'yes' if len(counts) == 1 else 'NO'} ({sorted(counts)}); "
          f"worst page/bare median ratio {worst:.1f}× (target ≤ {SMALL_MULTIPLE:.0f}×: "
          f"{'met' if worst <= SMALL_MULTIPLE else 'NOT met'})")


if __name__ == "__main__":
    main()
