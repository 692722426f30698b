"""Forms of the admin pages (CSRF and field checks; the operations check the rest)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, IntegerField, PasswordField, SelectField, SelectMultipleField, StringField, widgets
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..enums import Attribute, Role
from ..office_settings import SETTINGS
from .forms import choices

RESTRICTED = choices([(a.value, a.label) for a in Attribute if a.restricted])


class UserForm(FlaskForm):
    username = StringField("用户名", validators=[DataRequired("请填写用户名。"), Length(max=64)])
    display_name = StringField("姓名", validators=[DataRequired("请填写姓名。"), Length(max=64)])
    role = SelectField("角色", choices=choices(Role.choices()))
    section_id = SelectField("所属科室（拟稿人、科室负责人必填）", choices=[], validate_choice=False)
    password = PasswordField("初始密码（至少12位，用户首次登录须修改）", validators=[DataRequired("请填写初始密码。")])


class UserEditForm(FlaskForm):
    role = SelectField("角色", choices=choices(Role.choices()))
    section_id = SelectField("所属科室（拟稿人、科室负责人必填）", choices=[], validate_choice=False)


class ResetPasswordForm(FlaskForm):
    password = PasswordField("新的临时密码（至少12位）", validators=[DataRequired("请填写新密码。")])


class ConfirmForm(FlaskForm):
    """A button's form: only the CSRF token is posted."""


class SectionForm(FlaskForm):
    name = StringField("科室名称", validators=[DataRequired("请填写科室名称。"), Length(max=100)])
    requires_head_review = BooleanField("提交后须经科室负责人确认")


class PrefixForm(FlaskForm):
    code = StringField("代字", validators=[DataRequired("请填写代字。"), Length(max=32)])
    organ = StringField("发文机关", validators=[DataRequired("请填写发文机关。"), Length(max=100)])
    doc_type = StringField("文种", validators=[DataRequired("请填写文种，如 发文、函。"), Length(max=32)])
    active = BooleanField("启用", default=True)


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ReasonForm(FlaskForm):
    code = StringField("代码（英文）", validators=[DataRequired("请填写代码。"), Length(max=32)])
    label = StringField("理由名称", validators=[DataRequired("请填写理由名称。"), Length(max=100)])
    basis = StringField("法律依据", validators=[Optional(), Length(max=100)])
    fits = CheckboxesField("适用的公开属性", choices=RESTRICTED, validate_choice=True)
    review_months = IntegerField("默认复审间隔（月）", default=12,
                                 validators=[NumberRange(1, 120, "默认复审间隔应为 1 至 120 个月。")])
    retired = BooleanField("停用（已引用的文件保留此理由，新文件不再可选）")


class LedgerForm(FlaskForm):
    file = FileField("台账文件（.xlsx）", validators=[FileRequired("请选择台账文件。")])
    files = FileField("文件（可多选，文件名须与台账“文件名”列一致）", render_kw={"multiple": True})
    skip_bad = BooleanField("跳过有问题的行，只导入正确的行")
    dry_run = BooleanField("只检查，不导入")


def settings_form(values: dict) -> FlaskForm:
    """A form with one text field per office setting, filled from ``values`` unless the request has data."""

    class SettingsForm(FlaskForm):
        pass

    for s in SETTINGS:
        setattr(SettingsForm, s.key, StringField(s.label, description=s.help, default=str(values.get(s.key, ""))))
    return SettingsForm()
