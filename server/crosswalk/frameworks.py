"""Registry of the framework versions the project catalogs.

A catalog is a Turtle file in ontology/catalogs/, written by a generator module from the reference data
(``crosswalk generate``) and committed: the committed file is the source of truth. Looked up, never switched on.
"""

from __future__ import annotations

from dataclasses import dataclass

from crosswalk import namespaces as ns


@dataclass(frozen=True)
class FrameworkVersionSpec:
    framework: str  # slug of the document family, e.g. "ai-rmf"
    version: str  # slug of the edition, e.g. "1.0"
    prefix: str  # CURIE prefix of its elements in SSSOM files and SPARQL
    generator: str  # "module:function", a ``function(reference_dir: Path) -> rdflib.Graph``
    reference_folder: str  # folder of ../shared/reference it is generated from

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
        return ns.catalog_graph(self.framework, self.version)

    @property
    def element_base(self) -> str:
        return ns.element_iri(self.framework, self.version, "")


_SECURITY = "crosswalk.generate.external_security"
_BENCHMARKS = "crosswalk.generate.external_benchmarks"
_STANFORD = "crosswalk.generate.external_benchmarks_stanford"

FRAMEWORK_VERSIONS: dict[str, FrameworkVersionSpec] = {
    spec.key: spec
    for spec in (
        FrameworkVersionSpec("ai-rmf", "1.0", "airmf", "crosswalk.generate.ai_rmf:build", "nist-ai-rmf-1.0"),
        FrameworkVersionSpec("ai-600-1", "2024-07", "ai600", "crosswalk.generate.ai_600_1:build", "nist-ai-600-1"),
        FrameworkVersionSpec(
            "sp-800-218a", "2024-07", "ssdfai", "crosswalk.generate.sp_800_218a:build", "nist-sp-800-218a"
        ),
        FrameworkVersionSpec("ai-800-1", "ipd", "ai8001ipd", "crosswalk.generate.ai_800_1:build_ipd", "nist-ai-800-1"),
        FrameworkVersionSpec("ai-800-1", "2pd", "ai8001v2", "crosswalk.generate.ai_800_1:build_2pd", "nist-ai-800-1"),
        # External references (issue 4): benchmarks, threat taxonomies and the ISO/IEC 42001 identifiers.
        FrameworkVersionSpec(
            "owasp-llm-top10", "2025", "owasp2025", f"{_SECURITY}:build_owasp_2025", "owasp-llm-top10"
        ),
        FrameworkVersionSpec("owasp-llm-top10", "1.1", "owasp11", f"{_SECURITY}:build_owasp_1_1", "owasp-llm-top10"),
        FrameworkVersionSpec("mitre-atlas", "5.6.0", "atlas", f"{_SECURITY}:build_atlas", "mitre-atlas"),
        FrameworkVersionSpec(
            "iso-iec-42001", "2023", "iso42001", f"{_SECURITY}:build_iso_42001", "nist-ai-rmf-crosswalks"
        ),
        FrameworkVersionSpec(
            "mlcommons-ailuminate", "1.0", "ailuminate", f"{_BENCHMARKS}:build_ailuminate", "mlcommons-ailuminate"
        ),
        FrameworkVersionSpec("ibm-attaq", "1.0", "attaq", f"{_BENCHMARKS}:build_attaq", "ibm-attaq"),
        FrameworkVersionSpec(
            "stanford-helm", "safety", "helmsafety", f"{_STANFORD}:build_helm_safety", "stanford-helm"
        ),
        FrameworkVersionSpec(
            "stanford-helm", "classic", "helmclassic", f"{_STANFORD}:build_helm_classic", "stanford-helm"
        ),
        FrameworkVersionSpec("stanford-fmti", "1.1", "fmti11", f"{_STANFORD}:build_fmti_1_1", "stanford-fmti"),
        FrameworkVersionSpec("stanford-fmti", "2025", "fmti2025", f"{_STANFORD}:build_fmti_2025", "stanford-fmti"),
        FrameworkVersionSpec(
            "cosai-risk-map", "2026-06-10", "cosai", "crosswalk.generate.cosai_risk_map:build", "cosai-risk-map"
        ),
    )
}


def element_prefixes() -> dict[str, str]:
    """CURIE prefix -> element namespace, for SSSOM curie maps and SPARQL."""
    return {spec.prefix: spec.element_base for spec in FRAMEWORK_VERSIONS.values()}


def spec_for_iri(iri: str) -> FrameworkVersionSpec | None:
    for spec in FRAMEWORK_VERSIONS.values():
        if iri.startswith(spec.element_base) or iri == spec.iri:
            return spec
    return None
