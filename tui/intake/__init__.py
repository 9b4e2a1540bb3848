"""Bringing a corpus in: saved web pages, tables and datasets, text in any common encoding, URLs.

Each module reads one kind of source into ``Incoming`` articles (text plus metadata);
``run`` decides for each one whether it is new, already there or the same story as
another, and writes the new ones into ``corpus/``.  Nothing here prints: the command line
shows what ``run`` reports.
"""
