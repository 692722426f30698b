"""The audit page's charts as server-side SVG drawn by pygal: no JavaScript to display them, they
print, and CJK labels stay plain <text> in the browser's own fonts. Pure: figures in, bytes out."""
from __future__ import annotations

import re

import pygal
from pygal.style import Style

from .reports import Counts, ReasonRow, RereviewFigures, SectionRow

FONTS = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", sans-serif'
STYLE = Style(font_family=FONTS, label_font_family=FONTS, major_label_font_family=FONTS,
              value_font_family=FONTS, value_label_font_family=FONTS, tooltip_font_family=FONTS,
              title_font_family=FONTS, legend_font_family=FONTS, no_data_font_family=FONTS,
              background="white", plot_background="white", title_font_size=18, label_font_size=13,
              major_label_font_size=13, legend_font_size=13, value_font_size=12, no_data_font_size=20,
              colors=("#9aa5b1", "#c0392b", "#2e86c1", "#27ae60", "#8e44ad", "#d68910", "#17a589", "#7f8c8d"))
#: pygal embeds a config <script> for its tooltips; a chart shown as an image needs none, and the
#: Content-Security-Policy forbids inline script anyway.
_SCRIPT = re.compile(rb"<script\b.*?</script>", re.S)


def _config(**extra):
    return {"style": STYLE, "js": [], "width": 800, "height": 400, "no_data_text": "暂无数据", "print_values": True,
            "print_zeroes": True, **extra}


def render(chart) -> bytes:
    return _SCRIPT.sub(b"", chart.render())


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def share_by_year(trend: dict[int, Counts]) -> bytes:
    chart = pygal.Bar(**_config(title="限制公开（依申请公开、不予公开）占比·逐年（%）", show_legend=False,
                                value_formatter=lambda v: f"{v}%", range=(0, 100)))
    chart.x_labels = [f"{y}年" for y in trend]
    chart.add("限制公开占比", [_percent(c.restricted_share) for c in trend.values()])
    return render(chart)


def share_by_section(rows: list[SectionRow], year: int) -> bytes:
    chart = pygal.Bar(**_config(title="各科室限制公开占比（%）", value_formatter=lambda v: f"{v}%",
                                range=(0, 100), legend_at_bottom=True, x_label_rotation=0))
    chart.x_labels = [r.name for r in rows]
    chart.add(f"{year - 1}年", [_percent(r.previous.restricted_share) for r in rows])
    chart.add(f"{year}年", [_percent(r.this.restricted_share) for r in rows])
    return render(chart)


def short(label: str) -> str:
    """A reason's name without its parenthetical examples: pygal sizes the margin for Latin widths,
    so long CJK labels would be cut off at the left edge."""
    head = label.split("（", 1)[0]
    return head or label


def reasons(rows: list[ReasonRow]) -> bytes:
    labels = [short(r.label) for r in rows]
    # pygal measures labels as Latin text (about half a CJK glyph each): widen the left margin by the rest.
    chart = pygal.HorizontalBar(**_config(title="仍限制公开文件的理由分布（件）", show_legend=False,
                                          height=max(300, 60 + 40 * len(rows)),
                                          margin_left=20 + 7 * max((len(x) for x in labels), default=0)))
    chart.x_labels = labels
    chart.add("件数", [r.count for r in rows])
    return render(chart)


def conversions(figures: RereviewFigures, labels: dict[str, str]) -> bytes:
    chart = pygal.Bar(**_config(title="本年转为主动公开（件）", show_legend=False))
    chart.x_labels = [labels.get(k, k) for k in figures.conversions]
    chart.add("件数", list(figures.conversions.values()))
    return render(chart)
