"""Generators: the catalogs and official mapping sets, written from the reference data (``crosswalk generate``).

Catalog builders are named by the framework registry (content/frameworks.py); official mapping sets are built by
the functions in OFFICIAL_SETS. Adding a source adds a builder and a registry entry, nothing else.
"""
