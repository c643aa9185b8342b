"""Analysis: the detectors rules share (prose, sentences, quotes, sections, citations, dates).

Imports only from :mod:`wikilint.syntax`.
"""
