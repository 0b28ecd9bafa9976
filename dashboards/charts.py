"""The shape every dashboard chart takes: labelled categories, one or more series of counts, and for each
count the list page that shows exactly those rows. The page draws it with ECharts and prints it as a table
(the text alternative) from the same data."""

import datetime
from dataclasses import asdict, dataclass, field
from urllib.parse import urlencode

from django.urls import reverse


@dataclass
class Series:
    name: str
    values: list[int] = field(default_factory=list)
    urls: list[str | None] = field(default_factory=list)


@dataclass
class Chart:
    key: str
    title: str
    kind: str  # funnel | bar | stacked
    categories: list[str]
    series: list[Series]
    note: str = ""

    @property
    def rows(self) -> list[dict]:
        """Category by category, the cells of every series (for the table)."""
        return [
            {"label": label, "cells": [{"value": s.values[i], "url": s.urls[i]} for s in self.series]}
            for i, label in enumerate(self.categories)
        ]

    @property
    def total(self) -> int:
        return sum(sum(s.values) for s in self.series)

    def as_data(self) -> dict:
        return {
            "key": self.key,
            "kind": self.kind,
            "categories": self.categories,
            "series": [asdict(s) for s in self.series],
        }


def list_url(name: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse(name) + (f"?{query}" if query else "")


@dataclass(frozen=True)
class Scope:
    """What a dashboard shows, handed to each process's charts (its registration's ``dashboards``): the organisation
    picked (None: everything the person sees), the business day, and for the bureau's the school year and the
    communities within the organisation."""

    organisation: object | None
    today: datetime.date
    year: int | None = None
    communities: tuple = ()

    @property
    def org(self) -> int | None:
        """The organisation's id for the list links (None: no filter)."""
        return self.organisation.pk if self.organisation is not None else None
