"""Generators that write the project's catalogs from the reference data (a path given to them)."""
