"""Form classes: field validation and CSRF; views stay thin."""
from __future__ import annotations

import datetime as dt
import re

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..enums import Attribute
from ..extensions import db
from ..models import NumberPrefix, ReasonCode
from ..operations import Declaration

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: 成文日期 outside this range is a typing error (or an attack), not a document of this office.
EARLIEST_DATE, LATEST_DATE = dt.date(1949, 10, 1), dt.date(2099, 12, 31)


def no_control(multiline: bool = False):
    """Refuse control and bidirectional-override characters (tabs and line breaks only in text areas)."""
    pattern = _CONTROL_MULTILINE if multiline else _CONTROL

    def check(_form, field) -> None:
        if isinstance(field.data, str) and pattern.search(field.data):
            raise ValidationError(f"{field.label.text}含有不允许的控制字符，请删除后重试。")

    return check


def plausible_date(_form, field) -> None:
    if field.data is not None and not EARLIEST_DATE <= field.data <= LATEST_DATE:
        raise ValidationError(f"{field.label.text}应在 {EARLIEST_DATE:%Y-%m-%d} 至 {LATEST_DATE:%Y-%m-%d} 之间。")


def row_id(_form, field) -> None:
    """A row id from a select: digits only, within the database's integer range."""
    value = field.data or ""
    if value and not (value.isascii() and value.isdigit() and 0 < int(value) < 2**31):
        raise ValidationError(f"{field.label.text}的取值无效。")


def clean_filename(_form, field) -> None:
    name = getattr(field.data, "filename", None) or ""
    if _CONTROL.search(name):
        raise ValidationError("文件名含有不允许的控制字符，请重命名后上传。")


class LocalDateField(DateField):
    """A date field whose parse error reads in Chinese (WTForms' own message is English)."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(f"{self.label.text}格式无效，应为 年-月-日，如 2026-11-02。") from None


class LoginForm(FlaskForm):
    username = StringField("用户名", validators=[DataRequired("请输入用户名。"), Length(max=64)])
    password = PasswordField("密码", validators=[DataRequired("请输入密码。")])
    submit = SubmitField("登录")


class ChangePasswordForm(FlaskForm):
    current = PasswordField("当前密码", validators=[DataRequired("请输入当前密码。")])
    new = PasswordField("新密码（至少12位）", validators=[DataRequired("请输入新密码。")])
    repeat = PasswordField("再次输入新密码", validators=[DataRequired("请再次输入新密码。")])
    submit = SubmitField("修改密码")


class UploadForm(FlaskForm):
    file = FileField("公文文件（.docx 或 .pdf）", validators=[FileRequired("请选择要上传的文件。"), clean_filename])
    lock = HiddenField()
    submit = SubmitField("上传")


def choices(pairs: list[tuple[str, str]], empty: str | None = None) -> list[SelectChoice]:
    """Select options from (value, 中文 label) pairs, with an optional empty first option."""
    head = [SelectChoice("", empty)] if empty is not None else []
    return head + [SelectChoice(value, label) for value, label in pairs]


_ATTRIBUTE_CHOICES = choices(Attribute.choices(), "— 请选择 —")


def _attribute(value: str | None) -> Attribute | None:
    return Attribute(value) if value else None


class DeclarationForm(FlaskForm):
    lock = HiddenField()
    title = StringField("标题", validators=[DataRequired("请填写标题。"), Length(max=300), no_control()])
    doc_number = StringField("发文字号", validators=[Optional(), Length(max=64), no_control()])
    attribute = SelectField("公开属性", choices=_ATTRIBUTE_CHOICES, validate_choice=True)
    reason_code = SelectField("不公开理由", choices=[], validate_choice=False)
    reason_text = TextAreaField("理由说明", validators=[Length(max=4000), no_control(multiline=True)])
    upstream_number = StringField("上级文件字号", validators=[Optional(), Length(max=64), no_control()])
    upstream_attribute = SelectField("上级文件公开属性", choices=_ATTRIBUTE_CHOICES, validate_choice=True)
    is_forwarding = BooleanField("本件为转发上级文件")
    is_policy = BooleanField("本件为政策性文件（主动公开须附政策解读）")
    co_issuers = TextAreaField("联合发文机关（每行一个，主办机关认定属性）",
                               validators=[Length(max=2000), no_control(multiline=True)])
    save = SubmitField("保存草稿")
    send = SubmitField("提交审核")

    def declaration(self) -> Declaration:
        return Declaration(
            title=self.title.data or "",
            doc_number=(self.doc_number.data or "").strip() or None,
            attribute=_attribute(self.attribute.data),
            reason_code=self.reason_code.data or None,
            reason_text=self.reason_text.data or "",
            upstream_number=(self.upstream_number.data or "").strip() or None,
            upstream_attribute=_attribute(self.upstream_attribute.data),
            is_forwarding=bool(self.is_forwarding.data),
            is_policy=bool(self.is_policy.data),
            co_issuers=self.co_issuers.data or "",
        )


class DecisionForm(FlaskForm):
    """Every decision posts this form; the operation checks what its action requires."""

    lock = HiddenField()
    comment = TextAreaField("意见", validators=[Length(max=4000), no_control(multiline=True)])
    attribute = SelectField("公开属性", choices=_ATTRIBUTE_CHOICES, validate_choice=True, default="")
    reason_code = SelectField("不公开理由", choices=[], validate_choice=False)
    prefix_id = SelectField("发文字号代字", choices=[], validate_choice=False, validators=[row_id])
    signed_on = LocalDateField("成文日期", validators=[Optional(), plausible_date])
    signature_date = LocalDateField("签发日期", validators=[Optional(), plausible_date])
    explanation = TextAreaField("文件所印发文字号或成文日期与本次发文不一致时，以文件所印为准的理由",
                                validators=[Length(max=2000)])

    def attribute_value(self) -> Attribute | None:
        return _attribute(self.attribute.data)


def reason_choices() -> list[SelectChoice]:
    codes = db.session.scalars(select(ReasonCode).where(ReasonCode.active).order_by(ReasonCode.position))
    return choices([(c.code, c.label) for c in codes], "— 不适用 —")


def decision_form(blank: bool = False) -> DecisionForm:
    """The decision form with its choices read from the reason-code and prefix tables; ``blank`` does
    not read the request (a page shown after one refused form must not copy its input into the others)."""
    form = DecisionForm(formdata=None) if blank else DecisionForm()
    form.reason_code.choices = reason_choices()
    prefixes = db.session.scalars(select(NumberPrefix).where(NumberPrefix.active).order_by(NumberPrefix.code))
    form.prefix_id.choices = choices([(str(p.id), f"{p.code}（{p.organ}·{p.doc_type}）") for p in prefixes])
    return form
