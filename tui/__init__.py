"""Glossator: a terminal reader and annotator for news corpora.

The modules directly in this package are the UI-free core; ``tui.app`` is the Textual layer.
"""

__version__ = "0.1.0"
