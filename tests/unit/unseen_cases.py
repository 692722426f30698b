"""Documents the parser was not written against: the layouts of issue 12, several wordings each.

Every case is built both as .docx and as .pdf (``tests/unit/_documents.py``) unless it says
``formats``; ``expect`` holds the fields it must give (the five measured fields always).
Organs, places and numbers are invented.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from tests.unit._documents import L, PageBreak, Row, banner, body, number, right, title

RECIPIENTS = L("各市（州）卫生健康委，委直属各单位：")
TEXT = body(
    "为进一步做好相关工作，经研究，现将有关事项通知如下。",
    "一、提高思想认识。各地要充分认识做好此项工作的重要意义，切实加强组织领导。",
    "二、明确工作要求。请各单位结合实际，认真组织实施，确保各项任务落到实处。",
)


@dataclass
class Case:
    id: str
    pattern: str
    blocks: list
    expect: dict
    formats: tuple[str, ...] = ("docx", "pdf")
    extra: dict = field(default_factory=dict)


def notice(*, head=(), heading=(), recipients=RECIPIENTS, text=TEXT, closing=(), after=()) -> list:
    return [*head, *heading, *( [recipients] if recipients else []), *text, *closing, *after]


def fields(number, date, marking, title_, issuer, **more) -> dict:
    return {"doc_number": number, "signed_date": date, "marking": marking, "title": title_, "issuer": issuer,
            **more}


CASES: list[Case] = []


def case(id_, pattern, blocks, expect, formats=("docx", "pdf")):
    CASES.append(Case(id_, pattern, blocks, expect, formats))


# 1. Multi-line titles beginning with the organ's name ------------------------------------------------
case("organ-title-banner", "1 organ-led title", notice(
    head=[banner("西陵省卫生健康委员会文件"), number("西卫发〔2023〕7号")],
    heading=title("西陵省卫生健康委员会", "关于做好2023年冬春季传染病防控工作的通知"),
    closing=right("西陵省卫生健康委员会", "2023年11月3日"), after=[L("（此件主动公开）")],
), fields("西卫发〔2023〕7号", "2023-11-03", "active",
          "西陵省卫生健康委员会关于做好2023年冬春季传染病防控工作的通知", "西陵省卫生健康委员会"))

case("organ-title-web-copy", "1 organ-led title", notice(
    heading=title("白川市人民政府办公室", "关于印发《白川市基层医疗卫生服务能力", "提升行动方案》的通知"),
    recipients=L("各县（市、区）人民政府，市政府各部门："),
    closing=right("白川市人民政府办公室", "2022年6月15日"), after=[L("（此件公开发布）")],
), fields(None, "2022-06-15", "active",
          "白川市人民政府办公室关于印发《白川市基层医疗卫生服务能力提升行动方案》的通知", "白川市人民政府办公室"))

case("organ-title-three-lines", "1 organ-led title", notice(
    head=[banner("临泽县卫生健康局"), number("临卫字〔2024〕21号", "right")],
    heading=title("临泽县卫生健康局", "关于开展2024年基本公共卫生服务", "项目绩效评价工作的通知"),
    recipients=L("各乡镇卫生院，县直各医疗卫生单位："),
    closing=right("临泽县卫生健康局", "2024年3月18日"), after=[L("（此件依申请公开）")],
), fields("临卫字〔2024〕21号", "2024-03-18", "on_request",
          "临泽县卫生健康局关于开展2024年基本公共卫生服务项目绩效评价工作的通知", "临泽县卫生健康局"))

case("organ-title-two-organs", "1 organ-led title", notice(
    head=[number("松卫联发〔2021〕2号")],
    heading=title("松原区卫生健康局", "松原区财政局", "关于下达2021年医疗服务与保障能力提升补助资金的通知"),
    recipients=L("各有关单位："),
    closing=[Row(("松原区卫生健康局", "松原区财政局"), table=False), *right("2021年9月1日")],
    after=[L("（此件主动公开）")],
), fields("松卫联发〔2021〕2号", "2021-09-01", "active",
          "松原区卫生健康局 松原区财政局关于下达2021年医疗服务与保障能力提升补助资金的通知", "松原区卫生健康局",
          co_issuers=["松原区财政局"]))

# 2. Titles whose last line is the document type alone ---------------------------------------------
case("type-alone-notice", "2 type on its own line", notice(
    heading=title("白川市卫生健康委员会关于加强夏季", "食品安全风险监测工作的", "通告"),
    recipients=None,
    closing=right("白川市卫生健康委员会", "2023年6月1日"), after=[L("（此件主动公开）")],
), fields(None, "2023-06-01", "active", "白川市卫生健康委员会关于加强夏季食品安全风险监测工作的通告",
          "白川市卫生健康委员会"))

case("type-alone-announcement-numbered", "2 type on its own line", notice(
    heading=[*title("西陵省卫生健康委员会", "公告"), L("第3号", "center")],
    recipients=None,
    closing=right("西陵省卫生健康委员会", "2022年8月30日"), after=[L("（此件公开发布）")],
), fields(None, "2022-08-30", "active", "西陵省卫生健康委员会公告", "西陵省卫生健康委员会"))

case("type-alone-announcement-year-number", "2 type on its own line", notice(
    heading=[*title("临泽县卫生健康局关于调整部分医疗服务项目价格的", "公告"), L("（2024年第2号）", "center")],
    recipients=None,
    closing=right("临泽县卫生健康局", "2024年5月6日"), after=[L("（信息公开形式：主动公开）")],
), fields(None, "2024-05-06", "active", "临泽县卫生健康局关于调整部分医疗服务项目价格的公告", "临泽县卫生健康局"))

case("type-alone-big-type-word", "2 type on its own line", notice(
    heading=[*title("松原区爱国卫生运动委员会"), L("通告", "center", 26.0)],
    recipients=None,
    closing=right("松原区爱国卫生运动委员会", "2021年4月2日"), after=[L("（此件主动公开）")],
), fields(None, "2021-04-02", "active", "松原区爱国卫生运动委员会通告", "松原区爱国卫生运动委员会"))

# 4. 发文字号 in parentheses under the title; older documents -----------------------------------
case("number-in-parentheses", "4 number under title", notice(
    heading=[*title("关于做好2023年度医疗机构校验工作的通知"), L("（白卫发〔2023〕15号）", "center")],
    text=body("根据《医疗机构管理条例》和省卫生健康委西卫发〔2022〕9号文件要求，现将有关事项通知如下。",
              "一、校验范围。", "二、工作要求。"),
    closing=right("白川市卫生健康委员会", "2023年2月10日"), after=[L("（此件主动公开）")],
), fields("白卫发〔2023〕15号", "2023-02-10", "active", "关于做好2023年度医疗机构校验工作的通知",
          "白川市卫生健康委员会", upstream_numbers=["西卫发〔2022〕9号"]))

case("number-half-width-parentheses", "4 number under title", notice(
    heading=[*title("西陵省卫生健康委员会办公室关于开展", "护理质量专项检查的通知"),
             L("(西卫办函[2022]8号)", "center")],
    closing=right("西陵省卫生健康委员会办公室", "2022年4月20日"), after=[L("（此件依申请公开）")],
), fields("西卫办函〔2022〕8号", "2022-04-20", "on_request", "西陵省卫生健康委员会办公室关于开展护理质量专项检查的通知",
          "西陵省卫生健康委员会办公室", upstream_numbers=[]))

case("number-under-title-bare", "4 number under title", notice(
    heading=[*title("临泽县卫生健康局关于转发", "《关于加强院感防控工作的通知》的通知"),
             L("临卫发〔2021〕3号", "center")],
    text=body("现将白川市卫生健康委员会《关于加强院感防控工作的通知》（白卫发〔2021〕30号）转发给你们，请遵照执行。"),
    closing=right("临泽县卫生健康局", "2021年7月12日"), after=[L("（此件主动公开）")],
), fields("临卫发〔2021〕3号", "2021-07-12", "active", "临泽县卫生健康局关于转发《关于加强院感防控工作的通知》的通知",
          "临泽县卫生健康局", upstream_numbers=["白卫发〔2021〕30号"]))

case("old-number-before-banner", "4 older document", notice(
    head=[L("西卫发〔2008〕112号", "left"), banner("西陵省卫生厅文件")],
    heading=title("西陵省卫生厅关于印发农村卫生服务体系", "建设规划的通知"),
    recipients=L("各市、州卫生局："),
    text=body("根据国务院国发〔2006〕10号文件精神，我厅制定了建设规划，现印发给你们，请认真贯彻执行。"),
    closing=right("二〇〇八年九月三日"), after=[L("（此件主动公开）")],
), fields("西卫发〔2008〕112号", "2008-09-03", "active", "西陵省卫生厅关于印发农村卫生服务体系建设规划的通知",
          "西陵省卫生厅", upstream_numbers=["国发〔2006〕10号"]))

case("old-number-with-di", "4 older document", notice(
    head=[banner("白川市卫生局文件"), number("白卫字（2006）第47号", "center")],
    heading=title("关于开展2006年度", "乡村医生注册工作的通知"),
    recipients=L("各县（区）卫生局："),
    closing=right("白川市卫生局", "二OO六年五月十日"), after=[L("（此件主动公开）")],
), fields("白卫字〔2006〕47号", "2006-05-10", "active", "关于开展2006年度乡村医生注册工作的通知", "白川市卫生局"))

case("old-number-on-banner-line", "4 older document", notice(
    head=[banner("临泽县卫生局"), L("临卫发〔2010〕5号            2010年1月8日", "left")],
    heading=title("关于表彰2009年度先进集体和", "先进个人的决定"),
    recipients=L("各乡镇卫生院："),
    closing=right("临泽县卫生局", "二〇一〇年一月八日"), after=[L("（此件主动公开）")],
), fields("临卫发〔2010〕5号", "2010-01-08", "active", "关于表彰2009年度先进集体和先进个人的决定", "临泽县卫生局"))

# 5. 成文日期 with trailing punctuation, 元月, 号 --------------------------------------------------
for i, (printed, iso) in enumerate([("2023年11月3日。", "2023-11-03"), ("2024年元月8日", "2024-01-08"),
                                    ("2022年3月8号", "2022-03-08"), ("二〇二〇年元月十日", "2020-01-10"),
                                    ("2021年6月1日.", "2021-06-01"), ("二O一九年十二月二十日", "2019-12-20")]):
    case(f"date-{i}", "5 date forms", notice(
        head=[banner("松原区卫生健康局文件"), number(f"松卫发〔{iso[:4]}〕{i + 3}号")],
        heading=title("松原区卫生健康局关于做好", "基层卫生人才培训工作的通知"),
        closing=right("松原区卫生健康局", printed), after=[L("（此件主动公开）")],
    ), fields(f"松卫发〔{iso[:4]}〕{i + 3}号", iso, "active", "松原区卫生健康局关于做好基层卫生人才培训工作的通知",
              "松原区卫生健康局"))

# 6. The signature ---------------------------------------------------------------------------------
for i, seal in enumerate(["（西陵省卫生健康委员会办公室代章）", "(白川市卫生健康委员会代章)", "（盖章）"]):
    organ = "西陵省中医药管理局" if i != 1 else "白川市中医药管理局"
    case(f"signature-seal-by-proxy-{i}", "6 signature", notice(
        head=[banner(f"{organ}文件"), number(f"{'白' if i == 1 else '西'}中医发〔2023〕{4 + i}号")],
        heading=title(f"{organ}关于开展中医药", "适宜技术推广工作的通知"),
        closing=[*right(organ), L(seal, "right"), *right("2023年5月9日")], after=[L("（此件主动公开）")],
    ), fields(f"{'白' if i == 1 else '西'}中医发〔2023〕{4 + i}号", "2023-05-09", "active",
              f"{organ}关于开展中医药适宜技术推广工作的通知", organ))

for i, (first, second) in enumerate([("西陵省卫生厅", "办公室"), ("白川市人民政府", "办公室"),
                                     ("临泽县卫生健康局", "疾病预防控制科")]):
    organ = first + second
    case(f"signature-wrapped-{i}", "6 signature", notice(
        heading=title(f"{organ}关于报送", "年度工作总结的通知"),
        recipients=L("各有关单位："),
        closing=[*right(first, second, "2020年12月1日")], after=[L("（此件不予公开）")],
    ), fields(None, "2020-12-01", "non_disclosable", f"{organ}关于报送年度工作总结的通知", organ))

_JOINT = ["西陵省卫生健康委员会", "西陵省发展和改革委员会", "西陵省教育厅", "西陵省公安厅", "西陵省民政厅",
          "西陵省财政厅", "西陵省人力资源和社会保障厅", "西陵省自然资源厅", "西陵省生态环境厅",
          "西陵省住房和城乡建设厅", "西陵省交通运输厅", "西陵省农业农村厅", "西陵省商务厅",
          "西陵省文化和旅游厅", "西陵省市场监督管理局"]
for columns, count in ((3, 15), (2, 6), (3, 4)):
    organs = _JOINT[:count]
    grid = [Row(tuple(organs[k:k + columns]) + ("",) * (columns - len(organs[k:k + columns])))
            for k in range(0, count, columns)]
    case(f"signature-grid-{count}", "6 signature", notice(
        head=[number(f"西卫联发〔2022〕{count}号")],
        heading=title("西陵省卫生健康委员会等部门关于印发", "西陵省健康促进行动实施方案的通知"),
        recipients=L("各市（州）人民政府，省直有关部门："),
        closing=[*grid, *right("2022年10月10日")], after=[L("（此件主动公开）")],
    ), fields(f"西卫联发〔2022〕{count}号", "2022-10-10", "active",
              "西陵省卫生健康委员会等部门关于印发西陵省健康促进行动实施方案的通知", organs[0],
              co_issuers=organs[1:]))

# 7. Markings not on the line after the date ------------------------------------------------------
IMPRINT = [L("抄送：省卫生健康委员会，市人民政府办公室。"), L("白川市卫生健康委员会办公室          2023年3月6日印发")]
case("marking-imprint-method", "7 marking placement", notice(
    head=[banner("白川市卫生健康委员会文件"), number("白卫发〔2023〕21号")],
    heading=title("白川市卫生健康委员会关于调整", "医疗质量控制中心的通知"),
    closing=right("白川市卫生健康委员会", "2023年3月3日"),
    after=[L("附件：白川市医疗质量控制中心名单"), IMPRINT[0], L("公开方式：依申请公开"), IMPRINT[1]],
), fields("白卫发〔2023〕21号", "2023-03-03", "on_request", "白川市卫生健康委员会关于调整医疗质量控制中心的通知",
          "白川市卫生健康委员会", marking_at="imprint"))

case("marking-imprint-option-line", "7 marking placement", notice(
    head=[banner("临泽县卫生健康局文件"), number("临卫发〔2022〕40号")],
    heading=title("临泽县卫生健康局关于印发", "家庭医生签约服务工作方案的通知"),
    closing=right("临泽县卫生健康局", "2022年9月9日"),
    after=[L("附件：临泽县家庭医生签约服务工作方案"), PageBreak(), L("附件", "left"),
           *title("临泽县家庭医生签约服务工作方案"), *body("为推进家庭医生签约服务，制定本方案。", "一、目标任务。"),
           PageBreak(), L("信息公开选项：主动公开"), L("抄送：县人民政府办公室。"),
           L("临泽县卫生健康局办公室          2022年9月9日印发")],
), fields("临卫发〔2022〕40号", "2022-09-09", "active", "临泽县卫生健康局关于印发家庭医生签约服务工作方案的通知",
          "临泽县卫生健康局", marking_at="imprint"))

case("marking-table-row", "7 marking placement", notice(
    head=[banner("松原区卫生健康局文件"), number("松卫发〔2024〕6号")],
    heading=title("松原区卫生健康局关于做好", "春季学校传染病防控工作的通知"),
    closing=right("松原区卫生健康局", "2024年2月26日"),
    after=[Row(("公开属性", "（此件主动公开）")), Row(("联系人", "李明，电话：1234567"))],
), fields("松卫发〔2024〕6号", "2024-02-26", "active", "松原区卫生健康局关于做好春季学校传染病防控工作的通知",
          "松原区卫生健康局", marking_at="table"))

case("marking-table-field", "7 marking placement", notice(
    head=[banner("西陵省卫生健康委员会文件"), number("西卫发〔2024〕2号")],
    heading=title("西陵省卫生健康委员会关于公布", "第二批临床重点专科名单的通知"),
    closing=right("西陵省卫生健康委员会", "2024年1月5日"),
    after=[Row(("信息公开选项", "依申请公开")), *IMPRINT],
), fields("西卫发〔2024〕2号", "2024-01-05", "on_request", "西陵省卫生健康委员会关于公布第二批临床重点专科名单的通知",
          "西陵省卫生健康委员会", marking_at="table"))

case("marking-at-end", "7 marking placement", notice(
    head=[banner("白川市卫生健康委员会文件"), number("白卫发〔2021〕50号")],
    heading=title("白川市卫生健康委员会关于印发", "健康白川考核办法的通知"),
    closing=right("白川市卫生健康委员会", "2021年11月22日"),
    after=[L("附件：健康白川考核办法"), PageBreak(), *title("健康白川考核办法"),
           *body("第一条 为做好考核工作，制定本办法。", "第二条 本办法自发布之日起施行。"), L("（此件主动公开）")],
), fields("白卫发〔2021〕50号", "2021-11-22", "active", "白川市卫生健康委员会关于印发健康白川考核办法的通知",
          "白川市卫生健康委员会", marking_at="end"))

for i, printed in enumerate(["（此件主动公开，联系人：张明，电话：0871-6123456）",
                             "（联系人：王芳；联系电话：13800001111。此件依申请公开）"]):
    marking = "active" if i == 0 else "on_request"
    case(f"marking-with-contact-{i}", "7 marking placement", notice(
        head=[banner("临泽县卫生健康局文件"), number(f"临卫发〔2023〕{60 + i}号")],
        heading=title("临泽县卫生健康局关于开展", "职业健康宣传周活动的通知"),
        closing=right("临泽县卫生健康局", "2023年4月20日"), after=[L(printed)],
    ), fields(f"临卫发〔2023〕{60 + i}号", "2023-04-20", marking, "临泽县卫生健康局关于开展职业健康宣传周活动的通知",
              "临泽县卫生健康局", marking_at="after_date", marking_text=printed))

# 8. Cited numbers glued to an organ name --------------------------------------------------------
case("cited-glued-to-organ", "8 cited numbers", notice(
    head=[banner("松原区卫生健康局文件"), number("松卫发〔2023〕19号")],
    heading=title("松原区卫生健康局关于贯彻落实", "上级文件精神的通知"),
    text=body("根据省卫健委西卫发〔2023〕3号和国家卫生健康委国卫办医函〔2022〕21号文件要求，"
              "结合市政府办公室白政办发〔2021〕9号文件，现将有关事项通知如下。", "一、加强领导。"),
    closing=right("松原区卫生健康局", "2023年6月6日"), after=[L("（此件主动公开）")],
), fields("松卫发〔2023〕19号", "2023-06-06", "active", "松原区卫生健康局关于贯彻落实上级文件精神的通知",
          "松原区卫生健康局", upstream_numbers=["西卫发〔2023〕3号", "国卫办医函〔2022〕21号", "白政办发〔2021〕9号"]))

# 9. Traditional characters ------------------------------------------------------------------------
for i, (marking_printed, marking) in enumerate([("（此件公開發佈）", "active"), ("（此件依申請公開）", "on_request"),
                                                ("（資訊公開形式：主動公開）", "active")]):
    case(f"traditional-{i}", "9 traditional", notice(
        head=[banner("西陵省衛生健康委員會文件"), number(f"西衛發〔2020〕{8 + i}號")],
        heading=title("西陵省衛生健康委員會關於加強", "醫療機構感染防控工作的通知"),
        recipients=L("各市（州）衛生健康委："),
        text=body("為進一步做好感染防控工作，現將有關事項通知如下。", "一、加強組織領導。"),
        closing=right("西陵省衛生健康委員會", "2020年5月6日"), after=[L(marking_printed)],
    ), fields(f"西卫发〔2020〕{8 + i}号", "2020-05-06", marking,
              "西陵省卫生健康委员会关于加强医疗机构感染防控工作的通知", "西陵省卫生健康委员会"))

# issue 6.7: a marking that negates 公开 is never active ------------------------------------------
for i, (printed, marking) in enumerate([("（此件不主动公开）", None), ("（此件不予主动公开）", None),
                                        ("（本件不公开）", "non_disclosable"), ("（该件不予公开）", "non_disclosable"),
                                        ("（此件非主动公开）", None)]):
    case(f"negated-marking-{i}", "6.7 negated marking", notice(
        head=[banner("白川市卫生健康委员会文件"), number(f"白卫发〔2022〕{70 + i}号")],
        heading=title("白川市卫生健康委员会关于报送", "重点人群健康管理数据的通知"),
        closing=right("白川市卫生健康委员会", "2022年7月7日"), after=[L(printed)],
    ), fields(f"白卫发〔2022〕{70 + i}号", "2022-07-07", marking,
              "白川市卫生健康委员会关于报送重点人群健康管理数据的通知", "白川市卫生健康委员会", marking_text=printed))

# 6 (again): organs of the same rank stacked are joint signatories, not a wrapped name
case("signature-stacked-ministries", "6 signature", notice(
    head=[number("国卫联发〔2023〕11号")],
    heading=title("关于进一步加强学校卫生工作的通知"),
    recipients=L("各省、自治区、直辖市卫生健康委、教育厅（教委）、财政厅（局）："),
    closing=right("国家卫生健康委", "教育部", "财政部", "2023年8月8日"), after=[L("（此件主动公开）")],
), fields("国卫联发〔2023〕11号", "2023-08-08", "active", "关于进一步加强学校卫生工作的通知", "国家卫生健康委",
          co_issuers=["教育部", "财政部"]))

# 4 (again): the number on the title's own line, and beside an urgency mark
case("number-on-title-line", "4 number under title", notice(
    heading=title("关于印发白川市院前急救管理办法的通知（白卫发〔2009〕31号）", size=11.0),
    closing=right("白川市卫生局", "二〇〇九年六月二日"), after=[L("（此件主动公开）")],
), fields("白卫发〔2009〕31号", "2009-06-02", "active", "关于印发白川市院前急救管理办法的通知", "白川市卫生局",
          upstream_numbers=[]))

case("old-number-with-urgency", "4 older document", notice(
    head=[banner("西陵省卫生厅文件"), L("西卫发〔2007〕88号        特急", "left")],
    heading=title("西陵省卫生厅关于做好", "抗震救灾医疗救治工作的紧急通知"),
    recipients=L("各市、州卫生局："),
    closing=right("西陵省卫生厅", "二〇〇七年五月十三日"), after=[L("（此件主动公开）")],
), fields("西卫发〔2007〕88号", "2007-05-13", "active", "西陵省卫生厅关于做好抗震救灾医疗救治工作的紧急通知",
          "西陵省卫生厅"))

# 3. Characters at the joins of a PDF title's lines (a lone character on the last line, a break
# inside 《》 or between 的 and the 文种) — none may be dropped or doubled
JOINS = [
    ("白川市卫生健康委员会关于开展爱国卫生月活动的通", "知"),
    ("临泽县卫生健康局关于转发《西陵省卫生", "健康委员会关于加强传染病", "疫情报告管理的通知》的通知"),
    ("松原区卫生健康局关于做好2024年度医疗机构依法执业自查的", "通知"),
]
for i, lines_ in enumerate(JOINS):
    organ = lines_[0].split("关于")[0]
    case(f"title-join-{i}", "3 title joins", notice(
        heading=title(*lines_, size=18.0),
        closing=right(organ, "2024年4月1日"), after=[L("（此件主动公开）")],
    ), fields(None, "2024-04-01", "active", "".join(lines_), organ))
