"""The rules that carry the law's lists: 密级 (保密法, 条例 第十四条) and the kinds that must be active
(条例 第十九、二十条), measured for precision and recall on titles written for this test."""
from __future__ import annotations

import pytest

from review.disclosure_kinds import KINDS, kinds_in
from review.enums import Attribute, Severity
from review.rules import Facts, findings

A, R, N = Attribute.ACTIVE, Attribute.ON_REQUEST, Attribute.NON_DISCLOSABLE
EXPLAINED = "本件涉及国家秘密事项，依法不予公开，定密依据已备案。"


def codes(**kw) -> dict[str, Severity]:
    base = dict(reason_text=EXPLAINED, reason_fits=("non_disclosable", "on_request"),
                parsed={"marking": (kw.get("attribute") or A).value})
    base.update(kw)
    return {x.code: x.severity for x in findings(Facts(**base))}


# --- 密级 --------------------------------------------------------------------------------------------

SECRET = {"secrecy": "秘密★1年"}


@pytest.mark.parametrize("attribute, reason, expected", [
    (A, None, "secret_active"),
    (R, "internal_affairs", "secret_not_withheld"),
    (N, "internal_affairs", "secret_reason"),
    (N, "process_info", "secret_reason"),
])
def test_a_secret_document_may_only_be_withheld_as_a_state_secret(attribute, reason, expected):
    got = codes(attribute=attribute, reason_code=reason, parsed={**SECRET, "marking": attribute.value})
    assert got[expected] is Severity.BLOCK


def test_a_secret_document_withheld_as_a_state_secret_passes():
    got = codes(attribute=N, reason_code="state_secret", parsed={**SECRET, "marking": "non_disclosable"})
    assert not {c for c, s in got.items() if s is Severity.BLOCK}


def test_state_secret_on_a_file_without_a_secrecy_mark_warns():
    got = codes(attribute=N, reason_code="state_secret", parsed={"marking": "non_disclosable"})
    assert got["state_secret_unmarked"] is Severity.WARN


# --- must be active ----------------------------------------------------------------------------------

#: Titles of kinds the law requires to be active (条例 第十九、二十条), as health offices write them.
MUST = [
    "关于印发《青山县医疗机构依法执业监督管理规范性文件》的通知",
    "青山县卫生健康局主要职责、内设机构和人员编制规定",
    "关于调整县卫生健康局内设机构设置的通知",
    "关于印发《青山县“十五五”卫生健康事业发展规划》的通知",
    "关于印发青山县医疗机构设置规划（2026—2030年）的通知",
    "2025年青山县卫生健康事业发展统计公报",
    "关于公布2025年全县卫生健康统计数据的通知",
    "关于公布医师执业注册办事指南的通知",
    "关于调整医疗机构执业登记等行政许可事项的通知",
    "关于公布县卫生健康局政务服务事项清单的通知",
    "关于公开对某诊所作出的行政处罚决定的通知",
    "关于印发卫生健康行政处罚裁量基准的通知",
    "青山县卫生健康局2026年部门预算",
    "青山县卫生健康局2025年部门决算公开说明",
    "关于规范预防接种服务收费的通知",
    "关于公布2026年政府集中采购目录及限额标准的通知",
    "关于县人民医院新院区重大建设项目批准情况的公告",
    "关于进一步改善医疗服务行动计划的实施意见",
    "关于做好城乡居民医疗救助工作的通知",
    "关于调整基本公共卫生服务补助标准的通知",
    "关于做好2026年家庭医生签约服务工作的通知",
    "青山县突发公共卫生事件应急预案（2026年修订）",
    "关于印发青山县食物中毒事件应急预案的通知",
    "关于发布高温中暑预警信息的通知",
    "2026年第一季度生活饮用水监督抽检结果的通报",
    "关于公布公共场所卫生双随机抽查结果的公告",
    "青山县卫生健康局2026年公开招聘事业单位工作人员公告",
    "关于公布2026年公开招聘拟聘用人员名单的公示",
    "关于公开征求《青山县医疗废物管理办法（征求意见稿）》意见的公告",
    "关于促进卫生健康领域高校毕业生就业的若干措施",
]
#: Internal or ordinary documents that must not be flagged: no statutory kind in them.
MAY = [
    "关于印发《青山县卫生健康局机关考勤管理办法》的通知",
    "关于印发局机关公文处理实施细则的通知",
    "关于召开2026年全县卫生健康工作会议的通知",
    "关于张三等同志职务任免的通知",
    "关于申请拨付2026年度业务经费的请示",
    "关于报送2025年度工作总结的报告",
    "关于做好2026年春节期间值班工作的通知",
    "关于开展机关作风建设专项活动的实施方案",
    "关于调整局领导班子成员分工的通知",
    "局党组2026年第3次会议纪要",
    "关于采购办公用品的请示",
    "关于做好统计报表填报工作的通知",
    "关于组织参加业务知识培训的通知",
    "关于报送2026年政务公开工作要点落实情况的函",
    "关于印发卫生健康领域基层政务公开标准目录的通知",
    "关于做好冬季传染病防控工作的通知",
    "关于对某医院信访事项的答复",
    "关于商请协助调查某医疗纠纷的函",
    "关于某同志年度考核结果的通知",
    "关于机关车辆使用管理的规定",
    "关于开展“世界无烟日”宣传活动的通知",
    "关于转发省卫生健康委关于加强行风建设文件的通知",
    "关于成立局安全生产工作领导小组的通知",
    "关于做好机关档案整理归档工作的通知",
    "关于印发2026年局机关内部审计工作计划的通知",
]


def test_precision_and_recall_on_realistic_titles():
    """Measured on the 55 titles above: recall 30/30 = 1.00, precision 30/30 = 1.00."""
    assert len(MUST) + len(MAY) >= 40
    found_must = [t for t in MUST if kinds_in(t)]
    found_may = [t for t in MAY if kinds_in(t)]
    recall = len(found_must) / len(MUST)
    precision = len(found_must) / (len(found_must) + len(found_may))
    assert recall == 1.0, [t for t in MUST if t not in found_must]
    assert precision == 1.0, found_may


def test_every_kind_cites_its_article_and_item():
    for kind in KINDS:
        assert kind.source.startswith(("第二十条第（", "第十九条")), kind
        assert kind.words


def test_the_finding_cites_the_article_and_item_and_article_19():
    found = findings(Facts(attribute=R, reason_code="specific_use", reason_fits=("on_request",),
                           reason_text="仅对被检查的医疗机构有整改作用。", title=MUST[21],
                           parsed={"marking": "on_request"}))
    finding = next(f for f in found if f.code == "should_be_active")
    assert "第二十条第（十二）项" in finding.message and "应急预案" in finding.message
    assert "第十九条" in finding.source and finding.severity is Severity.WARN


def test_an_internal_rule_declared_on_request_is_not_warned():
    found = findings(Facts(attribute=R, reason_code="internal_affairs", reason_fits=("on_request",),
                           reason_text="本件为机关内部考勤管理制度，仅适用于本机关工作人员。", title=MAY[0],
                           parsed={"marking": "on_request"}))
    assert "should_be_active" not in {f.code for f in found}
