"""What the document page says about how the elements were read: OCR, the marking's place, the
co-issuers, and a marking the parser could not classify (issues 6 and 12)."""
from __future__ import annotations

import io

import pytest

from review.enums import Role
from tests.conftest import corpus_bytes
from tests.unit._documents import L, banner, body, number, right, title, to_pdf
from tests.unit._scan import scan


def _upload(client, data: bytes, name: str) -> str:
    response = client.post("/documents/new", data={"file": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    return client.get(response.headers["Location"]).get_data(as_text=True)


def _notice(marking: str, *after) -> list:
    return [banner("东山市卫生健康委员会文件"), number("东卫发〔2024〕21号"),
            *title("东山市卫生健康委员会关于做好", "夏季高温中暑防治工作的通知"), L("各县（区）卫生健康局："),
            *body("现将有关事项通知如下。", "一、加强组织领导。"),
            *right("东山市卫生健康委员会", "2024年6月18日"), *([L(marking)] if marking else []), *after]


def test_a_text_file_has_no_ocr_note_and_shows_the_co_issuers(login, make_user):
    page = _upload(login(make_user(Role.DRAFTER)), corpus_bytes("fixture-11-joint.pdf"), "joint.pdf")
    assert 'id="ocr-note"' not in page
    assert 'data-k="co_issuers">青禾市医疗保障局<' in page


def test_a_marking_found_in_the_imprint_says_where(login, make_user):
    data = to_pdf(_notice("", L("抄送：市人民政府办公室。"), L("公开方式：依申请公开"),
                          L("东山市卫生健康委员会办公室          2024年6月18日印发")))
    page = _upload(login(make_user(Role.DRAFTER)), data, "imprint.pdf")
    assert "公开方式：依申请公开（位于版记）" in page


def test_an_unclassified_marking_is_shown_and_left_to_the_reviewer(login, make_user):
    page = _upload(login(make_user(Role.DRAFTER)), to_pdf(_notice("（此件不主动公开）")), "neg.pdf")
    assert "（此件不主动公开）" in page and "无法确定对应的公开属性，请审核人判断" in page


@pytest.mark.usefixtures("tesseract_installed")
def test_a_scan_says_its_fields_came_from_ocr(login, make_user):
    page = _upload(login(make_user(Role.DRAFTER)), scan(to_pdf(_notice("（此件主动公开）")), seed=3), "scan.pdf")
    assert 'id="ocr-note"' in page and "文字识别（OCR）" in page
    assert "东卫发〔2024〕21号" in page
