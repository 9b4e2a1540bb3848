"""A report's chart as a file for a paper (SVG or PNG), drawn by matplotlib (the ``charts`` extra).

The figure holds the time series (one line per tag) and, beside it, the most tagged texts
as bars; axis labels, a title and the query as a caption.  SVG keeps its text as text (so
it stays searchable and editable); a PNG carries the title and caption in its metadata too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tui.errors import GlossatorError
from tui.reports.charts import tags_with_texts, time_series, time_title, top_of
from tui.reports.views import Report
from tui.text.english import counted

if TYPE_CHECKING:
    from matplotlib.axes import Axes

FORMATS = (".svg", ".png")
#: Fonts tried in turn for each character, so Chinese texts are drawn where such a font is installed.
FONTS = [
    "DejaVu Sans",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "PingFang SC",
    "Microsoft YaHei",
]
INSTALL_HINT = "charts as files need matplotlib: pip install 'glossator[charts]'"


def caption(report: Report) -> str:
    query = report.query.strip() or "(every article)"
    return (
        f"Query: {query} · {counted(report.articles, 'article')}, {counted(report.annotations, 'annotation')}"
    )


def write_figure(report: Report, path: Path, title: str = "What the annotations say") -> None:
    """Write the chart to ``path`` (``.svg`` or ``.png``); ``GlossatorError`` without matplotlib."""
    if path.suffix.lower() not in FORMATS:
        raise GlossatorError(f"{path.name}: a chart file is .svg or .png")
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot
    except ImportError:
        raise GlossatorError(INSTALL_HINT) from None
    tags = tags_with_texts(report)
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "glossator", "font.family": FONTS}):
        figure, axes = pyplot.subplots(1, 1 + len(tags), figsize=(6 + 4 * len(tags), 4.5), squeeze=False)
        try:
            _time_axes(axes[0][0], report)
            for axis, tag in zip(axes[0][1:], tags, strict=True):
                texts, counts = top_of(report.table("top"), tag)
                axis.barh(texts[::-1], counts[::-1])
                axis.set_title(f"The most tagged {tag} texts")
                axis.set_xlabel("annotations")
            figure.suptitle(title)
            figure.text(0.5, 0.01, caption(report), ha="center", fontsize=9)
            figure.tight_layout(rect=(0, 0.05, 1, 0.95))
            metadata = {"Title": title, "Description": caption(report)}
            if path.suffix.lower() == ".svg":
                metadata["Date"] = None  # type: ignore[assignment]  # no date: the same report, the same file
            figure.savefig(path, metadata=metadata)
        finally:
            pyplot.close(figure)


def _time_axes(axis: Axes, report: Report) -> None:
    periods, series = time_series(report)
    for tag, values in series.items():
        axis.plot(periods, values, marker="o", label=tag)
    axis.set_title(time_title(report))
    axis.set_xlabel(report.options.by)
    axis.set_ylabel("annotations")
    axis.tick_params(axis="x", labelrotation=45)
    if axis.get_legend_handles_labels()[0]:
        axis.legend()
