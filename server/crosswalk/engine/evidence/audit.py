"""Who changed an organization's evidence, and when: one PROV-O activity per write, in the organization's audit graph.

The audit graph is written in the same update as the change it records. It is kept apart from the evidence and its
history, so an organization's own SPARQL endpoint (its viewers) never lists who did what; its admins read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from pyoxigraph import Literal, NamedNode, Triple

from crosswalk.content import namespaces as ns

AGENT_BASE = ns.BASE + "agent/"


@dataclass(frozen=True)
class Agent:
    """Who a write is made for: the caller's subject (a token's subject, an SSO user) and how they signed in."""

    subject: str
    method: str  # token, jwt, cli

    @property
    def iri(self) -> str:
        return AGENT_BASE + quote(f"{self.method}:{self.subject}", safe="")


def audit_graph(org: str) -> str:
    return f"{ns.GRAPH}org/{org}/audit"


def activity(org: str, agent: Agent, action: str, items: list[str], stamp: str) -> list[Triple]:
    """The activity node of one write: its agent, time, action and the items it touched."""
    node = NamedNode(f"{ns.BASE}org/{org}/activity/{stamp}")
    when = Literal(stamp, datatype=NamedNode(ns.XSD + "dateTime"))
    who = NamedNode(agent.iri)
    triples = [
        Triple(node, NamedNode(ns.RDF + "type"), NamedNode(ns.PROV + "Activity")),
        Triple(node, NamedNode(ns.PROV + "wasAssociatedWith"), who),
        Triple(node, NamedNode(ns.PROV + "startedAtTime"), when),
        Triple(node, NamedNode(ns.ONTOLOGY + "action"), Literal(action)),
        Triple(who, NamedNode(ns.RDF + "type"), NamedNode(ns.PROV + "Agent")),
        Triple(who, NamedNode(ns.RDFS + "label"), Literal(agent.subject)),
        Triple(who, NamedNode(ns.ONTOLOGY + "signedInWith"), Literal(agent.method)),
    ]
    triples += [Triple(node, NamedNode(ns.ONTOLOGY + "touched"), NamedNode(item)) for item in items]
    return triples
