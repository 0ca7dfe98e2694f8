"""Curators' review of suggestions: queue them for a set, then accept, reject or defer each, every decision recorded.

Accepting writes the record twice, atomically as far as each medium allows: the set's SSSOM TSV in the mappings
folder gains one full row (validated with the set as a whole, SHACL on the new record), and the store gets the set's
graph rebuilt from that file, graph/inferred re-materialised and the suggestion marked accepted, in one transaction.
The file is replaced by a rename after the store has taken the change; if the rename fails the store is put back.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from pyoxigraph import NamedNode, Triple
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from crosswalk.content import namespaces as ns
from crosswalk.content import sssom_tsv
from crosswalk.content.frameworks import find_version
from crosswalk.content.loader import to_oxigraph
from crosswalk.content.mapping_records import CW, Problem, record_iri, to_graph
from crosswalk.content.validation import ontology_graph, shacl_problems
from crosswalk.engine.evidence.audit import Agent
from crosswalk.engine.publish import infer_chains
from crosswalk.engine.suggest.accepted_row import Acceptance, AcceptanceRejected, accepted_row, set_license
from crosswalk.engine.suggest.corpus import SuggestCorpus
from crosswalk.engine.suggest.queue import (
    OPEN,
    QueuedSuggestion,
    SuggestionQueue,
    decision_triples,
    now_stamp,
    status_iri,
    suggestion_triples,
)
from crosswalk.engine.suggest.results import Suggestion
from crosswalk.store.base import GraphStore
from crosswalk.store.updates import replace_and_patch


class ReviewService:
    def __init__(
        self,
        store: GraphStore,
        mappings: Path,
        corpus: Callable[[], SuggestCorpus],
        changed: Callable[[], None] = lambda: None,
    ) -> None:
        """``mappings``: the folder of SSSOM sets accepted rows go to; ``changed``: called once records changed
        (the engine drops its mapping index and suggester, so crosswalks and coverage read the new record)."""
        self.store = store
        self.mappings = mappings
        self.queue = SuggestionQueue(store)
        self._corpus = corpus
        self._changed = changed
        self._lock = threading.Lock()  # one decision at a time: each reads, then rewrites, a file and graphs

    # ------------------------------------------------------------------ sets

    def set_file(self, set_id: str) -> Path:
        path = self.set_path(set_id)
        if not path.is_file():
            known = ", ".join(sorted(p.name.removesuffix(".sssom.tsv") for p in self.mappings.glob("*.sssom.tsv")))
            raise LookupError(f"no mapping set {set_id!r} in {self.mappings}; known: {known}")
        return path

    def set_path(self, set_id: str) -> Path:
        """Where the set's file is or will be: a set queued for before it has a file gets one at its first
        accepted suggestion."""
        if not SET_ID.fullmatch(set_id or ""):
            raise ValueError(f"{set_id!r} is not a mapping set id (lower-case letters, digits, dots and hyphens)")
        return self.mappings / f"{set_id}.sssom.tsv"

    def set_iri(self, set_id: str) -> str:
        self.set_path(set_id)
        return ns.mapping_set_iri(set_id)

    def sets_between(self, from_version: str, to_version: str) -> list[str]:
        """Sets whose file declares these subject and object sources (version IRIs)."""
        found = []
        for path in sorted(self.mappings.glob("*.sssom.tsv")):
            metadata = sssom_tsv.read(path).metadata
            if (metadata.get("subject_source"), metadata.get("object_source")) == (from_version, to_version):
                found.append(path.name.removesuffix(".sssom.tsv"))
        return found

    def pick_set(self, from_version: str, to_version: str, set_id: str | None) -> str:
        """The named set (an existing file, or a new set's id); else the one set between the two versions; else,
        when there is none, a new set named after them (its file is written at the first acceptance)."""
        if set_id is not None:
            path = self.set_path(set_id)
            if path.is_file():
                metadata = sssom_tsv.read(path).metadata
                sources = (metadata.get("subject_source"), metadata.get("object_source"))
                if sources != (from_version, to_version):
                    raise ValueError(f"set {set_id!r} maps {sources[0]} to {sources[1]}, not these versions")
            return set_id
        found = self.sets_between(from_version, to_version)
        if not found:
            return new_set_id(from_version, to_version)
        if len(found) > 1:
            raise LookupError(
                f"several sets ({', '.join(found)}) map {from_version} to {to_version}; name the set to queue for"
            )
        return found[0]

    # ------------------------------------------------------------------ queue

    def enqueue(self, set_id: str, suggestions: Sequence[Suggestion], agent: Agent) -> list[str]:
        """Queue new pairs as pending; a pair queued before (whatever its fate: a rejection stands) is skipped."""
        with self._lock:
            return self._enqueue(set_id, suggestions, agent)

    def _enqueue(self, set_id: str, suggestions: Sequence[Suggestion], agent: Agent) -> list[str]:
        self.set_path(set_id)
        known = self.queue.known_pairs(set_id)
        stamp = now_stamp()
        added: list[str] = []
        triples: list[Triple] = []
        for suggestion in suggestions:
            if (suggestion.subject, suggestion.target) in known:
                continue
            known.add((suggestion.subject, suggestion.target))
            key, new = suggestion_triples(set_id, suggestion, agent, stamp)
            added.append(key)
            triples += new
        if triples:
            self.store.add_triples(ns.suggestion_graph(set_id), triples)
        return added

    # ------------------------------------------------------------------ decisions

    def reject(self, key: str, reason: str, agent: Agent) -> QueuedSuggestion:
        return self._decide(key, "reject", "rejected", _needs(reason, "a rejection"), agent)

    def defer(self, key: str, reason: str, agent: Agent) -> QueuedSuggestion:
        return self._decide(key, "defer", "deferred", _needs(reason, "deferring"), agent)

    def _decide(
        self, key: str, action: str, status: str, reason: str | None, agent: Agent, record: str | None = None
    ) -> QueuedSuggestion:
        with self._lock:
            item = self._open(key)
            self.store.replace_graphs({item.graph: self._marked(item, action, status, reason, agent, record)})
        return self.queue.get(key)

    def _open(self, key: str) -> QueuedSuggestion:
        item = self.queue.get(key)
        if item.status not in OPEN:
            raise ValueError(f"suggestion {key} is already {item.status}; only pending or deferred ones are decided")
        return item

    def _marked(
        self, item: QueuedSuggestion, action: str, status: str, reason: str | None, agent: Agent, record: str | None
    ) -> list[Triple]:
        status_predicate = NamedNode(CW + "reviewStatus")
        subject = NamedNode(item.iri)
        kept = [
            q.triple
            for q in self.store.quads([item.graph])
            if not (q.subject == subject and q.predicate == status_predicate)
        ]
        kept.append(Triple(subject, status_predicate, NamedNode(status_iri(status))))
        return kept + decision_triples(item, action, agent, reason, record, now_stamp())

    def accept(self, key: str, choice: Acceptance, agent: Agent) -> tuple[QueuedSuggestion, str, Path]:
        """Write the record into the set's TSV and graph; the suggestion becomes accepted. Returns (suggestion,
        record IRI, file)."""
        with self._lock:
            return self._accept(key, choice, agent)

    def _accept(self, key: str, choice: Acceptance, agent: Agent) -> tuple[QueuedSuggestion, str, Path]:
        item = self._open(key)
        path = self.set_path(item.set_id)
        corpus = self._corpus()
        subject, target = corpus.elements.get(item.subject), corpus.elements.get(item.target)
        if subject is None or target is None:
            raise AcceptanceRejected("the suggestion's subject or object is no longer in a loaded catalog")
        if path.is_file():
            mapping_set = sssom_tsv.read(path)
            held = str(mapping_set.metadata.get("license", ""))
            if choice.license is not None and set_license(choice.license) != held:
                raise AcceptanceRejected(f"the set {item.set_id} is licensed {held}; a set's rows share its license")
        else:  # the first record of a set between two versions that had none
            license_iri = set_license(choice.license)
            mapping_set = empty_set(item.set_id, subject.version, target.version, agent.subject, path, license_iri)
        note = f"Accepted from crosswalk suggestion {item.id} (score {item.score:.2f})."
        row = accepted_row(
            mapping_set, (subject.iri, subject.notation), (target.iri, target.notation), choice, agent.subject, note
        )
        mapping_set.rows.append(row)
        text = sssom_tsv.dumps(mapping_set)
        parsed = sssom_tsv.parse(text, path)  # what the file will say, line numbers included
        problems: list[Problem] = []
        graph = to_graph(parsed, problems)
        new_iri = record_iri(parsed.set_id, row.record_id, parsed.curie_map)
        if not problems:
            problems = _shape_problems(graph, new_iri, path.name)
        if problems:
            raise AcceptanceRejected("; ".join(str(p) for p in problems))
        set_graph = ns.mapping_set_graph(parsed.set_id)
        new_set = to_oxigraph(graph)
        inferred, _ = infer_chains(self.store, {set_graph: new_set}, keep=ns.is_public_graph)
        old_inferred = {q.triple for q in self.store.quads([ns.INFERRED_GRAPH])}
        new_inferred = set(inferred)
        patch = (sorted(old_inferred - new_inferred, key=str), sorted(new_inferred - old_inferred, key=str))
        previous = {g: [q.triple for q in self.store.quads([g])] for g in (set_graph, item.graph)}
        marked = self._marked(item, "accept", "accepted", choice.comment, agent, new_iri)
        handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            written = (set_graph, item.graph, ns.INFERRED_GRAPH)  # the set's and the chains' content marker moves
            self.store.update(
                replace_and_patch({set_graph: new_set, item.graph: marked}, {ns.INFERRED_GRAPH: patch}), written
            )
            try:
                os.replace(scratch, path)
            except OSError:
                self.store.update(replace_and_patch(previous, {ns.INFERRED_GRAPH: (patch[1], patch[0])}), written)
                raise
        finally:
            if os.path.exists(scratch):
                os.unlink(scratch)
        self._changed()
        return self.queue.get(key), new_iri, path


SET_ID = re.compile(r"[a-z0-9][a-z0-9.-]*[a-z0-9]")


def new_set_id(from_version: str, to_version: str) -> str:
    """A new set's id from its versions' ids: ai-rmf/1.0 to sp-800-53/5.0.1 is ai-rmf-1.0-to-sp-800-53-5.0.1."""
    return "-to-".join(find_version(v).key.replace("/", "-") for v in (from_version, to_version))


def empty_set(
    set_id: str, from_version: str, to_version: str, curator: str, path: Path, license_iri: str
) -> sssom_tsv.MappingSetFile:
    """An empty set with the metadata header every curated set has (its curie map grows with its rows)."""
    source, target = find_version(from_version), find_version(to_version)
    today = dt.datetime.now(dt.UTC).date().isoformat()
    metadata = sssom_tsv.standard_metadata(
        set_id=set_id,
        title=f"{source.key} to {target.key} (curated from reviewed suggestions)",
        description=(
            f"Mapping records from {source.key} to {target.key}, each a crosswalk suggestion a curator accepted, "
            "choosing its IR 8477 relationship, rationale, strength and explanation. Subject = the "
            f"{source.key} element, object = the {target.key} element; relationship read from subject to object. "
            "Author, reviewer and date per row; a row is reviewed once someone other than its author accepted it."
        ),
        license_iri=license_iri,
        subject_source=source.iri,
        object_source=target.iri,
        creator=curator,
        curie_map={source.prefix: source.element_base, target.prefix: target.element_base},
        mapping_date=today,
    )
    return sssom_tsv.MappingSetFile(metadata=metadata, path=path)


def _needs(reason: str, what: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValueError(f"{what} needs a reason")
    return reason


def _shape_problems(graph: Graph, record: str, file: str) -> list[Problem]:
    """SHACL on the new record alone (its set node and ends typed as the shapes expect)."""
    node = URIRef(record)
    data = Graph()
    for triple in graph.triples((node, None, None)):
        data.add(triple)
    data += ontology_graph()
    for predicate in (CW.subject, CW.object):
        for end in graph.objects(node, predicate):
            data.add((end, RDF.type, CW.Element))
    for set_node in graph.objects(node, CW.inMappingSet):
        for triple in graph.triples((set_node, None, None)):
            data.add(triple)
    return shacl_problems(data, {record: file}, {})


__all__ = ["Acceptance", "AcceptanceRejected", "ReviewService"]
