"""The W3C SPARQL 1.1 Protocol tests (w3c/rdf-tests, sparql/sparql11/protocol, read from tests/fixtures/w3c-protocol/
manifest.ttl), run against /sparql and against an organization's /orgs/{org}/sparql.

Every test of the manifest runs. The query tests run as the manifest says. The update tests (update_dataset_*,
update_post_form, update_post_direct, update_base_uri) expect the update to succeed; these endpoints are read-only,
so here the update must be refused (403, "read-only") and the test's follow-up ASK must be false: nothing was
written. The bad_update_* tests expect a 4xx, which a read-only endpoint gives.

The W3C graphs (http://kasei.us/2009/09/sparql/data/dataN.rdf) are stored under names the caller may read (public
graphs for /sparql; the organization's own graphs and a public one for its endpoint): the requests' graph
parameters and FROM clauses are renamed accordingly; the data and the rest of each query are the manifest's.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlsplit
from xml.etree import ElementTree

import pyoxigraph
import pytest
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF

from tests.sparql_support import GRAPHS, KASEI, ORG, W3C, ProtocolService

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
TABULAR = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values")
BOOLEAN = TABULAR[:2]
RDF_TYPES = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json")


@dataclass
class ProtocolRequest:
    method: str
    path: str  # after the manifest's "/sparql/"
    headers: dict[str, str]
    body: bytes | None
    statuses: tuple[str, ...]  # status classes: "2xx", "4xx", ...
    boolean: bool | None
    result_format: str | None

    @property
    def is_update(self) -> bool:
        kind = self.headers.get("content-type", "")
        return kind.startswith("application/sparql-update") or (
            kind == "application/x-www-form-urlencoded" and (self.body or b"").startswith(b"update=")
        )


@dataclass
class ProtocolTest:
    name: str
    label: str
    requests: list[ProtocolRequest]


def read_manifest() -> list[ProtocolTest]:
    graph = Graph().parse(W3C / "manifest.ttl", format="turtle")
    (manifest,) = graph.subjects(RDF.type, MF.Manifest)
    tests = []
    for entry in Collection(graph, graph.value(manifest, MF.entries)):
        action = graph.value(entry, MF.action)
        requests = []
        for node in Collection(graph, graph.value(action, HT.requests)):
            headers = {}
            header_list = graph.value(node, HT.headers)
            for header in Collection(graph, header_list) if header_list is not None else []:
                headers[str(graph.value(header, HT.fieldName)).lower()] = str(graph.value(header, HT.fieldValue))
            body_node = graph.value(node, HT.body)
            body = None
            if body_node is not None:
                encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(graph.value(body_node, CNT.chars)).encode(encoding.lower())
            response = graph.value(node, HT.resp)
            statuses = tuple(sorted(str(s).removeprefix(HTS) for s in graph.objects(response, MF.expectedStatus)))
            expected = graph.value(response, MF.expectedBoolean)
            result_format = graph.value(response, MF.expectedFormat)
            path = str(graph.value(node, HT.absolutePath))
            assert path.startswith("/sparql/"), path
            requests.append(
                ProtocolRequest(
                    str(graph.value(node, HT.methodName)), path.removeprefix("/sparql/"), headers, body, statuses,
                    None if expected is None else bool(expected.toPython()),
                    None if result_format is None else str(result_format),
                )
            )  # fmt: skip
        name = str(entry).rsplit("#", 1)[1]
        tests.append(ProtocolTest(name, str(graph.value(entry, MF.name)), requests))
    return tests


TESTS = read_manifest()
UPDATE_TESTS = {t.name for t in TESTS if any(r.is_update for r in t.requests) and not t.name.startswith("bad_")}


def rename(text: str, graphs: dict[int, str]) -> str:
    """The W3C graph names in a query's FROM / FROM NAMED, renamed to where the graphs are stored."""
    for n, stored in graphs.items():
        text = re.sub(rf"(FROM\s+(?:NAMED\s+)?)<{re.escape(KASEI)}data{n}\.rdf>", rf"\1<{stored}>", text)
    return text


def rename_path(path: str, graphs: dict[int, str]) -> str:
    split = urlsplit(path)
    stored = {f"{KASEI}data{n}.rdf": iri for n, iri in graphs.items()}
    params = [
        (key, stored.get(value, value) if key.endswith("graph-uri") else value)
        for key, value in parse_qsl(split.query, keep_blank_values=True)
    ]
    return "?" + urlencode(params, quote_via=quote) if params else ""


def boolean_of(media_type: str, body: bytes) -> bool:
    if media_type.startswith("application/sparql-results+json"):
        return bool(json.loads(body)["boolean"])
    root = ElementTree.fromstring(body)
    (value,) = [e.text for e in root.iter() if e.tag.endswith("boolean")]
    return value == "true"


@pytest.mark.parametrize("endpoint", ["public", "org"])
@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_w3c_protocol(protocol_service: ProtocolService, test: ProtocolTest, endpoint: str) -> None:
    graphs = GRAPHS[endpoint]
    client = protocol_service.client
    for request in test.requests:
        body = request.body
        if body is not None and request.headers.get("content-type") == "application/sparql-query":
            body = rename(body.decode("utf-8"), graphs).encode("utf-8")
        url = protocol_service.paths[endpoint] + rename_path(request.path, graphs)
        headers = {**request.headers, **protocol_service.headers[endpoint]}
        response = client.request(request.method, url, content=body, headers=headers)
        if test.name in UPDATE_TESTS and request.is_update:
            assert response.status_code == 403 and "read-only" in response.text, (test.label, response.text)
            continue
        status_class = f"{response.status_code // 100}xx"
        assert status_class in request.statuses, (test.name, test.label, response.status_code, response.text)
        if not status_class.startswith("2"):
            continue
        media_type = response.headers["content-type"].split(";")[0]
        if request.result_format == "boolean":
            assert media_type in BOOLEAN, media_type
        elif request.result_format == "tabular":
            assert media_type in TABULAR, media_type
            assert "value" in response.text
        elif request.result_format == "RDF":
            assert media_type in RDF_TYPES, media_type
            list(pyoxigraph.parse(response.content, format=pyoxigraph.RdfFormat.from_media_type(media_type)))
        if request.boolean is not None:
            expected = request.boolean if test.name not in UPDATE_TESTS else not request.boolean
            assert boolean_of(media_type, response.content) is expected, (test.name, test.label)


def test_every_manifest_entry_is_encoded() -> None:
    assert len(TESTS) == 34
    assert {
        "update_dataset_default_graph", "update_dataset_default_graphs", "update_dataset_named_graphs",
        "update_dataset_full", "update_post_form", "update_post_direct", "update_base_uri",
    } == UPDATE_TESTS  # fmt: skip
    assert all(GRAPHS["org"][n].startswith(f"https://w3id.org/crosswalk/graph/org/{ORG}") for n in (1, 2))
