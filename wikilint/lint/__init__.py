"""Lint: the rule API, the engine (one walk, node dispatch), the pipeline
(parse -> rules -> suppressions), fixes, baselines and rule selection.

Imports only from :mod:`wikilint.syntax` and :mod:`wikilint.analysis`.
"""
