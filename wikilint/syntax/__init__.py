"""Syntax: wikitext (and rendered pages) to a lossless tree.

Imports nothing from the rest of wikilint.  ``parser.parse`` is the entry;
``nodes`` holds every node class; ``vocabulary`` and ``dialects`` the facts
about markup and files.
"""
