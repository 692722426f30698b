"""Building documents through the real operations, for the office-flow tests."""
from __future__ import annotations

import datetime as dt

from review import operations, rules
from review.enums import Attribute, Role, Severity
from review.models import NumberPrefix
from tests.conftest import corpus_bytes

EXPLAINED = "本件仅对被检查的医疗机构有整改作用，不需社会公众广泛知晓。"
#: The office's clock in these tests: 2026-11-20 10:00 in Beijing.
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
#: The corpus files print their own 发文字号 and 成文日期; tests that issue them under the test 代字 say why.
PRINTED_STANDS = "测试文件为样本，印制号与本次发文不同，以本次发文为准。"


def issue(session, actor, doc, prefix, signed_on, **kw):
    """The office issues ``doc`` at NOW, explaining why the sample file's printed number stands aside."""
    kw.setdefault("explanation", PRINTED_STANDS)
    kw.setdefault("now", NOW)
    return operations.issue(session, actor, doc, doc.lock_version, prefix.id, signed_on, **kw)
#: Corpus files whose printed 附注 matches the attribute.
FILES = {Attribute.ACTIVE: "seed-000.docx", Attribute.ON_REQUEST: "fixture-02-table.docx",
         Attribute.NON_DISCLOSABLE: "fixture-12-request.docx"}
REASONS = {Attribute.ON_REQUEST: "specific_use", Attribute.NON_DISCLOSABLE: "process_info"}


class Office:
    """A section (drafter, colleague), an office (two reviewers), a signatory and a number prefix."""

    def __init__(self, session, store, make_user, make_section, head_review: bool = False):
        self.session, self.store = session, store
        self.section = make_section(requires_head_review=head_review)
        self.drafter = make_user(Role.DRAFTER, self.section)
        self.head = make_user(Role.SECTION_HEAD, self.section)
        self.reviewer = make_user(Role.REVIEWER)
        self.reviewer2 = make_user(Role.REVIEWER)
        self.signatory = make_user(Role.SIGNATORY)
        self.prefix = NumberPrefix(code="青卫发", organ="青山县卫生健康局", doc_type="发文")
        session.add(self.prefix)
        session.commit()

    def declaration(self, doc, **changes) -> operations.Declaration:
        return operations.Declaration.of(doc, **changes)

    def submitted(self, attribute: Attribute = Attribute.ACTIVE, file: str | None = None, **declared):
        s = self.session
        doc = operations.create_document(s, self.store, self.drafter, corpus_bytes(file or FILES[attribute]), "f")
        changes = dict(attribute=attribute, reason_code=REASONS.get(attribute),
                       reason_text=EXPLAINED if attribute.restricted else "")
        changes.update(declared)
        operations.declare(s, self.drafter, doc, self.declaration(doc, **changes), doc.lock_version)
        operations.submit(s, self.drafter, doc, doc.lock_version, now=NOW)
        s.commit()
        return doc

    def warnings(self, doc) -> set[str]:
        found = rules.findings(operations.facts_for(self.session, doc), rules.APPROVE)
        return {f.code for f in found if f.severity is Severity.WARN}

    def approved(self, attribute: Attribute = Attribute.ACTIVE, **declared):
        doc = self.submitted(attribute, **declared)
        operations.approve(self.session, self.reviewer, doc, doc.lock_version, self.warnings(doc), now=NOW)
        self.session.commit()
        return doc

    def signed(self, attribute: Attribute = Attribute.ACTIVE, **declared):
        doc = self.approved(attribute, **declared)
        operations.sign(self.session, self.signatory, doc, doc.lock_version, None, "同意", now=NOW)
        self.session.commit()
        return doc

    def issued(self, attribute: Attribute = Attribute.ACTIVE, signed_on=dt.date(2026, 11, 2), **declared):
        doc = self.signed(attribute, **declared)
        issue(self.session, self.reviewer, doc, self.prefix, signed_on)
        self.session.commit()
        return doc
