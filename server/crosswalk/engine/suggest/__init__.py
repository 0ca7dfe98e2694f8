"""Mapping suggestions: ranked candidate targets with their reasons, and the curators' review of them."""

from crosswalk.engine.suggest.corpus import SuggestCorpus
from crosswalk.engine.suggest.ranker import Reason, Suggester, Suggestion, Weights

__all__ = ["Reason", "SuggestCorpus", "Suggester", "Suggestion", "Weights"]
