"""Forms of the request pages: field validation and CSRF; the operations check the rules."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..operations.requests import Registration
from ..request_enums import Channel, Consulted, Outcome, RequesterType, grouped_outcomes
from .forms import choices

DATE_MESSAGE = "日期格式应为 YYYY-MM-DD。"


class RegisterForm(FlaskForm):
    requester_name = StringField("申请人姓名或名称",
                                 validators=[DataRequired("请填写申请人姓名或名称。"), Length(max=200)])
    requester_type = SelectField("申请人类型", choices=choices(RequesterType.choices()), validate_choice=True)
    contact = TextAreaField("联系方式（电话、地址、邮箱）", validators=[Length(max=1000)])
    channel = SelectField("申请方式", choices=choices(Channel.choices()), validate_choice=True)
    received_on = DateField("收到申请日期", validators=[DataRequired(DATE_MESSAGE)])
    text = TextAreaField("申请内容", validators=[DataRequired("请填写申请内容。"), Length(max=10000)])
    cited = TextAreaField("所申请的文件（每行一件：发文字号或标题）", validators=[Length(max=10000)])

    def registration(self) -> Registration:
        return Registration(
            requester_name=self.requester_name.data or "", requester_type=RequesterType(self.requester_type.data),
            channel=Channel(self.channel.data), received_on=self.received_on.data, text=self.text.data or "",
            contact=self.contact.data or "", cited=[line for line in (self.cited.data or "").splitlines()],
        )


class EventForm(FlaskForm):
    """Every clock event posts this form (with its own prefix); the operation checks what it needs."""

    day = DateField("日期", validators=[Optional()])
    note = TextAreaField("说明", validators=[Length(max=4000)])
    days = IntegerField("延长工作日数",
                        validators=[Optional(), NumberRange(1, 20, "延长的期限应为 1 至 20 个工作日。")])
    approver = StringField("批准延期的工作机构负责人", validators=[Length(max=64)])
    notified_on = DateField("告知申请人日期", validators=[Optional()])
    #: Checked by the view (only the consultation form sends it).
    consulted = SelectField("征求对象", choices=choices(Consulted.choices()), validate_choice=False)
    party = StringField("第三方或机关名称", validators=[Length(max=200)])


class AnswerForm(FlaskForm):
    outcome = SelectField("答复类别", validate_choice=True,
                          choices=[SelectChoice(o.value, o.label, optgroup=g.label)
                                   for g, members in grouped_outcomes() for o in members])
    answered_on = DateField("答复日期", validators=[DataRequired(DATE_MESSAGE)])
    text = TextAreaField("答复内容（写入告知书）", validators=[Length(max=10000)])
    deviation_note = TextAreaField("与文件认定不一致的说明", validators=[Length(max=4000)])

    def outcome_value(self) -> Outcome:
        return Outcome(self.outcome.data)
