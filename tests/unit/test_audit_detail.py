"""The 操作日志 reads in Chinese: stored details (JSON with enum values) become labelled lines."""
from __future__ import annotations

from review.actions import event_labels
from review.audit_detail import LABELS, describe


def lines(action, detail):
    return [(line.label, line.value) for line in describe(action, detail)]


def test_state_changes_read_as_before_and_after_in_chinese():
    detail = {"before": {"state": "signed"}, "after": {"state": "issued", "doc_number": "青卫发〔2026〕8号"},
              "version": 1}
    got = lines("document.issue", detail)
    assert got == [("状态", "已签发，待发文 → 已发文"), ("发文字号", "青卫发〔2026〕8号"), ("版本", "1")]


def test_enum_values_take_the_label_of_the_enum_their_action_means():
    assert lines("file.open", {"attribute": "non_disclosable", "how": "preview", "sha256": "a" * 64}) == [
        ("公开属性", "不予公开"), ("打开方式", "预览"), ("SHA-256", "a" * 16 + "…")]
    # "outcome" is a request's 答复 in a request event, a re-review's decision in a re-review event.
    assert lines("request.answer", {"after": {"outcome": "granted", "on_time": True}}) == [
        ("决定", "予以公开"), ("按期答复", "是")]
    assert lines("rereview.decide", {"outcome": "active"}) == [("决定", "调整为主动公开")]


def test_nothing_recorded_is_hidden():
    # An unknown key and an unknown value are shown as stored; empty values read "—".
    assert lines("x.y", {"new_key": "value", "findings": [], "note": None}) == [
        ("new_key", "value"), ("提示事项", "—"), ("说明", "—")]
    assert lines("document.declare", {"before": {"attribute": "bogus"}, "after": {}}) == [("公开属性", "bogus → —")]


def test_every_label_is_chinese_and_the_edit_permission_is_not_an_event():
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in label) or label == "SHA-256" for label in LABELS.values())
    labels = event_labels()
    assert "document.edit" not in labels and labels["document.add_version"] == "上传新版本"
