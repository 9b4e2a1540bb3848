"""Reports: what the annotations of a query's articles say, counted (``glossator report``, the app's screen).

UI-free.  ``gather`` reads what the search index already holds of each article (date,
source, annotation listing), so a report over 15,000 articles parses no TOML and reads no
article text; ``views`` turns that into one ``Table`` per view; ``figures`` and ``charts``
draw them.
"""

from tui.reports.gather import Gathered, gather
from tui.reports.tables import Table
from tui.reports.views import PERIODS, Report, ReportOptions, make_report

__all__ = ["PERIODS", "Gathered", "Report", "ReportOptions", "Table", "gather", "make_report"]
