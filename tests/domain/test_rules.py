"""Every submission rule of DESIGN §4, on plain facts (no database, no HTTP)."""
from __future__ import annotations

import pytest

from review.enums import Attribute, Severity
from review.rules import APPROVE, ISSUE, SUBMIT, Facts, findings, restricted_content

A, R, N = Attribute.ACTIVE, Attribute.ON_REQUEST, Attribute.NON_DISCLOSABLE
EXPLAINED = "本件为内部工作流程安排，仅对相关科室有指导作用。"
BOTH = ("non_disclosable", "on_request")


def facts(**kw) -> Facts:
    base = dict(attribute=A, title="关于做好冬季传染病防控工作的通知",
                parsed={"marking": "active", "marking_text": "（此件主动公开）"})
    base.update(kw)
    return Facts(**base)


def codes(f: Facts, stage: str = SUBMIT) -> dict[str, Severity]:
    return {x.code: x.severity for x in findings(f, stage)}


def test_clean_active_document_has_no_findings():
    assert findings(facts()) == []


def test_attribute_not_declared_blocks_and_is_not_routed():
    found = findings(facts(attribute=None, parsed={}))
    assert [x.code for x in found] == ["attribute_missing"]
    assert found[0].blocks and "80号" in found[0].source


@pytest.mark.parametrize("attribute", [R, N])
def test_restricted_without_reason_code_or_explanation_blocks(attribute):
    got = codes(facts(attribute=attribute, parsed={"marking": attribute.value}))
    assert got["reason_missing"] is Severity.BLOCK
    assert got["explanation_missing"] is Severity.BLOCK


def test_placeholder_explanation_is_not_enough():
    got = codes(facts(attribute=R, reason_code="specific_use", reason_fits=("on_request",),
                      reason_text="无", parsed={"marking": "on_request"}))
    assert got == {"explanation_missing": Severity.BLOCK}


def test_restricted_with_fitting_reason_passes():
    assert codes(facts(attribute=R, reason_code="internal_affairs", reason_fits=BOTH, reason_text=EXPLAINED,
                       parsed={"marking": "on_request"})) == {}


@pytest.mark.parametrize("attribute, fits, ok", [
    (N, ("non_disclosable",), True),       # state_secret → 不予公开
    (R, ("non_disclosable",), False),      # state_secret never justifies 依申请公开
    (N, ("on_request",), False),           # specific_use cannot make a document 不予公开
    (R, ("on_request",), True),
])
def test_reason_code_must_fit_the_attribute(attribute, fits, ok):
    got = codes(facts(attribute=attribute, reason_code="x", reason_fits=fits, reason_text=EXPLAINED,
                      parsed={"marking": attribute.value}))
    assert ("reason_unfit" not in got) is ok
    if not ok:
        assert got["reason_unfit"] is Severity.BLOCK


def test_upstream_active_forbids_non_disclosable_unless_signatory_overrode():
    base = dict(attribute=N, reason_code="x", reason_fits=BOTH, reason_text=EXPLAINED,
                upstream_number="国卫办发〔2020〕1号", upstream_attribute=A, parsed={"marking": "non_disclosable"})
    assert codes(facts(**base))["upstream_active"] is Severity.BLOCK
    assert "upstream_active" not in codes(facts(**base, upstream_override=True))
    # 依申请公开 under an active upstream is not this rule's business
    assert "upstream_active" not in codes(facts(**{**base, "attribute": R, "parsed": {"marking": "on_request"}}))


def test_forwarding_notice_should_follow_upstream_attribute():
    got = codes(facts(attribute=R, reason_code="x", reason_fits=BOTH, reason_text=EXPLAINED, is_forwarding=True,
                      upstream_number="岭卫发〔2021〕3号", upstream_attribute=A, parsed={"marking": "on_request"}))
    assert got["forwarding_differs"] is Severity.WARN
    assert "forwarding_differs" not in codes(facts(is_forwarding=True, upstream_number="岭卫发〔2021〕3号",
                                                   upstream_attribute=A))
    assert codes(facts(is_forwarding=True))["upstream_missing"] is Severity.WARN


@pytest.mark.parametrize("stage, severity", [(SUBMIT, Severity.WARN), (APPROVE, Severity.WARN),
                                             (ISSUE, Severity.BLOCK)])
def test_marking_missing_or_different_warns_and_blocks_at_issue(stage, severity):
    assert codes(facts(parsed={}), stage)["marking_missing"] is severity
    mismatch = facts(parsed={"marking": "on_request", "marking_text": "（此件依申请公开）"})
    assert codes(mismatch, stage)["marking_mismatch"] is severity
    assert "（此件依申请公开）" in findings(mismatch, stage)[0].message


def test_secrecy_mark_on_active_document_blocks():
    got = codes(facts(parsed={"marking": "active", "secrecy": "秘密★6个月"}))
    assert got["secret_active"] is Severity.BLOCK
    assert "secret_active" not in codes(facts(attribute=N, reason_code="state_secret",
                                              reason_fits=("non_disclosable",), reason_text=EXPLAINED,
                                              parsed={"marking": "non_disclosable", "secrecy": "秘密★6个月"}))


@pytest.mark.parametrize("text, what", [
    ("联系人王某，身份证号 110101199003071234。", "身份证号码"),
    ("请拨打 13912345678 联系。", "手机号码"),
    ("本材料为内部资料，请妥善保管。", "内部资料"),
    ("涉及工作秘密，不得扩散。", "工作秘密"),
])
def test_active_document_carrying_restricted_content_warns(text, what):
    assert what in restricted_content(text)
    found = [x for x in findings(facts(text=text)) if x.code == "restricted_content"]
    assert found and found[0].severity is Severity.WARN and what in found[0].message


@pytest.mark.parametrize("text", ["电话：0571-88886666", "发文字号 2021100119900101 号", "共计 139123456789 元"])
def test_ordinary_numbers_are_not_mistaken_for_personal_data(text):
    assert restricted_content(text) == []


def test_joint_issuance_warns_and_names_co_issuers():
    found = [x for x in findings(facts(co_issuers="青禾市医疗保障局\n青禾市财政局")) if x.code == "joint_issuance"]
    assert found[0].severity is Severity.WARN
    assert "青禾市医疗保障局、青禾市财政局" in found[0].message and "第十条" in found[0].source


@pytest.mark.parametrize("title", ["关于印发《青山县卫生健康事业发展规划》的通知", "关于公布行政许可办事指南的通知",
                                   "关于2026年度部门预算的公告", "关于公开招聘卫生专业技术人员的公告"])
def test_kinds_that_must_be_active_warn_when_restricted(title):
    got = codes(facts(attribute=R, title=title, reason_code="x", reason_fits=BOTH, reason_text=EXPLAINED,
                      parsed={"marking": "on_request"}))
    assert got["should_be_active"] is Severity.WARN


def test_policy_document_declared_restricted_warns():
    got = codes(facts(attribute=R, is_policy=True, reason_code="x", reason_fits=BOTH, reason_text=EXPLAINED,
                      parsed={"marking": "on_request"}))
    assert got["should_be_active"] is Severity.WARN


def test_active_policy_without_interpretation_warns_at_submit_blocks_at_approve():
    f = facts(is_policy=True)
    assert codes(f, SUBMIT)["interpretation_missing"] is Severity.WARN
    assert codes(f, APPROVE)["interpretation_missing"] is Severity.BLOCK
    assert "interpretation_missing" not in codes(facts(is_policy=True, has_interpretation=True), APPROVE)


def test_form_fields_must_agree_with_parsed_text():
    title = "关于做好冬季传染病防控工作的通知"
    f = facts(doc_number="青卫发[2026] 9 号", title=title,
              parsed={"marking": "active", "doc_number": "青卫发〔2026〕9号", "title": title})
    assert codes(f) == {}  # brackets and spaces do not count as a difference
    f.doc_number, f.title = "青卫发〔2026〕19号", "关于别的事项的通知"
    assert codes(f) == {"doc_number_differs": Severity.WARN, "title_differs": Severity.WARN}


def test_blocking_findings_come_first_and_every_finding_names_its_source():
    found = findings(facts(attribute=R, parsed={}, co_issuers="某局"))
    assert found[0].blocks and not found[-1].blocks
    assert all(x.source and x.message for x in found)


@pytest.mark.parametrize("printed, attribute", [
    ("（此件主动公开）", A), ("(此件公开发布)", A), ("（信息公开形式：主动公开）", A),
    ("（此件依申请公开）", R), ("（此件可依申请公开）", R), ("（信息公开形式：依申请公开）", R),
    ("（此件不予公开）", N), ("（此件不公开）", N), ("（此件不宜公开）", N),
    ("（联系人：王明，电话：0571-88886666）", None),
])
def test_marking_wordings_map_to_attributes(printed, attribute):
    from review.enums import attribute_of_marking

    assert attribute_of_marking(printed) is attribute
