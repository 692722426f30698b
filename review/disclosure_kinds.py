"""Kinds of government information the law says must be disclosed actively (条例 第十九、二十条).

Data, not code: each entry names the article and item it comes from and the title words that
recognise it. Words are chosen so that an internal document (考勤管理办法, 会议纪要, 请示) does not
match: only kinds the law names are listed, with the wording offices use in titles for them.
``tests/domain/test_disclosure_kinds.py`` measures precision and recall on realistic titles.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str
    source: str
    words: tuple[str, ...]


#: 第十九条 stands on its own: information that adjusts the public's interests, needs the public to
#: know it widely, or needs the public to take part in the decision.
ARTICLE_19 = ("《政府信息公开条例》第十九条：对涉及公众利益调整、需要公众广泛知晓或者需要公众参与决策的政府信息，"
              "行政机关应当主动公开")

KINDS: tuple[Kind, ...] = (
    Kind("规范性文件", "第二十条第（一）项", ("规范性文件", "规章")),
    Kind("机构职能", "第二十条第（二）项", ("主要职责", "职能配置", "内设机构", "机构设置", "机构职能")),
    Kind("规划", "第二十条第（三）项", ("规划", "发展纲要")),
    Kind("统计信息", "第二十条第（四）项", ("统计公报", "统计信息", "统计数据", "统计年报", "统计年鉴")),
    Kind("行政许可与办事服务", "第二十条第（五）项",
         ("行政许可", "办事指南", "审批事项", "许可事项", "政务服务事项", "服务指南")),
    Kind("行政处罚与行政强制", "第二十条第（六）项", ("行政处罚", "行政强制", "处罚决定", "处罚裁量")),
    Kind("预算决算", "第二十条第（七）项", ("部门预算", "部门决算", "预决算", "预算公开", "决算公开", "财政预算",
                                    "财政决算", "预算执行")),
    Kind("行政事业性收费", "第二十条第（八）项", ("收费",)),
    Kind("政府集中采购", "第二十条第（九）项", ("政府采购", "集中采购", "采购目录", "采购项目", "采购限额")),
    Kind("重大建设项目", "第二十条第（十）项", ("重大建设项目", "建设项目批准", "重点项目建设")),
    Kind("民生政策措施", "第二十条第（十一）项",
         ("医疗保障", "医疗服务", "医疗救助", "医疗机构收费", "社会保障", "养老保险", "就业", "扶贫", "乡村振兴",
          "教育资助", "惠民", "补助标准", "补贴标准", "家庭医生签约", "基本公共卫生服务")),
    Kind("突发公共事件应急预案", "第二十条第（十二）项",
         ("应急预案", "预警信息", "预警发布", "突发公共卫生事件应对", "疫情防控措施")),
    Kind("监督检查情况", "第二十条第（十三）项",
         ("监督抽检", "抽检结果", "抽查结果", "监督检查情况", "双随机", "质量抽检", "食品安全监督")),
    Kind("公务员招考录用", "第二十条第（十四）项",
         ("招考", "公开招聘", "招聘公告", "录用", "公务员考试", "遴选公告", "拟聘用")),
    Kind("公众参与决策", "第十九条", ("征求意见", "听证", "公开征集")),
)


def kinds_in(title: str) -> list[Kind]:
    """The must-be-active kinds a title names, in table order, each once."""
    compact = "".join(title.split())
    return [k for k in KINDS if any(w in compact for w in k.words)]
