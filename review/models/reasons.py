"""不公开理由: the legal reasons for a restricted attribute (DESIGN §5). Seeded; editable by admin."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..enums import Attribute
from ..extensions import db


class ReasonCode(db.Model):
    code: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    label: Mapped[str] = mapped_column(sa.String(100))
    #: Attribute values this reason may justify, e.g. ["non_disclosable", "on_request"].
    fits: Mapped[list[str]] = mapped_column(sa.JSON)
    #: Legal basis, e.g. 条例 第16条第2款.
    basis: Mapped[str] = mapped_column(sa.String(100))
    #: Default interval until the periodic re-review (DESIGN §6).
    review_months: Mapped[int] = mapped_column(default=12)
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    def fits_attribute(self, attribute: Attribute) -> bool:
        return attribute.value in self.fits
