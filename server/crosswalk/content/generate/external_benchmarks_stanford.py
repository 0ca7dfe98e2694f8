"""Catalogs of two Stanford CRFM sources: the HELM schemas (safety, classic) and the Foundation Model Transparency
Index (v1.1, December 2025). Specs and shared helpers are in ``external_benchmarks``.

HELM: a schema's run groups ("scenario groups") are cw:Benchmark, its metrics cw:Metric and its metric groups
cw:Category; a run group is cw:partOf each run group that lists it among its subgroups, a metric cw:partOf each metric
group that lists it (so both may have several parents); cw:order is the position in the schema's own list. Local ids
are the schema names made IRI- and CURIE-safe (runs of other characters than letters, digits, "_", "." and "-"
become "-"; metrics get "metric-", metric groups "metric-group-", since names repeat across the three lists);
skos:notation is the name exactly as in the schema.

FMTI: 3 domains and their subdomains are cw:Category, indicators cw:Metric. Indicator names are titles, not
identifiers: local ids are slugs of the names and there is no notation.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph, Literal, URIRef

from crosswalk.content.frameworks import FrameworkVersionSpec
from crosswalk.content.generate.builder import CW, SKOS, CatalogBuilder, Locator, slug
from crosswalk.content.generate.external_benchmarks import (
    APACHE_2,
    CC_BY_4,
    FMTI_1_1,
    FMTI_2025,
    HELM_CLASSIC,
    HELM_SAFETY,
    expect,
)

# -- Stanford HELM ---------------------------------------------------------------------------------------------------
HELM_RELEASE = "crfm-helm 0.5.16"
HELM_PUBLISHER = "Stanford Center for Research on Foundation Models (CRFM)"
HELM_TODO_NOTE = "Marked todo in the HELM schema: a scenario HELM names but does not implement."


@dataclass(frozen=True)
class HelmEdition:
    spec: FrameworkVersionSpec
    schema_file: str
    title: str
    version_label: str
    counts: tuple[int, int, int]  # run groups, metrics, metric groups (PROVENANCE.md and helm-schema-summary.json)


HELM_EDITIONS = {
    "safety": HelmEdition(HELM_SAFETY, "schema_safety.yaml", "HELM Safety schema", "HELM Safety", (7, 31, 6)),
    "classic": HelmEdition(HELM_CLASSIC, "schema_classic.yaml", "HELM Classic schema", "HELM Classic", (128, 119, 29)),
}


def helm_local_id(name: str) -> str:
    """The schema name, IRI- and CURIE-safe: 'exact_match@5' -> 'exact_match-5'; 'mmlu' stays 'mmlu'."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")


def helm_ids(schema: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(list, name) -> local id for run groups, metrics and metric groups; fails if two would share an id."""
    ids = {("run_groups", g["name"]): helm_local_id(g["name"]) for g in schema["run_groups"]}
    ids |= {("metrics", m["name"]): "metric-" + helm_local_id(m["name"]) for m in schema["metrics"]}
    ids |= {("metric_groups", g["name"]): "metric-group-" + helm_local_id(g["name"]) for g in schema["metric_groups"]}
    expect(len(set(ids.values())) == len(ids), "HELM: two schema names map to the same local id")
    return ids


def helm_element(
    b: CatalogBuilder, kind: str, local_id: str, item: dict[str, Any], locator: Locator, order: int
) -> URIRef:
    description = item.get("description")
    node = b.element(
        kind,
        local_id,
        locator=locator,
        notation=item["name"],
        label=item.get("display_name"),
        statement=description.strip() if description else None,
        order=order,
    )
    short = item.get("short_display_name")
    if short and short != item.get("display_name"):
        b.text(node, SKOS.altLabel, short)
    return node


def build_helm(reference_dir: Path, edition: HelmEdition) -> Graph:
    path = reference_dir / edition.spec.reference_folder / "schemas" / edition.schema_file
    with path.open(encoding="utf-8") as handle:
        schema: dict[str, Any] = yaml.safe_load(handle)
    counts = (len(schema["run_groups"]), len(schema["metrics"]), len(schema["metric_groups"]))
    expect(counts == edition.counts, f"HELM {edition.schema_file}: expected {edition.counts}, found {counts}")
    ids = helm_ids(schema)
    document = f"{HELM_RELEASE} helm/benchmark/static/{edition.schema_file}"

    b = CatalogBuilder(edition.spec)
    b.framework(
        title="HELM (Holistic Evaluation of Language Models)",
        description="Stanford CRFM's open framework and leaderboards for the holistic, reproducible evaluation of "
        "foundation models: scenarios (run groups), metrics and metric groups, defined in one schema per leaderboard.",
        publisher=HELM_PUBLISHER,
    )
    runs, metrics, groups = edition.counts
    b.version(
        title=f"{edition.title} ({HELM_RELEASE})",
        version_label=f"{edition.version_label} ({HELM_RELEASE})",
        publisher=HELM_PUBLISHER,
        issued="2026-04-30",
        status="final",
        completeness="complete",
        license_iri=APACHE_2,
        attribution=f"Stanford CRFM, HELM (Holistic Evaluation of Language Models), {HELM_RELEASE}, "
        f"helm/benchmark/static/{edition.schema_file}; Apache License 2.0 ({APACHE_2}). "
        "Upstream repository: https://github.com/stanford-crfm/helm.",
        source="https://pypi.org/project/crfm-helm/0.5.16/",
        derived_from=[f"crfm_helm-0.5.16-py3-none-any.whl: helm/benchmark/static/{edition.schema_file}"],
        completeness_note=f"All {runs} run groups, {metrics} metrics and {groups} metric groups of the schema. Its "
        "perturbations, adapter fields, run-group taxonomies and environments, and the links from run groups to "
        "the metric groups they report are not cataloged.",
        description=f"The {edition.version_label} leaderboard's schema as shipped in {HELM_RELEASE}. HELM's "
        "schemas are parallel leaderboards, not successive editions: each is the latest of its kind. Issued: the "
        "build date of the crfm-helm 0.5.16 wheel (its file timestamps); the schema carries no date of its own.",
    )

    group_nodes: dict[str, URIRef] = {}
    for order, group in enumerate(schema["metric_groups"], start=1):
        local_id = ids["metric_groups", group["name"]]
        group_nodes[group["name"]] = helm_element(
            b, "Category", local_id, group, Locator(document, section="metric_groups"), order
        )
    metric_parents: dict[str, list[str]] = defaultdict(list)
    for group in schema["metric_groups"]:
        for entry in group["metrics"]:  # skips '${main_name}' and names the schema does not define
            if ("metrics", entry["name"]) in ids and group["name"] not in metric_parents[entry["name"]]:
                metric_parents[entry["name"]].append(group["name"])
    for order, metric in enumerate(schema["metrics"], start=1):
        node = helm_element(
            b, "Metric", ids["metrics", metric["name"]], metric, Locator(document, section="metrics"), order
        )
        for group_name in metric_parents[metric["name"]]:
            b.add(node, CW.partOf, group_nodes[group_name])

    run_parents: dict[str, list[str]] = defaultdict(list)
    for run_group in schema["run_groups"]:
        for child in run_group.get("subgroups") or []:
            expect(("run_groups", child) in ids, f"HELM: unknown subgroup {child}")
            run_parents[child].append(run_group["name"])
    for order, run_group in enumerate(schema["run_groups"], start=1):
        local_id = ids["run_groups", run_group["name"]]
        node = helm_element(b, "Benchmark", local_id, run_group, Locator(document, section="run_groups"), order)
        for parent in run_parents[run_group["name"]]:
            b.add(node, CW.partOf, b.iri(ids["run_groups", parent]))
        if run_group.get("todo"):
            b.text(node, SKOS.editorialNote, HELM_TODO_NOTE)
    return b.finish()


def build_helm_safety(reference_dir: Path) -> Graph:
    return build_helm(reference_dir, HELM_EDITIONS["safety"])


def build_helm_classic(reference_dir: Path) -> Graph:
    return build_helm(reference_dir, HELM_EDITIONS["classic"])


# -- Foundation Model Transparency Index -----------------------------------------------------------------------------
FMTI_COMMIT = "f4500c5f4763966fddf71c468a148533a1236290"
FMTI_REPO = f"https://github.com/stanford-crfm/fmti/blob/{FMTI_COMMIT}"
FMTI_PUBLISHER = "Stanford Center for Research on Foundation Models (CRFM)"
FMTI_CREDIT = (
    "The Foundation Model Transparency Index, compiled by researchers at Stanford's Institute for Human-Centered AI, "
    "Princeton's Center for IT Policy and MIT Media Lab"
)


@dataclass(frozen=True)
class FmtiEdition:
    spec: FrameworkVersionSpec
    indicators_file: str  # in the reference folder
    scores_file: str
    upstream_indicators: str  # path in stanford-crfm/fmti
    upstream_scores: str
    subdomains: int


FMTI_EDITIONS = {
    "1.1": FmtiEdition(
        FMTI_1_1,
        "fmti-indicators-v1.0-v1.1.csv",
        "fmti-2024-v1.1-scores.csv",
        "fmti-indicators.csv",
        "May2024/May2024_scores.csv",
        23,
    ),
    # The CSV has 20 distinct subdomain strings, but "Accountability " (trailing space, 2 indicators) and
    # "Accountability" (1 indicator) are one subdomain: 19 after trimming.
    "2025": FmtiEdition(
        FMTI_2025,
        "fmti-2025-indicators.csv",
        "fmti-2025-scores.csv",
        "Dec2025/Dec2025_indicators.csv",
        "Dec2025/Dec2025_scores.csv",
        19,
    ),
}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def fmti_hierarchy(rows: list[dict[str, str]]) -> dict[str, dict[str, list[dict[str, str]]]]:
    """domain -> subdomain -> indicator rows, in the file's order, names trimmed."""
    tree: dict[str, dict[str, list[dict[str, str]]]] = {}
    for row in rows:
        tree.setdefault(row["Domain"].strip(), {}).setdefault(row["Subdomain"].strip(), []).append(row)
    return tree


def fmti_reference(title: str, link: str) -> str | None:
    """One of the v1.x references as "Title [URL](link)", the project's cw:reference style."""
    title, link = title.strip(), link.strip()
    if title and link:
        return f"{title} [URL]({link})"
    return title or link or None


def build_fmti(reference_dir: Path, edition: FmtiEdition) -> Graph:
    folder = reference_dir / edition.spec.reference_folder
    rows = read_csv(folder / edition.indicators_file)
    score_names = [row["Indicator"].strip() for row in read_csv(folder / edition.scores_file)]
    score_names = [name for name in score_names if name != "Total"]
    tree = fmti_hierarchy(rows)
    subdomain_count = sum(len(subs) for subs in tree.values())
    expect(len(rows) == 100 == len(score_names), f"FMTI {edition.spec.version}: expected 100 indicators")
    expect(len(tree) == 3 and subdomain_count == edition.subdomains, f"FMTI {edition.spec.version}: hierarchy")
    scores_name_of = {row["Indicator"].strip(): name for row, name in zip(rows, score_names, strict=True)}
    document = f"stanford-crfm/fmti {edition.upstream_indicators} (@ {FMTI_COMMIT[:8]})"
    latest = edition.spec is FMTI_2025

    b = CatalogBuilder(edition.spec)
    b.framework(
        title="Foundation Model Transparency Index (FMTI)",
        description="A composite index of the transparency of foundation model developers: 100 indicators over "
        "upstream resources, the model itself and its downstream use, scored for each developer.",
        publisher=FMTI_PUBLISHER,
    )
    derived = [f"{FMTI_REPO}/{edition.upstream_indicators}", f"{FMTI_REPO}/{edition.upstream_scores}"]
    note = (
        f"All 100 indicators in {subdomain_count} subdomains and 3 domains, with definitions, notes"
        + (" and references" if not latest else " and example disclosures")
        + ". Developer scores and transparency reports are not cataloged."
    )
    if latest:
        b.version(
            title="The Foundation Model Transparency Index, December 2025",
            version_label="December 2025",
            publisher=FMTI_PUBLISHER,
            issued="2025-12-09",
            status="final",
            completeness="complete",
            license_iri=CC_BY_4,
            attribution=f"{FMTI_CREDIT}, December 2025. Indicators from stanford-crfm/fmti "
            f"{edition.upstream_indicators} (@ {FMTI_COMMIT[:8]}), licensed CC BY 4.0 ({CC_BY_4}).",
            source=f"https://github.com/stanford-crfm/fmti/tree/{FMTI_COMMIT}/Dec2025",
            derived_from=derived,
            latest=True,
            completeness_note=note,
            description="Issued: the date of the stanford-crfm/fmti commit that publishes the December 2025 index "
            "(9 December 2025). The indicator file spells one subdomain two ways ('Accountability ' with a trailing "
            "space and 'Accountability'): they are one subdomain here, so 19 subdomains, not 20 distinct strings.",
        )
        b.add(URIRef(edition.spec.iri), CW.previousVersion, URIRef(FMTI_1_1.iri))
    else:
        b.version(
            title="The Foundation Model Transparency Index v1.1 (May 2024)",
            version_label="v1.1 (May 2024)",
            publisher=FMTI_PUBLISHER,
            issued="2024-07-17",
            status="superseded",
            completeness="complete",
            license_iri=CC_BY_4,
            attribution=f"{FMTI_CREDIT}: Bommasani, Klyman, Kapoor, Longpre, Xiong, Maslej, Liang, The Foundation "
            f"Model Transparency Index v1.1, May 2024. Indicators from stanford-crfm/fmti "
            f"{edition.upstream_indicators} (@ {FMTI_COMMIT[:8]}), licensed CC BY 4.0 ({CC_BY_4}).",
            source="https://doi.org/10.48550/arXiv.2407.12929",
            derived_from=derived,
            latest=False,
            completeness_note=note,
            description="The indicators of fmti-indicators.csv, shared by v1.0 (October 2023) and v1.1. Issued: the "
            "date the v1.1 paper (arXiv:2407.12929) was posted, 17 July 2024; the index was launched in May 2024. "
            "Where the May 2024 scores sheet names an indicator differently (8 indicators), that name is a "
            "skos:altLabel.",
        )

    subdomain_ids: set[str] = set()
    for domain_order, (domain, subdomains) in enumerate(tree.items(), start=1):
        domain_node = b.element(
            "Category", f"domain-{slug(domain)}", locator=Locator(document), label=domain, order=domain_order
        )
        for sub_order, (subdomain, indicators) in enumerate(subdomains.items(), start=1):
            sub_id = f"subdomain-{slug(subdomain)}"
            expect(sub_id not in subdomain_ids, f"FMTI: subdomain {subdomain} appears under two domains")
            subdomain_ids.add(sub_id)
            sub_node = b.element(
                "Category", sub_id, locator=Locator(document), label=subdomain, parent=domain_node, order=sub_order
            )
            for order, row in enumerate(indicators, start=1):
                name = row["Indicator"].strip()
                node = b.element(
                    "Metric",
                    slug(name),
                    locator=Locator(document),
                    label=name,
                    statement=row["Definition"].strip(),
                    parent=sub_node,
                    order=order,
                )
                if row["Notes"].strip():
                    b.text(node, CW.description, row["Notes"].strip())
                if row.get("Example disclosure", "").strip():
                    b.text(node, SKOS.example, row["Example disclosure"].strip())
                for n in ("1", "2"):
                    reference = fmti_reference(row.get(f"Reference_{n}", ""), row.get(f"Link_{n}", ""))
                    if reference:
                        b.add(node, CW.reference, Literal(reference))
                if scores_name_of[name] != name:
                    b.text(node, SKOS.altLabel, scores_name_of[name])
    expect(len({slug(row["Indicator"]) for row in rows}) == 100, "FMTI: two indicators share a slug")
    return b.finish()


def build_fmti_1_1(reference_dir: Path) -> Graph:
    return build_fmti(reference_dir, FMTI_EDITIONS["1.1"])


def build_fmti_2025(reference_dir: Path) -> Graph:
    return build_fmti(reference_dir, FMTI_EDITIONS["2025"])


__all__ = [
    "FMTI_EDITIONS",
    "HELM_EDITIONS",
    "build_fmti",
    "build_fmti_1_1",
    "build_fmti_2025",
    "build_helm",
    "build_helm_classic",
    "build_helm_safety",
    "fmti_hierarchy",
    "helm_local_id",
]
