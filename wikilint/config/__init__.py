"""Configuration: the model, loading and validation, discovery of config files.

Imports from the layers below it (syntax, analysis, lint, rules).
"""
