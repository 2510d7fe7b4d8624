"""A parsed HTML report, for tests: its ids, links, tags, attributes and tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Table:
    section: str
    """The id of the ``h2`` the table is under."""
    head: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    row_ids: list[str] = field(default_factory=list)


class Doc(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.tables: list[Table] = []
        self.figures: dict[str, dict[str, int]] = {}
        """figure id -> tag -> how many inside it."""
        self._section = ""
        self._table: Table | None = None
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._in_head = False
        self._figure: str | None = None
        self._h2 = False
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        a = dict(attrs)
        self.attributes.update(a)
        if a.get("id"):
            self.ids.append(a["id"] or "")
        if a.get("href") is not None:
            self.hrefs.append(a["href"] or "")
        if tag == "h2":
            self._section = a.get("id") or ""
        if tag == "figure" and a.get("id"):
            self._figure = a["id"]
        if self._figure is not None:
            counts = self.figures.setdefault(self._figure, {})
            counts[tag] = counts.get(tag, 0) + 1
        if tag == "table":
            self._table = Table(self._section)
        elif tag == "thead":
            self._in_head = True
        elif tag == "tbody":
            self._in_head = False
        elif tag == "tr" and self._table is not None:
            self._row = []
            if not self._in_head:
                self._table.row_ids.append(a.get("id") or "")
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure":
            self._figure = None
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            (self._table.head.extend(self._row) if self._in_head
             else self._table.rows.append(self._row))
            self._row = None
        elif tag == "table" and self._table is not None:
            self.tables.append(self._table)
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def table(self, section: str, first_header: str) -> Table:
        """The table under ``section`` whose first column is ``first_header``."""
        found = [t for t in self.tables if t.section == section and t.head[:1] == [first_header]]
        assert found, f"no table {first_header!r} under #{section}"
        return found[0]
