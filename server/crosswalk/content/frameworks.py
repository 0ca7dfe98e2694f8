"""Registry of the framework versions the project catalogs, with every fact the engine needs about them.

A catalog is a Turtle file in ontology/catalogs/, written by a generator module from the reference data
(``crosswalk generate``) and committed: the committed file is the source of truth. Looked up, never switched on:
adding a framework touches this registry and its catalog, never the engine.
"""

from __future__ import annotations

from dataclasses import dataclass

from crosswalk.content import namespaces as ns


@dataclass(frozen=True)
class FrameworkVersionSpec:
    framework: str  # slug of the document family, e.g. "ai-rmf"
    version: str  # slug of the edition, e.g. "1.0"
    prefix: str  # CURIE prefix of its elements in SSSOM files and SPARQL
    generator: str  # "module:function", a ``function(reference_dir: Path) -> rdflib.Graph``
    reference_folder: str  # folder of ../shared/reference it is generated from
    # The unit of assessment for coverage (element classes); empty: every element of the version is assessed.
    assessed_kinds: tuple[str, ...] = ()
    # A partial version (only what public sources quote) is never what a bare framework id means.
    complete: bool = True
    # How a coverage summary groups its units: by their "parent" or "grandparent" (the AI RMF's functions).
    summary_level: str = "parent"
    # Declared by the store (an imported OSCAL catalog), not generated: its catalog graph is under graph/imported/.
    imported: bool = False

    @property
    def key(self) -> str:
        return f"{self.framework}/{self.version}"

    @property
    def catalog_file(self) -> str:
        return f"{self.framework}-{self.version}.ttl"

    @property
    def iri(self) -> str:
        return ns.version_iri(self.framework, self.version)

    @property
    def framework_iri(self) -> str:
        return ns.framework_iri(self.framework)

    @property
    def graph(self) -> str:
        if self.imported:
            return ns.imported_catalog_graph(self.framework, self.version)
        return ns.catalog_graph(self.framework, self.version)

    @property
    def element_base(self) -> str:
        return ns.element_iri(self.framework, self.version, "")


_GEN = "crosswalk.content.generate."

FRAMEWORK_VERSIONS: dict[str, FrameworkVersionSpec] = {
    spec.key: spec
    for spec in (
        FrameworkVersionSpec(
            "ai-rmf", "1.0", "airmf", _GEN + "ai_rmf:build", "nist-ai-rmf-1.0",
            assessed_kinds=("Subcategory",), summary_level="grandparent",
        ),
        FrameworkVersionSpec(
            "ai-600-1", "2024-07", "ai600", _GEN + "ai_600_1:build", "nist-ai-600-1",
            assessed_kinds=("SuggestedAction",),
        ),
        FrameworkVersionSpec(
            "sp-800-218a", "2024-07", "ssdfai", _GEN + "sp_800_218a:build", "nist-sp-800-218a",
            assessed_kinds=("Task",),
        ),
        FrameworkVersionSpec(
            "ai-800-1", "ipd", "ai8001ipd", _GEN + "ai_800_1:build_ipd", "nist-ai-800-1", assessed_kinds=("Practice",)
        ),
        FrameworkVersionSpec(
            "ai-800-1", "2pd", "ai8001v2", _GEN + "ai_800_1:build_2pd", "nist-ai-800-1",
            assessed_kinds=("Practice",), complete=False,
        ),
        # External references (issue 4): benchmarks, threat taxonomies and the ISO/IEC 42001 identifiers.
        FrameworkVersionSpec(
            "owasp-llm-top10", "2025", "owasp2025", _GEN + "owasp_llm:build_2025", "owasp-llm-top10",
            assessed_kinds=("Risk",),
        ),
        FrameworkVersionSpec(
            "owasp-llm-top10", "1.1", "owasp11", _GEN + "owasp_llm:build_1_1", "owasp-llm-top10",
            assessed_kinds=("Risk",),
        ),
        FrameworkVersionSpec(
            "mitre-atlas", "5.6.0", "atlas", _GEN + "mitre_atlas:build", "mitre-atlas",
            assessed_kinds=("Recommendation",),
        ),
        FrameworkVersionSpec("iso-iec-42001", "2023", "iso42001", _GEN + "iso_42001:build", "nist-ai-rmf-crosswalks"),
        FrameworkVersionSpec(
            "mlcommons-ailuminate", "1.0", "ailuminate", _GEN + "external_benchmarks:build_ailuminate",
            "mlcommons-ailuminate",
        ),
        FrameworkVersionSpec("ibm-attaq", "1.0", "attaq", _GEN + "external_benchmarks:build_attaq", "ibm-attaq"),
        FrameworkVersionSpec(
            "stanford-helm", "safety", "helmsafety", _GEN + "external_benchmarks_stanford:build_helm_safety",
            "stanford-helm",
        ),
        FrameworkVersionSpec(
            "stanford-helm", "classic", "helmclassic", _GEN + "external_benchmarks_stanford:build_helm_classic",
            "stanford-helm",
        ),
        FrameworkVersionSpec(
            "stanford-fmti", "1.1", "fmti11", _GEN + "external_benchmarks_stanford:build_fmti_1_1", "stanford-fmti"
        ),
        FrameworkVersionSpec(
            "stanford-fmti", "2025", "fmti2025", _GEN + "external_benchmarks_stanford:build_fmti_2025",
            "stanford-fmti",
        ),
        FrameworkVersionSpec("ai-100-2", "e2025", "ai1002", _GEN + "ai_100_2:build", "nist-ai-100-2-e2025"),
        FrameworkVersionSpec(
            "owasp-agentic-top10", "2026", "asi2026", _GEN + "owasp_agentic:build", "owasp-agentic-top10",
            assessed_kinds=("Risk",),
        ),
        # NIST's OSCAL catalogs: CSF 2.0 and SP 800-53 Rev. 5 at Release 5.0.1.
        FrameworkVersionSpec(
            "csf", "2.0", "csf2", _GEN + "nist_csf_2:build", "nist-csf-2.0",
            assessed_kinds=("Subcategory",), summary_level="grandparent",
        ),
        FrameworkVersionSpec(
            "sp-800-53", "5.0.1", "sp80053", _GEN + "sp_800_53:build", "nist-sp-800-53r5",
            assessed_kinds=("Control", "ControlEnhancement"),
        ),
        # NIST AI 100-5 (July 2024): the plan, and its Appendix B lists of standards projects as their own framework.
        FrameworkVersionSpec("ai-100-5", "2024-07", "ai1005", _GEN + "ai_100_5:build", "nist-ai-100-5"),
        FrameworkVersionSpec(
            "ai-100-5-standards", "2024-07", "ai1005std", _GEN + "ai_100_5_standards:build", "nist-ai-100-5"
        ),
        FrameworkVersionSpec(
            "cosai-risk-map", "2026-06-10", "cosai", _GEN + "cosai_risk_map:build", "cosai-risk-map",
            assessed_kinds=("Control",),
        ),
    )
}  # fmt: skip


STATIC_VERSIONS = frozenset(FRAMEWORK_VERSIONS)


def register(spec: FrameworkVersionSpec) -> None:
    """Add (or refresh) a version the store declares: an imported catalog. A generated version is never replaced."""
    if spec.key in STATIC_VERSIONS:
        raise ValueError(f"{spec.key} is a generated catalog of the project; an import gets its own version id")
    clash = next((s for s in FRAMEWORK_VERSIONS.values() if s.prefix == spec.prefix and s.key != spec.key), None)
    if clash is not None:
        raise ValueError(f"the CURIE prefix {spec.prefix!r} is already {clash.key}'s")
    FRAMEWORK_VERSIONS[spec.key] = spec


def generated_versions() -> list[FrameworkVersionSpec]:
    """The project's own versions (a catalog file each), never those a store declares."""
    return [spec for spec in FRAMEWORK_VERSIONS.values() if not spec.imported]


def unregister_missing(keys: set[str]) -> None:
    """Forget imported versions the store no longer declares (another store was opened, or one was replaced)."""
    for key in [k for k, spec in FRAMEWORK_VERSIONS.items() if spec.imported and k not in keys]:
        del FRAMEWORK_VERSIONS[key]


class UnknownVersion(LookupError):
    """A framework or version id that is not registered; the message lists the known ones."""


def default_version(framework: str) -> FrameworkVersionSpec:
    """What a bare framework id means: its latest complete version (the last registered one that is complete)."""
    versions = [spec for spec in FRAMEWORK_VERSIONS.values() if spec.framework == framework]
    if not versions:
        known = ", ".join(sorted({spec.framework for spec in FRAMEWORK_VERSIONS.values()}))
        raise UnknownVersion(f"unknown framework {framework!r}; known: {known}")
    complete = [spec for spec in versions if spec.complete]
    return (complete or versions)[-1]


def find_version(key: str) -> FrameworkVersionSpec:
    """The one version resolver: a version id ('ai-rmf/1.0'), a version IRI, or a framework id ('ai-800-1', which
    means its latest complete version)."""
    if key in FRAMEWORK_VERSIONS:
        return FRAMEWORK_VERSIONS[key]
    for spec in FRAMEWORK_VERSIONS.values():
        if spec.iri == key:
            return spec
    if key.removeprefix(ns.ID) in {spec.framework for spec in FRAMEWORK_VERSIONS.values()}:
        return default_version(key.removeprefix(ns.ID))
    raise UnknownVersion(f"unknown framework version {key!r}; known: {', '.join(FRAMEWORK_VERSIONS)}")


def element_prefixes() -> dict[str, str]:
    """CURIE prefix -> element namespace, for SSSOM curie maps and SPARQL."""
    return {spec.prefix: spec.element_base for spec in FRAMEWORK_VERSIONS.values()}


def spec_for_iri(iri: str) -> FrameworkVersionSpec | None:
    for spec in FRAMEWORK_VERSIONS.values():
        if iri.startswith(spec.element_base) or iri == spec.iri:
            return spec
    return None
