"""Interchange: annotations out to the tools people train and analyse with, and in from the
tools they annotated with.

Every format is one module (``jsonl``, ``csvfile``, ``w3c``, ``brat``, ``spacy_docbin``,
``xmi``) that only translates between its own shape and the records of ``model``.  The
rules that must hold for every format live in the shared modules, once:

- ``selection``: which articles and annotations an export takes (and which it cannot:
  an annotation whose quote no longer matches the text is reported, never exported with
  offsets that select something else);
- ``model``: the records, and the one conversion of a foreign text (BOM, ``\\r\\n``) into
  *the article text* with its offsets moved along;
- ``tagset``: the tag set and ``--map LABEL=TAG``;
- ``merge``: how an import lands in the workspace: articles into ``corpus/`` (a clash of
  names with a different text is refused), annotations only through
  ``AnnotationStore.update`` (lock, re-read, merge, atomic write), nothing overwritten
  and nothing duplicated;
- ``commands``: the ``export`` and ``import`` command-line commands.

Offsets in Glossator's files are Python code points into the article text.  Formats that
count otherwise (UTF-16 code units in UIMA XMI) convert at their border, and every span
read from outside is checked against the text before it is taken.
"""
