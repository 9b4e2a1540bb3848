"""Annotation projects: a phrase tagged everywhere, suggestions from a lexicon, progress marks,
and every annotation of the corpus in one listing.

UI-free, so the command line (``commands``) and the app reuse the same plans and listings;
every change to a file goes through ``AnnotationStore``'s one write path.
"""
