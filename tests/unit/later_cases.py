"""Layouts written after the parser was finished (2026-12-01), to check it on documents it had not
been tuned on: 签发人 beside the number of an upward document, full-width digits, 【】 and spaces in
the number, 份号 and urgency above the 版头, an attachment with its own title and date, the letter
format, short and labelled markings, an imprint date, a title citing a number. All were right when
written; they are kept so they stay right. Organs and numbers are invented.
"""

from __future__ import annotations

from tests.unit._documents import L, PageBreak, Row, banner, body, number, right, title
from tests.unit.unseen_cases import Case, fields, notice

CASES: list[Case] = []


def case(id_, blocks, expect):
    CASES.append(Case(id_, "later layouts", blocks, expect))


# a. upward document with 签发人 on the number line
case(
    "qianfa-right",
    notice(
        head=[banner("白川市卫生健康委员会文件"), L("白卫〔2023〕45号                    签发人：李建国", "left")],
        heading=title("白川市卫生健康委员会关于2023年度", "卫生健康工作情况的报告"),
        recipients=L("市人民政府："),
        closing=right("白川市卫生健康委员会", "2023年12月20日"),
        after=[L("（此件依申请公开）")],
    ),
    fields(
        "白卫〔2023〕45号",
        "2023-12-20",
        "on_request",
        "白川市卫生健康委员会关于2023年度卫生健康工作情况的报告",
        "白川市卫生健康委员会",
    ),
)
# b. full-width digits in date and number
case(
    "fullwidth-digits",
    notice(
        head=[banner("临泽县卫生健康局文件"), number("临卫发〔２０２２〕１２号")],
        heading=title("临泽县卫生健康局关于加强", "乡村医生队伍建设的通知"),
        closing=right("临泽县卫生健康局", "２０２２年４月１５日"),
        after=[L("（此件主动公开）")],
    ),
    fields(
        "临卫发〔2022〕12号",
        "2022-04-15",
        "active",
        "临泽县卫生健康局关于加强乡村医生队伍建设的通知",
        "临泽县卫生健康局",
    ),
)
# c. 【】 brackets and spaces inside
case(
    "bracket-variants",
    notice(
        head=[banner("松原区卫生健康局文件"), number("松卫发【2021】 33 号")],
        heading=title("松原区卫生健康局关于开展", "健康素养监测工作的通知"),
        closing=right("松原区卫生健康局", "2021 年 8 月 2 日"),
        after=[L("（此件主动公开）")],
    ),
    fields(
        "松卫发〔2021〕33号",
        "2021-08-02",
        "active",
        "松原区卫生健康局关于开展健康素养监测工作的通知",
        "松原区卫生健康局",
    ),
)
# d. 份号 密级 紧急 before banner
case(
    "copy-no-urgency",
    notice(
        head=[L("000128", "left"), L("特急", "left"), banner("西陵省卫生健康委员会文件"), number("西卫发〔2024〕18号")],
        heading=title("西陵省卫生健康委员会关于做好", "汛期卫生应急工作的通知"),
        closing=right("西陵省卫生健康委员会", "2024年6月12日"),
        after=[L("（此件主动公开）")],
    ),
    fields(
        "西卫发〔2024〕18号",
        "2024-06-12",
        "active",
        "西陵省卫生健康委员会关于做好汛期卫生应急工作的通知",
        "西陵省卫生健康委员会",
    ),
)
# e. attachment with its own date and title after the main signature
case(
    "attachment-own-date",
    notice(
        head=[banner("白川市卫生健康委员会文件"), number("白卫发〔2024〕9号")],
        heading=title("白川市卫生健康委员会关于印发", "2024年卫生健康工作要点的通知"),
        closing=[L("附件：2024年卫生健康工作要点"), *right("白川市卫生健康委员会", "2024年2月5日")],
        after=[
            L("（此件主动公开）"),
            PageBreak(),
            L("附件", "left"),
            *title("2024年卫生健康工作要点"),
            *body("一、总体要求。", "二、重点任务。"),
            *right("白川市卫生健康委员会办公室", "2024年1月30日"),
        ],
    ),
    fields(
        "白卫发〔2024〕9号",
        "2024-02-05",
        "active",
        "白川市卫生健康委员会关于印发2024年卫生健康工作要点的通知",
        "白川市卫生健康委员会",
    ),
)
# f. letter format (函): organ banner without 文件, number right
case(
    "letter-format",
    notice(
        head=[banner("西陵省卫生健康委员会"), number("西卫函〔2023〕102号", "right")],
        heading=title("西陵省卫生健康委员会关于同意", "设置白川康复医院的函"),
        recipients=L("白川市卫生健康委员会："),
        text=body("你委《关于设置白川康复医院的请示》（白卫〔2023〕30号）收悉。经研究，同意设置。"),
        closing=right("西陵省卫生健康委员会", "2023年10月9日"),
        after=[L("（此件主动公开）")],
    ),
    fields(
        "西卫函〔2023〕102号",
        "2023-10-09",
        "active",
        "西陵省卫生健康委员会关于同意设置白川康复医院的函",
        "西陵省卫生健康委员会",
        upstream_numbers=["白卫〔2023〕30号"],
    ),
)
# g. office document (办公室) with 办 in code, marking 不予公开 variant
case(
    "office-nondisclose",
    notice(
        head=[banner("临泽县卫生健康局办公室文件"), number("临卫办发〔2023〕7号")],
        heading=title("临泽县卫生健康局办公室关于", "调整局机关内设机构工作人员的通知"),
        recipients=L("局机关各股室："),
        closing=right("临泽县卫生健康局办公室", "2023年3月3日"),
        after=[L("（此件不公开）")],
    ),
    fields(
        "临卫办发〔2023〕7号",
        "2023-03-03",
        "non_disclosable",
        "临泽县卫生健康局办公室关于调整局机关内设机构工作人员的通知",
        "临泽县卫生健康局办公室",
    ),
)
# h. 公开方式 in brackets after the date
case(
    "marking-method-paren",
    notice(
        head=[banner("松原区卫生健康局文件"), number("松卫发〔2022〕15号")],
        heading=title("松原区卫生健康局关于印发", "卫生健康系统安全生产工作方案的通知"),
        closing=right("松原区卫生健康局", "2022年5月5日"),
        after=[L("（公开方式：主动公开）")],
    ),
    fields(
        "松卫发〔2022〕15号",
        "2022-05-05",
        "active",
        "松原区卫生健康局关于印发卫生健康系统安全生产工作方案的通知",
        "松原区卫生健康局",
    ),
)
# i. three-line title with 关于 split and organ in title, no banner, number at left top
case(
    "no-banner-number-left",
    notice(
        head=[L("白卫医发〔2020〕3号", "left")],
        heading=title("白川市卫生健康委员会", "关于进一步规范医疗机构", "药品采购管理工作的通知"),
        closing=right("白川市卫生健康委员会", "2020年1月20日"),
        after=[L("（此件主动公开）")],
    ),
    fields(
        "白卫医发〔2020〕3号",
        "2020-01-20",
        "active",
        "白川市卫生健康委员会关于进一步规范医疗机构药品采购管理工作的通知",
        "白川市卫生健康委员会",
    ),
)
# j. date in Chinese numerals with ○ (circle) not 〇
case(
    "date-circle",
    notice(
        head=[banner("西陵省卫生健康委员会文件"), number("西卫发〔2020〕40号")],
        heading=title("西陵省卫生健康委员会关于表彰", "抗击疫情先进集体的决定"),
        closing=right("西陵省卫生健康委员会", "二○二○年九月八日"),
        after=[L("（此件主动公开）")],
    ),
    fields(
        "西卫发〔2020〕40号",
        "2020-09-08",
        "active",
        "西陵省卫生健康委员会关于表彰抗击疫情先进集体的决定",
        "西陵省卫生健康委员会",
    ),
)
# k. 意见 type with body having many dates, date line followed by 联系人
case(
    "contact-after-date",
    notice(
        head=[banner("临泽县卫生健康局文件"), number("临卫发〔2024〕30号")],
        heading=title("临泽县卫生健康局关于推进", "紧密型县域医共体建设的实施意见"),
        text=body("2023年12月1日以来，各单位积极推进。", "一、目标。到2025年6月30日前完成。"),
        closing=right("临泽县卫生健康局", "2024年7月1日"),
        after=[L("（联系人：赵六，电话：0935-1234567）"), L("（此件主动公开）")],
    ),
    fields(
        "临卫发〔2024〕30号",
        "2024-07-01",
        "active",
        "临泽县卫生健康局关于推进紧密型县域医共体建设的实施意见",
        "临泽县卫生健康局",
    ),
)
# l. 请示 with 签发人 on separate line and 附注 contact
case(
    "request-upward",
    notice(
        head=[banner("松原区卫生健康局文件"), L("松卫〔2023〕8号                     签发人：孙七", "left")],
        heading=title("松原区卫生健康局关于申请", "基层医疗卫生机构建设资金的请示"),
        recipients=L("区人民政府："),
        closing=right("松原区卫生健康局", "2023年4月4日"),
        after=[L("（此件不予公开）"), L("（联系人：周八，电话：1234567）")],
    ),
    fields(
        "松卫〔2023〕8号",
        "2023-04-04",
        "non_disclosable",
        "松原区卫生健康局关于申请基层医疗卫生机构建设资金的请示",
        "松原区卫生健康局",
    ),
)
# m. title with quotes and number inside title
case(
    "title-with-number",
    notice(
        head=[banner("白川市卫生健康委员会文件"), number("白卫发〔2022〕60号")],
        heading=title(
            "白川市卫生健康委员会关于贯彻落实《西陵省",
            "卫生健康委员会关于加强基层医疗卫生服务的",
            "意见》（西卫发〔2022〕5号）的通知",
        ),
        closing=right("白川市卫生健康委员会", "2022年11月11日"),
        after=[L("（此件主动公开）")],
    ),
    fields(
        "白卫发〔2022〕60号",
        "2022-11-11",
        "active",
        "白川市卫生健康委员会关于贯彻落实《西陵省卫生健康委员会关于加强基层医疗卫生服务的意见》（西卫发〔2022〕5号）的通知",
        "白川市卫生健康委员会",
    ),
)
# n. two dates: signature date then 印发 date in imprint, marking in imprint
case(
    "imprint-date",
    notice(
        head=[banner("临泽县卫生健康局文件"), number("临卫发〔2021〕14号")],
        heading=title("临泽县卫生健康局关于", "做好秋冬季流感防控工作的通知"),
        closing=right("临泽县卫生健康局", "2021年10月8日"),
        after=[
            L("（此件主动公开）"),
            L("抄送：县人民政府办公室。"),
            L("临泽县卫生健康局办公室              2021年10月9日印发"),
        ],
    ),
    fields(
        "临卫发〔2021〕14号",
        "2021-10-08",
        "active",
        "临泽县卫生健康局关于做好秋冬季流感防控工作的通知",
        "临泽县卫生健康局",
    ),
)
# o. 决定 with 印发 in title and a 通报 type
case(
    "tongbao",
    notice(
        head=[banner("西陵省卫生健康委员会文件"), number("西卫医政发〔2023〕4号")],
        heading=title("西陵省卫生健康委员会关于2022年度", "医疗质量安全情况的通报"),
        closing=right("西陵省卫生健康委员会", "2023年1月31日"),
        after=[L("（此件依申请公开）")],
    ),
    fields(
        "西卫医政发〔2023〕4号",
        "2023-01-31",
        "on_request",
        "西陵省卫生健康委员会关于2022年度医疗质量安全情况的通报",
        "西陵省卫生健康委员会",
    ),
)
# p. number with 第 and 年 full
case(
    "number-year-word",
    notice(
        head=[banner("白川市卫生局文件"), number("白卫发〔2005〕第12号")],
        heading=title("关于开展2005年", "爱国卫生月活动的通知"),
        closing=right("白川市卫生局", "二〇〇五年三月二十八日"),
        after=[L("（此件主动公开）")],
    ),
    fields("白卫发〔2005〕12号", "2005-03-28", "active", "关于开展2005年爱国卫生月活动的通知", "白川市卫生局"),
)
# q. marking text "主动公开" alone in parentheses? e.g. "（主动公开）"
case(
    "marking-short",
    notice(
        head=[banner("松原区卫生健康局文件"), number("松卫发〔2024〕11号")],
        heading=title("松原区卫生健康局关于做好", "2024年高考医疗保障工作的通知"),
        closing=right("松原区卫生健康局", "2024年5月30日"),
        after=[L("（主动公开）")],
    ),
    fields(
        "松卫发〔2024〕11号",
        "2024-05-30",
        "active",
        "松原区卫生健康局关于做好2024年高考医疗保障工作的通知",
        "松原区卫生健康局",
    ),
)
# r. 公开属性：主动公开 line after date without parentheses
case(
    "marking-attr-line",
    notice(
        head=[banner("临泽县卫生健康局文件"), number("临卫发〔2024〕41号")],
        heading=title("临泽县卫生健康局关于开展", "“三减三健”专项行动的通知"),
        closing=right("临泽县卫生健康局", "2024年9月2日"),
        after=[L("公开属性：主动公开")],
    ),
    fields(
        "临卫发〔2024〕41号",
        "2024-09-02",
        "active",
        "临泽县卫生健康局关于开展“三减三健”专项行动的通知",
        "临泽县卫生健康局",
    ),
)
# s. joint: two organs side by side with dates under both? lead with 办公室 + 办公室
case(
    "joint-offices",
    notice(
        head=[number("白卫联发〔2023〕2号")],
        heading=title("白川市卫生健康委员会办公室 白川市教育局办公室", "关于开展学生近视防控工作的通知"),
        closing=[Row(("白川市卫生健康委员会办公室", "白川市教育局办公室"), table=False), *right("2023年9月1日")],
        after=[L("（此件主动公开）")],
    ),
    fields(
        "白卫联发〔2023〕2号",
        "2023-09-01",
        "active",
        "白川市卫生健康委员会办公室 白川市教育局办公室关于开展学生近视防控工作的通知",
        "白川市卫生健康委员会办公室",
        co_issuers=["白川市教育局办公室"],
    ),
)
# t. 纪要-ish: no marking at all
case(
    "no-marking",
    notice(
        head=[banner("西陵省卫生健康委员会文件"), number("西卫发〔2021〕77号")],
        heading=title("西陵省卫生健康委员会关于", "成立专家委员会的通知"),
        closing=right("西陵省卫生健康委员会", "2021年12月30日"),
        after=[],
    ),
    fields(
        "西卫发〔2021〕77号", "2021-12-30", None, "西陵省卫生健康委员会关于成立专家委员会的通知", "西陵省卫生健康委员会"
    ),
)
