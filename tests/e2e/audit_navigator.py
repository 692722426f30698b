"""The auditor's steps in the browser (a navigator beside tests/e2e/navigator.py)."""
from __future__ import annotations

from tests.e2e.navigator import Staff


class Auditor(Staff):
    def open_audit(self, year: int, section: str | None = None) -> None:
        self.page.locator("#nav-audit").click()
        self.page.wait_for_load_state()
        form = self.page.locator("#audit-scope")
        form.get_by_label("年度").select_option(label=f"{year}年")
        form.get_by_label("科室").select_option(label=section or "全部科室")
        form.get_by_role("button", name="查看").click()
        self.page.wait_for_load_state()

    def chart_drawn(self, chart_id: str) -> bool:
        """The SVG image loaded and has a size (drawn by the browser, no script involved)."""
        return self.page.locator(f"#{chart_id}").evaluate("img => img.complete && img.naturalWidth > 0")

    def table(self, table_id: str) -> list[list[str]]:
        rows = self.page.locator(f"#{table_id} tr")
        return [rows.nth(i).locator("th, td").all_inner_texts() for i in range(rows.count())]

    def download_xlsx(self):
        with self.page.expect_download() as info:
            self.page.locator("#export-link").click()
        return info.value
