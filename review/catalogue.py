"""公开目录 and the internal catalogues (依申请公开目录, 不予公开目录): read-only queries.

Each page costs two SQL statements whatever its length — a count and one joined select of the
columns shown — so the catalogue stays fast as the archive grows. The current version of a
document is the ``DocumentVersion`` whose ``number`` equals ``Document.version_count``.
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .enums import Attribute, DocState
from .models import (
    AttributeDecision,
    Document,
    DocumentVersion,
    Interpretation,
    IssuedNumber,
    NumberPrefix,
    ReasonCode,
    Section,
)
from .search import MAX_TERM, MIN_TERM, matches

log = logging.getLogger(__name__)

PER_PAGE = 20
#: Ignored on both sides of a search: PDF text breaks lines inside phrases ("全\n县"), and
#: numbers are often typed or printed with spaces ("2020 年", "12 号").
BLANKS = (" ", "\n", "\r", "\t", "\u3000")

SHORT_QUERY_HINT = f"检索词至少需要{MIN_TERM}个字，请补充后再检索。以下列出全部文件。"
LONG_QUERY_HINT = f"检索词不能超过{MAX_TERM}个字，请精简后再检索。以下列出全部文件。"


@dataclass(frozen=True)
class Search:
    """The visitor's query box: ``term`` is what is searched (None: list everything)."""

    raw: str
    term: str | None
    hint: str | None


@dataclass(frozen=True)
class CataloguePage:
    rows: list  # SQLAlchemy rows with the columns named in _PUBLIC_COLUMNS / _STAFF_COLUMNS
    total: int
    page: int
    pages: int
    search: Search


def squash(text: str) -> str:
    return "".join(text.split())


def parse_query(raw: str | None) -> Search:
    """A search term of at least two characters (blanks ignored), or a hint why there is none."""
    raw = (raw or "").strip()
    term = squash(raw)
    if not term:
        return Search(raw, None, None)
    if len(term) < MIN_TERM:
        return Search(raw, None, SHORT_QUERY_HINT)
    if len(term) > MAX_TERM:
        return Search(raw, None, LONG_QUERY_HINT)
    return Search(raw, term, None)


def _squashed(column):
    for blank in BLANKS:
        column = sa.func.replace(column, blank, "")
    return column


def _matches(term: str):
    """Title, 发文字号 or the current version's full text contains ``term`` (blanks ignored)."""
    return matches(term, *(_squashed(col) for col in (Document.title, Document.doc_number, DocumentVersion.text)),
                   number_column=Document.doc_number)


_CURRENT_VERSION = sa.and_(DocumentVersion.document_id == Document.id,
                           DocumentVersion.number == Document.version_count)

def _latest_decision(column, *conditions):
    """A column of the document's latest re-review decision (DESIGN §6), as a correlated subquery."""
    return (sa.select(column).where(AttributeDecision.document_id == Document.id, *conditions)
            .order_by(AttributeDecision.id.desc()).limit(1).correlate(Document).scalar_subquery())


#: The date a document converted to active by re-review is public from (None: active since issue).
_CONVERTED_ON = _latest_decision(AttributeDecision.effective_on,
                                 AttributeDecision.attribute_after == Attribute.ACTIVE,
                                 AttributeDecision.attribute_before != Attribute.ACTIVE).label("converted_on")

_PUBLIC_COLUMNS = (Document.id, Document.title, Document.doc_number, Document.signed_on, Document.published_on,
                   Document.validity, DocumentVersion.sha256, DocumentVersion.size,
                   DocumentVersion.original_filename, _CONVERTED_ON)

_STAFF_COLUMNS = (*_PUBLIC_COLUMNS, Document.attribute, Document.next_review_on, Document.lock_version,
                  Document.is_normative, Document.repealed_on,
                  Section.name.label("section_name"), ReasonCode.label.label("reason_label"),
                  _latest_decision(AttributeDecision.effective_on).label("changed_on"),
                  _latest_decision(AttributeDecision.attribute_before).label("changed_from"),
                  sa.select(sa.func.count(AttributeDecision.id)).where(AttributeDecision.document_id == Document.id)
                  .correlate(Document).scalar_subquery().label("decision_count"))


def _page(session: Session, select: sa.Select, conditions: list, search: Search, page: int,
          outer: bool = False) -> CataloguePage:
    """Count, clamp the page number, then fetch one page: two statements. ``outer``: rows without a file
    (documents imported from a ledger without their file) are listed too."""
    if search.term:
        conditions = [*conditions, _matches(search.term)]
    total = session.scalar(
        sa.select(sa.func.count(Document.id)).select_from(Document)
        .join(DocumentVersion, _CURRENT_VERSION, isouter=outer).where(*conditions)
    ) or 0
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(max(1, page), pages)
    rows = session.execute(
        select.where(*conditions).order_by(Document.signed_on.desc(), Document.id.desc())
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    ).all()
    return CataloguePage(rows, total, page, pages, search)


def _issued(attribute: Attribute) -> list:
    return [Document.state == DocState.ISSUED, Document.attribute == attribute]


def public_page(session: Session, query: str | None, page: int = 1) -> CataloguePage:
    """公开目录: issued, active documents only (DESIGN §9)."""
    select = sa.select(*_PUBLIC_COLUMNS).join(DocumentVersion, _CURRENT_VERSION)
    return _page(session, select, _issued(Attribute.ACTIVE), parse_query(query), page)


def staff_page(session: Session, attribute: Attribute, query: str | None, page: int = 1,
               section_id: int | None = None) -> CataloguePage:
    """An internal catalogue of issued documents with ``attribute``; ``section_id`` limits it to one section."""
    select = _staff_select(*_STAFF_COLUMNS)
    return _page(session, select, _staff_conditions(attribute, section_id), parse_query(query), page, outer=True)


def _staff_select(*columns) -> sa.Select:
    return (sa.select(*columns).select_from(Document).outerjoin(DocumentVersion, _CURRENT_VERSION)
            .join(Section, Section.id == Document.section_id)
            .outerjoin(ReasonCode, ReasonCode.code == Document.reason_code))


def _staff_conditions(attribute: Attribute, section_id: int | None) -> list:
    conditions = _issued(attribute)
    if section_id is not None:
        conditions.append(Document.section_id == section_id)
    return conditions


def staff_rows(session: Session, attribute: Attribute, query: str | None, section_id: int | None = None):
    """Every row of an internal catalogue under the same filters, for the .xlsx export (the ledger's columns)."""
    conditions = _staff_conditions(attribute, section_id)
    search = parse_query(query)
    if search.term:
        conditions.append(_matches(search.term))
    select = _staff_select(*_STAFF_COLUMNS, Document.reason_text)
    return session.execute(select.where(*conditions).order_by(Document.signed_on.desc(), Document.id.desc())).all()


def public_version(session: Session, doc_id: int) -> DocumentVersion | None:
    """The current file of an issued, active document; None for anything else (old versions included)."""
    return session.scalar(
        sa.select(DocumentVersion).join(Document, _CURRENT_VERSION)
        .where(Document.id == doc_id, *_issued(Attribute.ACTIVE))
    )




def public_document(session: Session, doc_id: int) -> Document | None:
    """An issued, active document with its file, for its public page; None for anything else."""
    doc = session.get(Document, doc_id)
    if doc is None or doc.state is not DocState.ISSUED or doc.attribute is not Attribute.ACTIVE:
        return None
    return doc if doc.current_version is not None else None


def public_interpretation(session: Session, doc_id: int, item_id: int) -> Interpretation | None:
    """政策解读 of a public document (谁起草谁解读: published with it); None for anything else."""
    doc = public_document(session, doc_id)
    item = session.get(Interpretation, item_id)
    return item if doc is not None and item is not None and item.document_id == doc.id else None


def issuing_organ(session: Session, doc: Document) -> str:
    """发布机构: the organ of the 代字 the office issued under, else the one printed on the file."""
    organ = session.scalar(sa.select(NumberPrefix.organ).join(IssuedNumber, IssuedNumber.prefix_id == NumberPrefix.id)
                           .where(IssuedNumber.document_id == doc.id))
    version = doc.current_version
    return organ or ((version.elements or {}).get("issuer") if version else None) or ""


def download_name(title: str, original: str) -> str:
    """A download named after the document's title, with the stored file's extension."""
    safe = "".join(ch for ch in title if ch.isprintable() and ch not in '\\/:*?"<>|').strip()[:100] or "文件"
    extension = original[original.rfind("."):].lower() if "." in original else ""
    return safe + extension
