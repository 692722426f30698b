"""Forms of the admin pages (CSRF and field checks; the operations check the rest)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ..enums import Attribute, Role
from ..holiday_text import DayTextError, as_lines, parse_day_lines
from ..office_settings import SETTINGS
from .forms import choices, row_id

RESTRICTED = choices([(a.value, a.label) for a in Attribute if a.restricted])
ROLE_CHOICES = choices(Role.choices())
TOO_LONG = "最多可填写 %(max)d 个字符。"
#: Settings an office may leave empty (the 机关代码 only feeds the 索引号).
OPTIONAL_SETTINGS = frozenset({"org_code"})


def one_of(values, message: str):
    """A choice among ``values``, refused in Chinese (WTForms' own choice check speaks English)."""
    allowed = frozenset(values)

    def check(_form, field) -> None:
        if field.data not in allowed:
            raise ValidationError(message)

    return check


def at_least_one(message: str):
    def check(_form, field) -> None:
        if not field.data:
            raise ValidationError(message)

    return check


class WholeNumberField(IntegerField):
    """An integer field whose refusal of "三" or "1.5" is in Chinese."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError:
            self.data = None
            raise ValueError(f"{self.label.text}应为整数。") from None


def role_field() -> SelectField:
    return SelectField("角色", choices=ROLE_CHOICES, validate_choice=False,
                       validators=[InputRequired("请选择角色。"), one_of([r.value for r in Role], "角色无效。")])


def section_field() -> SelectField:
    return SelectField("所属科室（拟稿人、科室负责人必填）", choices=[], validate_choice=False, validators=[row_id])


class UserForm(FlaskForm):
    username = StringField("用户名", validators=[DataRequired("请填写用户名。"), Length(max=64, message=TOO_LONG)])
    display_name = StringField("姓名", validators=[DataRequired("请填写姓名。"), Length(max=64, message=TOO_LONG)])
    role = role_field()
    section_id = section_field()
    password = PasswordField("初始密码（至少12位，用户首次登录须修改）", validators=[DataRequired("请填写初始密码。")])


class UserEditForm(FlaskForm):
    role = role_field()
    section_id = section_field()


class ResetPasswordForm(FlaskForm):
    password = PasswordField("新的临时密码（至少12位）", validators=[DataRequired("请填写新密码。")])


class ConfirmForm(FlaskForm):
    """A button's form: only the CSRF token is posted."""


class SectionForm(FlaskForm):
    name = StringField("科室名称", validators=[DataRequired("请填写科室名称。"), Length(max=100, message=TOO_LONG)])
    requires_head_review = BooleanField("提交后须经科室负责人确认")


class PrefixForm(FlaskForm):
    code = StringField("代字", validators=[DataRequired("请填写代字。"), Length(max=32, message=TOO_LONG)])
    organ = StringField("发文机关", validators=[DataRequired("请填写发文机关。"), Length(max=100, message=TOO_LONG)])
    doc_type = StringField("文种", validators=[DataRequired("请填写文种，如 发文、函。"),
                                             Length(max=32, message=TOO_LONG)])
    active = BooleanField("启用", default=True)


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ReasonForm(FlaskForm):
    code = StringField("代码（英文）", validators=[DataRequired("请填写代码。"), Length(max=32, message=TOO_LONG)])
    label = StringField("理由名称", validators=[DataRequired("请填写理由名称。"), Length(max=100, message=TOO_LONG)])
    basis = StringField("法律依据", validators=[Optional(), Length(max=100, message=TOO_LONG)])
    fits = CheckboxesField("适用的公开属性", choices=RESTRICTED, validate_choice=False,
                           validators=[at_least_one("请至少选择一种适用的公开属性（依申请公开或不予公开）。")])
    review_months = WholeNumberField("默认复审间隔（月）", default=12,
                                     validators=[InputRequired("请填写默认复审间隔（月）。"),
                                                 NumberRange(1, 120, "默认复审间隔应为 1 至 120 个月。")])
    retired = BooleanField("停用（已引用的文件保留此理由，新文件不再可选）")


class LedgerForm(FlaskForm):
    file = FileField("台账文件（.xlsx）", validators=[FileRequired("请选择台账文件。")])
    files = FileField("文件（可多选，文件名须与台账“文件名”列一致）", render_kw={"multiple": True})
    skip_bad = BooleanField("跳过有问题的行，只导入正确的行")
    dry_run = BooleanField("只检查，不导入")


class DayListField(TextAreaField):
    """Dates typed one date or range per line; ``data`` is the sorted days, the text is shown back as typed."""

    def process_formdata(self, valuelist):
        self.text = valuelist[0] if valuelist else ""
        try:
            self.data = parse_day_lines(self.text)
        except DayTextError as exc:
            self.data = []
            raise ValueError(f"{self.short_label}：{exc.args[0]}") from None

    def process_data(self, value):
        self.data = list(value or [])
        self.text = None

    def _value(self):
        return self.text if self.text is not None else as_lines(self.data)

    @property
    def short_label(self) -> str:
        return self.label.text.split("（")[0]


def some_days(message: str):
    """At least one day, unless the text was refused already (one message per problem)."""

    def check(_form, field) -> None:
        if not field.data and not field.process_errors:
            raise ValidationError(message)

    return check


class HolidayForm(FlaskForm):
    year = WholeNumberField("年份", validators=[InputRequired("请填写年份。"),
                                              NumberRange(2000, 2100, "年份应在 2000 至 2100 之间。")])
    holidays = DayListField("放假日期（每行一个日期或日期范围，如 2027-01-01 或 2027-02-10至2027-02-17）",
                            validators=[some_days("请填写放假日期。")], render_kw={"rows": 8})
    workdays = DayListField("调休上班日期（周六或周日，每行一个日期，没有可不填）", render_kw={"rows": 4})
    source = StringField("依据（国务院办公厅通知的文号）",
                         validators=[DataRequired("请填写依据，如 国办发明电〔2026〕7号。"),
                                     Length(max=200, message=TOO_LONG)])
    replace = BooleanField("更正已录入的年份（替换原有安排）")


def settings_form(values: dict) -> FlaskForm:
    """A form with one text field per office setting, filled from ``values`` (the stored settings on
    GET; nothing on POST, so that a field left out is refused rather than kept)."""

    class SettingsForm(FlaskForm):
        pass

    for s in SETTINGS:
        required = [] if s.key in OPTIONAL_SETTINGS else [DataRequired(f"请填写{s.label}。")]
        setattr(SettingsForm, s.key, StringField(s.label, description=s.help, default=str(values.get(s.key, "")),
                                                 validators=[*required, Length(max=200, message=TOO_LONG)]))
    return SettingsForm()
