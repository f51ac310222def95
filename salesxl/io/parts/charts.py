"""One chart description, two outputs: a native Excel chart and a PNG image.

A `ChartSpec` says what a chart shows (categories, series, where the numbers sit on the
sheet); `insert_native` adds it to an XlsxWriter worksheet as a real Excel chart whose series
point at those cells (with their values cached, so a viewer needs no recalculation), and
`write_png` draws the same chart with matplotlib for e-mail and slides.

matplotlib is optional: it is imported only by `write_png`, which says how to install it.
Korean labels need a CJK font; the first one found among common names (Noto Sans CJK,
Nanum Gothic, Malgun Gothic, Apple SD Gothic Neo...) is used, and without one the images
are still written (Hangul then shows as boxes) and `write_png` says so.

Example:
    >>> spec = ChartSpec("funnel", "bar", "Funnel", ["Lead", "Won"], first_row=3, cat_col=0,
    ...                  series=[Series("Reached", [40, 9], col=1)])
    >>> spec.last_row
    4
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from salesxl.core.errors import UsageError

CJK_FONTS = ("Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "NanumBarunGothic",
             "Malgun Gothic", "Apple SD Gothic Neo", "AppleGothic", "Noto Sans CJK JP",
             "Noto Serif CJK KR", "Source Han Sans KR", "UnDotum", "Baekmuk Gulim")
PALETTE = ("#1F4E78", "#5B9BD5", "#70AD47", "#FFC000", "#ED7D31", "#A5A5A5", "#7030A0",
           "#264478", "#9E480E", "#636363")


@dataclass
class Series:
    """One series: its name, its values, and the sheet column that holds them."""

    name: str
    values: list[float | None]
    col: int
    name_cell: tuple[int, int] | None = None  # the header cell holding the name, if any
    style: Literal["solid", "light"] = "solid"  # light: a paler, hatched fill (a forecast)
    color: str | None = None  # default: the palette's colour for the series' position


@dataclass
class ChartSpec:
    """What one chart shows and where its numbers are on the sheet.

    Attributes:
        key: a short name (the PNG file is ``<key>.png``).
        kind: ``bar`` (horizontal bars) or ``column``.
        title: the chart title.
        categories: the category labels, top to bottom as on the sheet.
        first_row: zero-based sheet row of the first category.
        cat_col: zero-based sheet column of the category labels.
        series: the series; each ``col`` holds its values on rows first_row..last_row.
        stacked: stack the series.
        percent: values are fractions shown as percentages.
        number_format: Excel number format of the value axis (``#,##0,,`` shows millions).
        anchor: zero-based (row, col) of the chart's top-left corner on the sheet.
        value_title: the value axis title (its unit, e.g. 백만원 or ₩M).
        scale: the value axis shows values divided by this (1e6 with ``#,##0,,``), for PNGs.
        line: a series drawn as a line over the bars (a target), on the same axis.
    """

    key: str
    kind: Literal["bar", "column"]
    title: str
    categories: list[str]
    first_row: int
    cat_col: int
    series: list[Series]
    stacked: bool = False
    percent: bool = False
    number_format: str = "#,##0"
    anchor: tuple[int, int] = (0, 0)
    size: tuple[int, int] = field(default=(520, 300))
    value_title: str = ""
    scale: float = 1.0
    line: Series | None = None

    @property
    def last_row(self) -> int:
        """Zero-based sheet row of the last category."""
        return self.first_row + len(self.categories) - 1


def insert_native(wb: Workbook, ws: Worksheet, sheet: str, spec: ChartSpec) -> None:
    """Add ``spec`` to ``ws`` as a native Excel chart over the sheet's cells.

    Args:
        wb: the XlsxWriter workbook.
        ws: the worksheet holding the numbers and receiving the chart.
        sheet: the worksheet's name (for the series references).
        spec: the chart.

    Example:
        >>> insert_native(wb, ws, "Summary", spec)  # doctest: +SKIP
    """
    options: dict[str, Any] = {"type": spec.kind}
    if spec.stacked:
        options["subtype"] = "stacked"
    chart = wb.add_chart(options)
    if chart is None:  # pragma: no cover - XlsxWriter returns None only for unknown types
        raise ValueError(f"XlsxWriter cannot make a {spec.kind!r} chart")
    for i, s in enumerate(spec.series):
        color = s.color or PALETTE[i % len(PALETTE)]
        series: dict[str, Any] = {
            "categories": [sheet, spec.first_row, spec.cat_col, spec.last_row, spec.cat_col],
            "values": [sheet, spec.first_row, s.col, spec.last_row, s.col],
            "gap": 60,
        }
        if s.style == "light":
            series["pattern"] = {"pattern": "wide_upward_diagonal", "fg_color": color,
                                 "bg_color": "#FFFFFF"}
            series["border"] = {"color": color}
        else:
            series["fill"] = {"color": color}
        series["name"] = [sheet, *s.name_cell] if s.name_cell else s.name
        chart.add_series(series)
    if spec.line is not None:
        line = wb.add_chart({"type": "line"})
        assert line is not None
        ln = spec.line
        line.add_series({
            "categories": [sheet, spec.first_row, spec.cat_col, spec.last_row, spec.cat_col],
            "values": [sheet, spec.first_row, ln.col, spec.last_row, ln.col],
            "name": [sheet, *ln.name_cell] if ln.name_cell else ln.name,
            "line": {"color": ln.color or "#C00000", "width": 2.25, "dash_type": "dash"},
            "marker": {"type": "none"},
        })
        chart.combine(line)
    chart.set_title({"name": spec.title, "name_font": {"size": 12, "bold": True}})
    value_axis: dict[str, Any] = {
        "num_format": "0%" if spec.percent else spec.number_format,
        "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}}
    if spec.value_title:
        value_axis["name"] = spec.value_title
        value_axis["name_font"] = {"size": 9, "bold": False}
    if spec.kind == "bar":
        chart.set_x_axis(value_axis)
        chart.set_y_axis({"reverse": True})  # first category on top, as on the sheet
    else:
        chart.set_y_axis(value_axis)
    several = len(spec.series) + (spec.line is not None) > 1
    chart.set_legend({"position": "bottom"} if several else {"none": True})
    chart.set_size({"width": spec.size[0], "height": spec.size[1]})
    ws.insert_chart(spec.anchor[0], spec.anchor[1], chart, {"object_position": 1})


def find_cjk_font() -> str | None:
    """The name of an installed font with Hangul glyphs, or None."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def _has_hangul(spec: ChartSpec) -> bool:
    texts = [spec.title, *spec.categories, *(s.name for s in spec.series)]
    return any("가" <= ch <= "힣" or "ㄱ" <= ch <= "ㆎ" for t in texts for ch in t)


def write_png(spec: ChartSpec, folder: str | Path, *, dpi: int = 120) -> tuple[Path, str | None]:
    """Draw ``spec`` as ``<folder>/<key>.png`` with matplotlib (Agg backend).

    Returns:
        The image path and a note when Korean labels had no CJK font to draw with.

    Raises:
        UsageError: matplotlib is not installed (the message says how to install it).

    Example:
        >>> write_png(spec, "charts")  # doctest: +SKIP
        (PosixPath('charts/funnel.png'), None)
    """
    try:
        import matplotlib

        matplotlib.use("Agg", force=True)
        import matplotlib.pyplot as plt
        from matplotlib.ticker import FuncFormatter, PercentFormatter
    except ImportError:
        raise UsageError("--png needs matplotlib: pip install matplotlib (or pip install "
                         "'salesxl[png]')") from None
    note = None
    font = find_cjk_font()
    family = [font, "DejaVu Sans"] if font else ["DejaVu Sans"]
    if font is None and _has_hangul(spec):
        note = ("no Korean font found for the PNG charts (Hangul shows as boxes): install "
                "one, e.g. apt-get install fonts-noto-cjk")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{spec.key}.png"
    with plt.rc_context({"font.family": family, "axes.unicode_minus": False}), \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")  # missing-glyph warnings: reported once as `note`
        fig, ax = plt.subplots(figsize=(spec.size[0] / 80, spec.size[1] / 80), dpi=dpi)
        try:
            _draw(ax, spec)
            scale = spec.scale or 1.0
            fmt = PercentFormatter(1.0) if spec.percent else FuncFormatter(
                lambda v, _pos: f"{v / scale:,.0f}")
            (ax.xaxis if spec.kind == "bar" else ax.yaxis).set_major_formatter(fmt)
            if spec.value_title:
                (ax.set_xlabel if spec.kind == "bar" else ax.set_ylabel)(spec.value_title,
                                                                         fontsize=8)
            ax.set_title(spec.title, fontsize=12, fontweight="bold")
            n_legend = len(spec.series) + (spec.line is not None)
            if n_legend > 1:
                handles, names = ax.get_legend_handles_labels()
                if spec.line is not None:  # the bars in their order, then the target line
                    target = spec.line.name
                    order = sorted(range(len(names)), key=lambda i: names[i] == target)
                    handles, names = [handles[i] for i in order], [names[i] for i in order]
                ax.legend(handles, names, loc="upper center", bbox_to_anchor=(0.5, -0.12),
                          ncol=min(n_legend, 4), frameon=False, fontsize=8)
            fig.tight_layout()
            fig.savefig(path, dpi=dpi)
        finally:
            plt.close(fig)
    return path, note


def _draw(ax: Any, spec: ChartSpec) -> None:
    n = len(spec.categories)
    positions = list(range(n))
    width = 0.8 / (1 if spec.stacked else max(len(spec.series), 1))
    base = [0.0] * n
    for i, s in enumerate(spec.series):
        vals = [0.0 if v is None or v != v else float(v) for v in s.values]
        color = s.color or PALETTE[i % len(PALETTE)]
        look: dict[str, Any] = {"color": color} if s.style == "solid" else {
            "color": "#FFFFFF", "edgecolor": color, "hatch": "///"}
        pos = [p + (0.0 if spec.stacked else width * (i + 0.5) - 0.4) for p in positions]
        if spec.kind == "bar":
            ax.barh(pos, vals, height=width, left=base if spec.stacked else None,
                    label=s.name, **look)
        else:
            ax.bar(pos, vals, width=width, bottom=base if spec.stacked else None,
                   label=s.name, **look)
        if spec.stacked:
            base = [b + v for b, v in zip(base, vals, strict=True)]
    if spec.line is not None:
        ys = [float("nan") if v is None or v != v else float(v) for v in spec.line.values]
        ax.plot(positions, ys, color=spec.line.color or "#C00000", linestyle="--",
                linewidth=2, label=spec.line.name)
    if spec.kind == "bar":
        ax.set_yticks(positions, spec.categories, fontsize=8)
        ax.invert_yaxis()
        ax.grid(axis="x", color="#D9D9D9")
    else:
        ax.set_xticks(positions, spec.categories, fontsize=8, rotation=30 if n > 6 else 0,
                      ha="right" if n > 6 else "center")
        ax.grid(axis="y", color="#D9D9D9")
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
