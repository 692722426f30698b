"""Lines → elements by GB/T 9704 layout and the language of official documents.

The documents here are invented (other provinces, other organs, other layouts) so the rules are
tested for what they recognise, not for the corpus they were first written against.
"""
from __future__ import annotations

from review.extract.layout import analyse
from review.extract.model import Line

C, R = "center", "right"


def lines(*specs) -> list[Line]:
    """'text', ('text', align) or ('text', align, size)."""
    out = []
    for spec in specs:
        if isinstance(spec, str):
            out.append(Line(spec))
        else:
            out.append(Line(spec[0], spec[1], spec[2] if len(spec) > 2 else None))
    return out


def test_letter_with_spaced_square_bracket_number():
    e = analyse(lines(
        ("广东省卫生健康委员会办公室", C),
        ("粤卫办函［2021］ 7 号", R),
        ("广东省卫生健康委员会办公室关于征求", C),
        ("《广东省医疗机构依法执业自查管理办法》意见的函", C),
        "各地级以上市卫生健康局：",
        "现将有关材料送你们征求意见，请于2021年3月20日前反馈。",
        "附件：广东省医疗机构依法执业自查管理办法（征求意见稿）",
        ("广东省卫生健康委员会办公室", R),
        ("2021年3月5日", R),
        "（此件主动公开）",
    ), soft_wrapped=False)
    assert e.doc_number == "粤卫办函〔2021〕7号"
    assert e.title == "广东省卫生健康委员会办公室关于征求《广东省医疗机构依法执业自查管理办法》意见的函"
    assert e.recipients == "各地级以上市卫生健康局"
    assert (e.issuer, e.signed_date) == ("广东省卫生健康委员会办公室", "2021-03-05")
    assert (e.marking, e.marking_text) == ("active", "（此件主动公开）")
    assert e.secrecy is None and e.upstream_numbers == []


def test_secret_document_with_copy_number_on_the_secrecy_line():
    e = analyse(lines(
        "000123 机密★1年",
        "特急",
        ("江苏省卫生健康委员会文件", C),
        ("苏卫发(2018)3号", C),
        ("江苏省卫生健康委员会关于做好重大活动", C),
        ("医疗保障工作的通知", C),
        "各设区市卫生健康委：",
        "为做好保障工作，现将有关事项通知如下：",
        "一、提高认识。",
        ("江苏省卫生健康委员会", R),
        ("二〇一八年五月二十日", R),
        "（此件不予公开）",
    ), soft_wrapped=False)
    assert e.secrecy == "机密★1年"
    assert e.doc_number == "苏卫发〔2018〕3号"
    assert e.title == "江苏省卫生健康委员会关于做好重大活动医疗保障工作的通知"
    assert e.signed_date == "2018-05-20"
    assert (e.marking, e.marking_text) == ("non_disclosable", "（此件不予公开）")


def test_joint_document_with_signatures_side_by_side():
    e = analyse(lines(
        ("浙江省卫生健康委员会", C),
        ("浙江省财政厅", C),
        ("文件", C),
        ("浙卫发﹝2022﹞15号", C),
        ("浙江省卫生健康委员会 浙江省财政厅", C),
        ("关于调整基本公共卫生服务补助标准的通知", C),
        "各市卫生健康委、财政局：",
        "经研究，现将有关事项通知如下。",
        ("浙江省卫生健康委员会    浙江省财政厅", R),
        ("2022年6月1日", R),
        "（此件公开发布）",
    ), soft_wrapped=False)
    assert e.issuer == "浙江省卫生健康委员会"
    assert e.doc_number == "浙卫发〔2022〕15号"
    assert e.title.replace(" ", "") == "浙江省卫生健康委员会浙江省财政厅关于调整基本公共卫生服务补助标准的通知"


def test_joint_signatures_stacked_lead_first():
    e = analyse(lines(
        ("川卫联发〔2023〕2号", C),
        ("关于开展联合督查的通知", C),
        "各市（州）卫生健康委：",
        "现将有关事项通知如下。",
        ("四川省卫生健康委员会", R),
        ("四川省医疗保障局", R),
        ("四川省市场监督管理局", R),
        ("2023年2月1日", R),
    ), soft_wrapped=False)
    assert e.issuer == "四川省卫生健康委员会"
    assert e.marking is None and e.marking_text is None


def test_forwarding_notice_takes_the_outer_block_not_the_forwarded_one():
    e = analyse(lines(
        ("湖南省卫生健康委员会文件", C),
        ("湘卫发【2020】8号", C),
        ("湖南省卫生健康委员会关于转发《国家卫生健康委关于加强", C),
        ("医疗质量管理的通知》的通知", C),
        "各市州卫生健康委：",
        "现将《国家卫生健康委关于加强医疗质量管理的通知》（国卫医发〔2020〕5号）转发给你们，请认真贯彻执行。",
        ("湖南省卫生健康委员会", R),
        ("2020年3月2日", R),
        "（信息公开形式：主动公开）",
        "附件",
        ("国家卫生健康委关于加强医疗质量管理的通知", C),
        ("国卫医发〔2020〕5号", C),
        "各省、自治区、直辖市卫生健康委：",
        "为加强医疗质量管理，现通知如下。",
        ("国家卫生健康委", R),
        ("2020年2月10日", R),
        "（此件不公开）",
    ), soft_wrapped=False)
    assert e.signed_date == "2020-03-02"
    assert e.issuer == "湖南省卫生健康委员会"
    assert (e.marking, e.marking_text) == ("active", "（信息公开形式：主动公开）")
    assert e.upstream_numbers == ["国卫医发〔2020〕5号"]


def test_contact_note_is_not_a_marking_and_no_marking_is_null():
    e = analyse(lines(
        ("闽卫医政〔2019〕 102号", C),
        ("福建省卫生健康委员会关于申请专项经费的请示", C),
        "省财政厅：",
        "妥否，请批示。",
        "（联系人：王五，电话：0591-0000000）",
        ("福建省卫生健康委员会", R),
        ("2019年9月9日", R),
        "（联系人：赵六，电话：0591-1111111）",
    ), soft_wrapped=False)
    assert e.marking is None and e.marking_text is None
    assert e.signed_date == "2019-09-09"
    assert e.issuer == "福建省卫生健康委员会"


def test_marking_after_a_contact_line_and_as_a_field():
    base = [
        ("鲁卫函（2023）１２号", C), ("山东省卫生健康委员会关于报送材料的函", C), "各市卫生健康委：",
        "请按时报送。", ("山东省卫生健康委员会", R), ("2023年4月4日", R),
    ]
    e = analyse(lines(*base, "（联系人：孙七，电话：0531-2222222）", "（此件依申请公开）"), soft_wrapped=False)
    assert (e.marking, e.marking_text) == ("on_request", "（此件依申请公开）")
    e = analyse(lines(*base, "公开方式：依申请公开"), soft_wrapped=False)
    assert (e.marking, e.marking_text) == ("on_request", "公开方式：依申请公开")
    assert e.doc_number == "鲁卫函〔2023〕12号"


def test_imprint_date_is_not_the_signed_date():
    e = analyse(lines(
        ("冀卫发(2020)12号", C),
        ("河北省卫生健康委员会关于印发工作要点的通知", C),
        "各市卫生健康委：",
        "现将工作要点印发给你们。",
        "抄送：省政府办公厅。",
        "河北省卫生健康委员会办公室        2020年7月8日印发",
    ), soft_wrapped=False)
    assert e.signed_date is None
    assert e.issuer == "河北省卫生健康委员会"  # no signature printed: the title's organ


def test_event_date_in_body_is_passed_over_for_the_closing_date():
    e = analyse(lines(
        ("赣卫疾控字〔2022〕3号", C),
        ("江西省卫生健康委员会关于举办培训班的通知", C),
        "各设区市卫生健康委：",
        "一、培训时间",
        "2022年5月25日",
        "二、培训地点",
        "南昌市。",
        ("江西省卫生健康委员会", R),
        ("2022年5月10日", R),
        "（此件主动公开）",
    ), soft_wrapped=False)
    assert e.signed_date == "2022-05-10"


def test_announcement_without_recipients():
    e = analyse(lines(
        ("吉林省卫生健康委员会", C, 30),
        ("吉卫公告〔2021〕1号", C, 16),
        ("吉林省卫生健康委员会关于发布地方标准的公告", C, 22),
        ("根据有关规定，现发布吉林省地方标准。", "justify", 16),
        ("吉林省卫生健康委员会", R, 16),
        ("2021年6月18日", R, 16),
    ), soft_wrapped=False)
    assert e.title == "吉林省卫生健康委员会关于发布地方标准的公告"
    assert e.recipients is None


def test_no_banner_no_number_title_from_the_top():
    e = analyse(lines(
        ("关于印发迪庆州卫生健康委2021年", C),
        ("工作要点的通知", C),
        "各县（市）卫生健康局：",
        "现将工作要点印发给你们。",
        ("迪庆州卫生健康委员会", R),
        ("2021年 3月 8日", R),
        "(此件公开发布)",
    ), soft_wrapped=False)
    assert e.doc_number is None
    assert e.title == "关于印发迪庆州卫生健康委2021年工作要点的通知"
    assert e.signed_date == "2021-03-08" and e.marking_text == "(此件公开发布)"


def test_pdf_lines_wrapped_recipients_and_number_broken_over_lines():
    e = analyse(lines(
        ("宁夏回族自治区卫生健康委员会文件", C, 29),
        ("宁卫发〔2021〕 9 号 签发人：马八", "justify", 15),
        ("宁夏回族自治区卫生健康委员会关于", C, 21),
        ("进一步加强院感防控工作的通知", C, 21),
        ("各市、县（区）卫生健康局，委属各单位，委机关各处", "left", 15),
        ("室：", "left", 15),
        ("根据《国家卫生健康委办公厅关于加强院感防控的通知》（国卫办医函", "justify", 15),
        ("〔2021〕 12 号）要求，现通知如下。", "left", 15),
        ("宁夏回族自治区卫生健康委员会", R, 15),
        ("2021 年 4 月 2 日", R, 15),
        ("（此件主动公开）", "left", 15),
    ), soft_wrapped=True)
    assert e.doc_number == "宁卫发〔2021〕9号"
    assert e.title == "宁夏回族自治区卫生健康委员会关于进一步加强院感防控工作的通知"
    assert e.recipients == "各市、县（区）卫生健康局，委属各单位，委机关各处室"
    assert e.upstream_numbers == ["国卫办医函〔2021〕12号"]
    assert e.signed_date == "2021-04-02"


def test_signer_names_under_the_number_are_not_title():
    e = analyse(lines(
        ("黑卫〔2022〕6号 签发人：张三", None),
        ("李四", R),
        ("关于申请追加经费的请示", C),
        "省人民政府：",
        "妥否，请批示。",
        ("黑龙江省卫生健康委员会", R),
        ("二〇二二年一月五日", R),
    ), soft_wrapped=False)
    assert e.doc_number == "黑卫〔2022〕6号"
    assert e.title == "关于申请追加经费的请示"
    assert e.signed_date == "2022-01-05"


def test_signature_without_organ_suffix_needs_placement():
    e = analyse(lines(
        ("桂卫发〔2022〕21号", C),
        ("关于做好防汛工作的通知", C),
        "各市：",
        "请做好防汛工作。",
        ("广西壮族自治区防汛抗旱指挥部卫生健康工作组办公室（代章）", R),
        ("2022年6月6日", R),
    ), soft_wrapped=False)
    assert e.issuer == "广西壮族自治区防汛抗旱指挥部卫生健康工作组办公室（代章）"


def test_attachment_line_above_the_date_is_not_a_signature():
    e = analyse(lines(
        ("藏卫发〔2020〕2号", C),
        ("西藏自治区卫生健康委员会关于印发工作方案的通知", C),
        "各地（市）卫生健康委：",
        "现印发给你们。",
        "附件：1.工作方案",
        "2.责任分工表",
        ("2020年2月2日", R),
    ), soft_wrapped=False)
    assert e.issuer == "西藏自治区卫生健康委员会"  # not "2.责任分工表": falls back on the title's organ
    assert e.signed_date == "2020-02-02"


def test_footer_page_numbers_are_noise():
    e = analyse(lines(
        ("— 1 —", C),
        ("青卫发〔2021〕1号", C),
        ("关于做好有关工作的通知", C),
        "各单位：",
        "请认真落实。",
        ("- 2 -", C),
        ("青海省卫生健康委员会", R),
        ("2021年1月1日", R),
        "第 2 页 共 2 页",
        "（此件主动公开）",
    ), soft_wrapped=False)
    assert e.doc_number == "青卫发〔2021〕1号"
    assert e.marking == "active"


def test_letter_spaced_pdf_number_and_seal_text_around_the_date():
    e = analyse(lines(
        ("重 庆 市 卫 生 健 康 委 员 会 文 件", C, 29),
        ("渝 卫 发  〔 2020 〕 3 号", C, 15),
        ("重庆市卫生健康委员会关于加强基层", C, 21),
        ("卫生人才队伍建设的意见", C, 21),
        ("各区县（自治县）卫生健康委：", "left", 15),
        ("现提出如下意见。", "left", 15),
        ("重庆市卫生健康委员会", R, 15),
        ("重", None, 9), ("庆", None, 9), ("市", None, 9),
        ("2020 年 1 月 20 日", R, 15),
        ("会", None, 9),
        ("（此件主动公开）", "left", 15),
    ), soft_wrapped=True)
    assert e.doc_number == "渝卫发〔2020〕3号"
    assert e.title == "重庆市卫生健康委员会关于加强基层卫生人才队伍建设的意见"
    assert (e.issuer, e.signed_date, e.marking) == ("重庆市卫生健康委员会", "2020-01-20", "active")


def test_marking_printed_above_the_signature_and_decorations_in_the_header():
    e = analyse(lines(
        ("新疆维吾尔自治区卫生健康委员会文件", C),
        ("新卫发〔2021〕5号", C),
        ("★", C),
        ("关于做好冬季供暖期医疗保障工作的通知", C),
        "各地、州、市卫生健康委：",
        "请认真贯彻落实。",
        "（此件依申请公开）",
        ("新疆维吾尔自治区卫生健康委员会", R),
        ("2021年11月1日", R),
    ), soft_wrapped=False)
    assert e.title == "关于做好冬季供暖期医疗保障工作的通知"
    assert (e.marking, e.marking_text) == ("on_request", "（此件依申请公开）")


def test_banner_without_wenjian_and_without_number_is_told_by_its_size():
    e = analyse(lines(
        ("天津市卫生健康委员会", C, 30),
        ("天津市卫生健康委员会关于做好", C, 22),
        ("暑期医疗服务工作的函", "justify", 22),  # a long title line can fill the measure
        ("各区卫生健康委：", "left", 16),
        ("请做好有关工作。", "justify", 16),
        ("天津市卫生健康委员会", R, 16),
        ("2020年7月1日", R, 16),
    ), soft_wrapped=True)
    assert e.doc_number is None
    assert e.title == "天津市卫生健康委员会关于做好暑期医疗服务工作的函"
    assert e.issuer == "天津市卫生健康委员会"


def test_secrecy_marks_and_titles_that_merely_start_with_the_word():
    e = analyse(lines(("绝密★长期", None), ("京卫发〔2021〕2号", C), ("秘密文件管理办法", C), "各单位：", "现印发。"),
                soft_wrapped=False)
    assert e.secrecy == "绝密★长期"
    assert e.title == "秘密文件管理办法"
    e = analyse(lines("份号：000321", "秘密 1年", ("京卫发〔2021〕3号", C), ("关于X的通知", C), "各单位：", "现印发。"),
                soft_wrapped=False)
    assert e.secrecy == "秘密1年"
