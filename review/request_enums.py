"""Disclosure requests (依申请公开): the yearly report's categories (国办公开办函〔2021〕30号, table 3),
each value with its Chinese label, so forms, pages, letters and reports read one wording."""
from __future__ import annotations

from .enums import LabelledEnum


class RequesterType(LabelledEnum):
    """The columns of table 3: 自然人, and the five kinds of 法人或其他组织."""

    NATURAL_PERSON = ("natural_person", "自然人")
    BUSINESS = ("business", "商业企业")
    RESEARCH = ("research", "科研机构")
    PUBLIC_INTEREST = ("public_interest", "社会公益组织")
    LEGAL_SERVICE = ("legal_service", "法律服务机构")
    OTHER = ("other", "其他")


class Channel(LabelledEnum):
    """How the request came in; 条例 第三十一条 fixes the date of receipt by channel."""

    IN_PERSON = ("in_person", "当面")
    MAIL = ("mail", "邮寄")
    ONLINE = ("online", "网络")
    FAX = ("fax", "传真")
    OTHER = ("other", "其他")

    @property
    def received_hint(self) -> str:
        return RECEIVED_HINTS[self]


RECEIVED_HINTS = {
    Channel.IN_PERSON: "当面提交的，以提交之日为收到申请之日",
    Channel.MAIL: "以邮寄方式提交的，以行政机关签收之日为收到申请之日",
    Channel.ONLINE: "通过互联网渠道提交的，以双方确认之日为收到申请之日",
    Channel.FAX: "以传真方式提交的，以双方确认之日为收到申请之日",
    Channel.OTHER: "以双方确认之日为收到申请之日",
}


class RequestState(LabelledEnum):
    OPEN = ("open", "办理中")
    AWAITING_CORRECTION = ("awaiting_correction", "待申请人补正")
    CONSULTING = ("consulting", "征求意见中")
    ANSWERED = ("answered", "已答复")


class EventKind(LabelledEnum):
    CORRECTION_SENT = ("correction_sent", "发出补正通知")
    CORRECTION_RECEIVED = ("correction_received", "收到补正")
    EXTENSION = ("extension", "延长答复期限")
    CONSULTATION_START = ("consultation_start", "征求意见")
    CONSULTATION_END = ("consultation_end", "征求意见结束")


class Consulted(LabelledEnum):
    THIRD_PARTY = ("third_party", "第三方")
    OTHER_ORGAN = ("other_organ", "其他机关")


class OutcomeGroup(LabelledEnum):
    """Table 3 rows 三（一）–（六）."""

    GRANTED = ("granted", "予以公开")
    PARTIAL = ("partial", "部分公开")
    WITHHELD = ("withheld", "不予公开")
    UNABLE = ("unable", "无法提供")
    NOT_PROCESSED = ("not_processed", "不予处理")
    OTHER = ("other", "其他处理")


class Outcome(LabelledEnum):
    """One answer category exactly as table 3 counts it; a group with sub-rows has one member per row."""

    GRANTED = ("granted", "予以公开")
    PARTIAL = ("partial", "部分公开")
    WITHHELD_STATE_SECRET = ("withheld_state_secret", "属于国家秘密")
    WITHHELD_LAW_PROHIBITED = ("withheld_law_prohibited", "其他法律行政法规禁止公开")
    WITHHELD_THREE_SAFETIES = ("withheld_three_safeties", '危及"三安全一稳定"')
    WITHHELD_THIRD_PARTY = ("withheld_third_party", "保护第三方合法权益")
    WITHHELD_INTERNAL_AFFAIRS = ("withheld_internal_affairs", "属于三类内部事务信息")
    WITHHELD_PROCESS_INFO = ("withheld_process_info", "属于四类过程性信息")
    WITHHELD_ENFORCEMENT_FILE = ("withheld_enforcement_file", "属于行政执法案卷")
    WITHHELD_ADMINISTRATIVE_QUERY = ("withheld_admin_query", "属于行政查询事项")
    UNABLE_NOT_HELD = ("unable_not_held", "本机关不掌握相关政府信息")
    UNABLE_NEEDS_CREATION = ("unable_needs_creation", "没有现成信息需要另行制作")
    UNABLE_STILL_UNCLEAR = ("unable_still_unclear", "补正后申请内容仍不明确")
    NOT_PROCESSED_PETITION = ("not_processed_petition", "信访举报投诉类申请")
    NOT_PROCESSED_REPEAT = ("not_processed_repeat", "重复申请")
    NOT_PROCESSED_PUBLICATION = ("not_processed_publication", "要求提供公开出版物")
    NOT_PROCESSED_MASS = ("not_processed_mass", "无正当理由大量反复申请")
    NOT_PROCESSED_CONFIRM = ("not_processed_confirm", "要求行政机关确认或重新出具已获取信息")
    OTHER_NO_CORRECTION = ("other_no_correction", "申请人无正当理由逾期不补正")
    OTHER_NO_FEE = ("other_no_fee", "逾期未按收费通知缴费")
    OTHER = ("other", "其他")

    @property
    def group(self) -> OutcomeGroup:
        return next(g for g in OutcomeGroup if self.value == g.value or self.value.startswith(g.value + "_"))

    @property
    def full_label(self) -> str:
        """``不予公开：属于国家秘密``; a group without sub-rows is its own label."""
        if self.group.label == self.label:
            return self.label
        return f"{self.group.label}：{self.label}"

    @property
    def reason_code(self) -> str | None:
        """The document reason code (DESIGN §5) this 不予公开 row corresponds to, if any."""
        return WITHHELD_REASONS.get(self)


WITHHELD_REASONS = {
    Outcome.WITHHELD_STATE_SECRET: "state_secret",
    Outcome.WITHHELD_LAW_PROHIBITED: "law_prohibited",
    Outcome.WITHHELD_THREE_SAFETIES: "three_safeties",
    Outcome.WITHHELD_THIRD_PARTY: "third_party",
    Outcome.WITHHELD_INTERNAL_AFFAIRS: "internal_affairs",
    Outcome.WITHHELD_PROCESS_INFO: "process_info",
    Outcome.WITHHELD_ENFORCEMENT_FILE: "enforcement_file",
}


def grouped_outcomes() -> list[tuple[OutcomeGroup, list[Outcome]]]:
    """For the answer form's <optgroup>s, in the table's order."""
    return [(g, [o for o in Outcome if o.group is g]) for g in OutcomeGroup]
