"""A drafter uploads a corpus file, sees it parsed, is refused without a reason, then submits."""
from __future__ import annotations

import pytest

from review.enums import Role
from review.extract.filetype import EXECUTABLE
from tests.conftest import CORPUS
from tests.e2e.navigator import Staff

pytestmark = pytest.mark.e2e


def test_upload_declare_refusal_then_submit(new_page, make_user):
    drafter = make_user(Role.DRAFTER)
    staff = Staff(new_page()).log_in(drafter.username)
    staff.upload(CORPUS / "fixture-02-table.pdf")

    assert staff.field("发文字号").input_value() == "禾卫办发〔2023〕9号"
    assert staff.page.locator('#parsed [data-k="signed_date"]').inner_text() == "2023-04-12"
    assert staff.page.locator('#parsed [data-k="marking"]').inner_text() == "（此件依申请公开）"

    staff.choose("公开属性", "不予公开")
    staff.submit_declaration()
    refusal = staff.page.locator("#refused-findings")
    assert "须选择不公开理由" in refusal.inner_text()
    assert "须书面说明具体理由" in refusal.inner_text()
    assert staff.state() == "草稿"

    staff.choose("公开属性", "依申请公开")
    staff.choose("不公开理由", "仅对特定对象有特殊作用，不需社会广泛知晓")
    staff.field("理由说明").fill("本通报仅对被检查的医疗机构有整改作用，不需社会公众广泛知晓。")
    staff.submit_declaration()
    assert staff.state() == "待办公室审核"
    assert "已提交" in staff.page.locator(".flash").inner_text()
    assert "提交审核" in staff.page.locator("#history").inner_text()


def test_wrong_file_type_is_refused_in_chinese(new_page, make_user, tmp_path):
    drafter = make_user(Role.DRAFTER)
    fake = tmp_path / "通知.docx"
    fake.write_bytes(b"MZ\x90\x00" + b"\x00" * 2000)  # a Windows executable renamed to .docx
    staff = Staff(new_page()).log_in(drafter.username)
    staff.upload(fake)
    message = staff.page.locator("#error-message").inner_text()
    assert message == EXECUTABLE
