"""A generated archive for the yearly audit: issued documents and requests over several years, inserted
in bulk, and returned as plain rows so tests (and bench/audit.py) can compute the expected figures in
plain Python without the queries under test."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from review.enums import Attribute, DocState, Role, Validity
from review.models import DisclosureRequest, Document, Section, User
from review.request_enums import Channel, Outcome, RequesterType, RequestState

#: Reason codes (seeded by the migrations) each restricted attribute may use.
FITTING = {
    Attribute.ON_REQUEST: ["third_party", "internal_affairs", "process_info", "enforcement_file", "specific_use"],
    Attribute.NON_DISCLOSABLE: ["state_secret", "law_prohibited", "three_safeties", "third_party", "process_info"],
}


@dataclass
class Archive:
    sections: dict[int, str]
    documents: list[dict]
    requests: list[dict]


def _day(rng: random.Random, first: int, last: int) -> dt.date:
    start = dt.date(first, 1, 1)
    return start + dt.timedelta(days=rng.randrange((dt.date(last, 12, 31) - start).days + 1))


def document_rows(rng: random.Random, n: int, sections: dict[int, int], first: int, last: int,
                  weights: dict[int, tuple[int, int, int]] | None = None) -> list[dict]:
    """``sections``: section id → drafter id. ``weights``: section id → (active, on_request,
    non_disclosable) weights, so sections differ and some grow their restricted share."""
    attributes = list(Attribute)
    rows = []
    section_ids = list(sections)
    for i in range(n):
        sid = rng.choice(section_ids)
        issued = rng.random() > 0.04  # a few documents are still in the workflow and never count
        attribute = rng.choices(attributes, (weights or {}).get(sid, (6, 3, 1)))[0]
        signed_on = _day(rng, first, last) if issued else None
        row = dict(
            section_id=sid, drafter_id=sections[sid],
            state=DocState.ISSUED if issued else DocState.OFFICE_REVIEW,
            title=f"关于第{i + 1}号事项的通知", doc_number=f"青卫发〔{signed_on.year}〕{i + 1}号" if issued else None,
            attribute=attribute, reason_code=None, reason_text="",
            signed_on=signed_on, published_on=None, next_review_on=None,
            is_normative=False, repealed_on=None, validity=Validity.VALID,
        )
        if attribute.restricted:
            # One in twenty restricted documents lacks its reason (an old record): shown as such.
            row["reason_code"] = rng.choice(FITTING[attribute]) if rng.random() > 0.05 else None
            row["reason_text"] = f"第{i + 1}号文件不公开的说明"
            if issued:
                row["next_review_on"] = signed_on + dt.timedelta(days=rng.choice((180, 365, 730)))
        elif issued:
            # Mostly on time; some weeks late; a few not yet published.
            lag = rng.choice((0, 0, 0, 1, 3, 10, 25, 27, 28, 35, 60))
            row["published_on"] = None if rng.random() < 0.02 else signed_on + dt.timedelta(days=lag)
        if issued and rng.random() < 0.12:
            row["is_normative"] = True
            if rng.random() < 0.3:
                row["repealed_on"] = signed_on + dt.timedelta(days=rng.randrange(30, 900))
                row["validity"] = Validity.REPEALED
        rows.append(row)
    return rows


def request_rows(rng: random.Random, n: int, registrar_id: int, first: int, last: int) -> list[dict]:
    kinds, outcomes = list(RequesterType), list(Outcome)
    serials: dict[int, int] = {}
    rows = []
    for i in range(n):
        received_on = _day(rng, first, last)
        serials[received_on.year] = serials.get(received_on.year, 0) + 1
        answered = rng.random() < 0.9
        answered_on = received_on + dt.timedelta(days=rng.randrange(1, 45)) if answered else None
        rows.append(dict(
            year=received_on.year, serial=serials[received_on.year], requester_name=f"申请人{i % 997}",
            requester_key=f"申请人{i % 997}", requester_type=rng.choices(kinds, (8, 3, 1, 1, 1, 1))[0],
            contact="", channel=Channel.ONLINE, received_on=received_on, text="申请公开某文件",
            state=RequestState.ANSWERED if answered else RequestState.OPEN,
            outcome=rng.choice(outcomes) if answered else None, answered_on=answered_on,
            registered_by_id=registrar_id,
        ))
    return rows


def insert(session: Session, model, rows: list[dict], chunk: int = 20_000) -> None:
    for i in range(0, len(rows), chunk):
        session.execute(sa.insert(model), rows[i:i + chunk])


def build(session: Session, documents: int = 600, requests: int = 300, first: int = 2024, last: int = 2026,
          seed: int = 10, section_names: tuple[str, ...] = ("办公室", "医政科", "疾控科", "综合监督科")) -> Archive:
    """Sections with a drafter each, a request officer, ``documents`` documents and ``requests`` requests."""
    rng = random.Random(seed)
    sections, drafters = {}, {}
    for name in section_names:
        section = Section(name=name)
        session.add(section)
        session.flush()
        sections[section.id] = name
    for sid in sections:
        user = User(username=f"d{sid}-{seed}", display_name=f"拟稿人{sid}", role=Role.DRAFTER, section_id=sid,
                    password_hash="!")
        session.add(user)
        session.flush()
        drafters[sid] = user.id
    officer = User(username=f"officer-{seed}", display_name="办理人", role=Role.REQUEST_OFFICER, password_hash="!")
    session.add(officer)
    session.flush()
    ids = list(sections)
    # The first section restricts ever more; the others keep to the office's usual mix.
    weights = {sid: (6, 3, 1) for sid in ids}
    weights[ids[0]] = (3, 4, 3)
    docs = document_rows(rng, documents, drafters, first, last, weights)
    insert(session, Document, docs)
    reqs = request_rows(rng, requests, officer.id, first, last)
    insert(session, DisclosureRequest, reqs)
    session.commit()
    ids_by_title = dict(session.execute(sa.select(Document.title, Document.id)).all())  # titles are unique
    for row in docs:
        row["id"] = ids_by_title[row["title"]]
    return Archive(sections, docs, reqs)
