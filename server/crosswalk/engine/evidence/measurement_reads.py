"""Reads for marginal risk: an organization's thresholds (so a profile kept by a later import keeps its bands: a
CSV has no organization block) and its benchmark results with their baselines."""

from __future__ import annotations

from pyoxigraph import NamedNode

from crosswalk.content import queries
from crosswalk.content.vocabulary import vocabulary
from crosswalk.engine.evidence.measurement import Threshold
from crosswalk.engine.evidence.model import check_org_id, org_graph
from crosswalk.store.base import GraphStore, text_of, values_of


def read_thresholds(store: GraphStore, org: str) -> list[Threshold]:
    notation_of = vocabulary().notation_of  # band concept IRI -> notation (no join on the whole store's notations)
    rows = store.select(queries.text("api/org-thresholds"), {"graph": [NamedNode(org_graph(check_org_id(org)))]})
    return [
        Threshold(
            risk=text_of(r, "risk") or "",
            band=notation_of(text_of(r, "band") or ""),
            lower=text_of(r, "lower"),
            upper=text_of(r, "upper"),
            metric=text_of(r, "metric"),
            resolved_risk=text_of(r, "risk"),
        )
        for r in rows
    ]


def benchmark_rows(store: GraphStore, org: str) -> list[dict[str, str]]:
    """The organization's benchmark results with their baselines (api/org-benchmark-results), as plain strings."""
    graph = {"graph": [NamedNode(org_graph(check_org_id(org)))]}
    notation_of = vocabulary().notation_of
    rows = []
    for row in store.select(queries.text("api/org-benchmark-results"), graph):
        values = values_of(row)
        for name in ("direction", "scale", "baselineKind"):  # concept IRIs -> notations
            if name in values:
                values[name] = notation_of(values[name])
        rows.append(values)
    return rows
