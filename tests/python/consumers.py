"""Feeds kg's exports to the real consumers (rdflib, pyoxigraph, networkx, jsonschema) and prints
what they saw as JSON, for tests/consumers.rs to check. Usage:

    consumers.py rdflib FILE FORMAT          -> {"triples": N, "quads": N}
    consumers.py sparql TURTLE QUERY_FILE    -> {"rows": [{var: value, ...}, ...]}
    consumers.py networkx JSON GRAPHML       -> counts and a few attributes from both
    consumers.py jsonschema SCHEMA JSON      -> {"valid": true} or {"valid": false, "errors": [...]}
    consumers.py owlrl ONTOLOGY_DIR FILE...  -> OWL-RL closure: inconsistencies, absurd types, inferences
    consumers.py shacl SHAPES FILE...        -> pyshacl: {"conforms": bool, "violations": [...]}
    consumers.py jsonld JSONLD NQUADS        -> pyld's and rdflib's reading of the JSON-LD against the N-Quads
"""
import json
import sys


def rdflib_counts(path, fmt):
    import rdflib

    if fmt in ("nquads", "trig", "json-ld"):
        ds = rdflib.Dataset()
        ds.parse(path, format=fmt)
        quads = list(ds.quads((None, None, None, None)))
        triples = {(s, p, o) for s, p, o, _ in quads}
        return {"triples": len(triples), "quads": len(quads)}
    g = rdflib.Graph()
    g.parse(path, format=fmt)
    return {"triples": len(g), "quads": len(g)}


def sparql(turtle, query_file):
    import pyoxigraph

    store = pyoxigraph.Store()
    with open(turtle, "rb") as f:
        store.load(f, format=pyoxigraph.RdfFormat.TURTLE)
    with open(query_file, encoding="utf-8") as f:
        query = f.read()
    results = store.query(query)
    names = [v.value for v in results.variables]
    rows = []
    for solution in results:
        row = {}
        for name in names:
            term = solution[name]
            if term is not None:
                row[name] = term.value
        rows.append(row)
    return {"rows": rows, "triples": len(store)}


def networkx_check(json_path, graphml_path):
    import networkx as nx

    with open(json_path, encoding="utf-8") as f:
        data = json.load(f)
    g = nx.node_link_graph(data, edges="edges")
    h = nx.read_graphml(graphml_path, force_multigraph=True)
    node = g.nodes["sakhalin"]
    transfers = [
        (u, v, d.get("under"))
        for u, v, d in g.edges(data=True)
        if d.get("relation") == "transferred_to"
    ]
    return {
        "json": {
            "class": type(g).__name__,
            "nodes": g.number_of_nodes(),
            "edges": g.number_of_edges(),
            "sakhalin_type": node["type"],
            "sakhalin_evidence": node["evidence"]["quote"],
            "transfers": sorted(transfers),
        },
        "graphml": {
            "class": type(h).__name__,
            "directed": h.is_directed(),
            "nodes": h.number_of_nodes(),
            "edges": h.number_of_edges(),
            "sakhalin_type": h.nodes["sakhalin"]["type"],
            "mentions_type": type(h.nodes["sakhalin"]["mentions"]).__name__,
        },
    }


def jsonschema_check(schema_path, json_path):
    import jsonschema

    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    with open(json_path, encoding="utf-8") as f:
        data = json.load(f)
    validator = jsonschema.Draft202012Validator(schema)
    validator.check_schema(schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    return {"valid": not errors, "errors": errors[:20]}


FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".rdf": "xml", ".jsonld": "json-ld"}


def merged_graph(paths):
    """Every triple of the files, all graphs merged into one rdflib Graph."""
    import os
    import rdflib

    g = rdflib.Graph()
    for path in paths:
        fmt = FORMATS[os.path.splitext(path)[1]]
        if fmt in ("nquads", "trig", "json-ld"):
            ds = rdflib.Dataset()
            ds.parse(path, format=fmt)
            for s, p, o, _ in ds.quads((None, None, None, None)):
                g.add((s, p, o))
        else:
            g.parse(path, format=fmt)
    return g


def owlrl_check(ontology_dir, *paths):
    """OWL-RL closure of the export plus the axioms of every vocabulary it aligns to. Reports the
    reasoner's inconsistencies, and absurd inferences: a resource that ends up in two of the
    disjoint categories below (a war typed as an agent, a class typed as a SKOS concept, an
    entity typed as a passage)."""
    import glob
    import owlrl
    import rdflib
    from rdflib.namespace import OWL, RDF, SKOS

    g = merged_graph(paths)
    before = len(g)
    for path in sorted(glob.glob(f"{ontology_dir}/*.ttl")):
        g.parse(path, format="turtle")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    err = rdflib.Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
    errors = sorted(str(m) for m in g.objects(None, err.error))

    kgv = rdflib.Namespace("https://example.org/kg-essay/vocab#")
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    oa = rdflib.Namespace("http://www.w3.org/ns/oa#")
    categories = {
        "agent": [kgv.Agent, prov.Agent],
        "place": [kgv.Territory],
        "event": [kgv.Event, prov.Activity],
        "treaty": [kgv.Treaty],
        "passage": [oa.SpecificResource],
        "selector": [oa.TextQuoteSelector, oa.TextPositionSelector],
        "annotation": [oa.Annotation],
        "statement": [RDF.Statement],
        "concept": [SKOS.Concept],
        "class": [OWL.Class],
        "property": [OWL.ObjectProperty, OWL.DatatypeProperty],
        "quantity": [kgv.Quantity],
        "essay": [kgv.Essay],
    }
    absurd = []
    subjects = {s for s in g.subjects(RDF.type, None) if isinstance(s, rdflib.URIRef)}
    for s in sorted(subjects):
        types = set(g.objects(s, RDF.type))
        found = sorted(name for name, classes in categories.items() if any(c in types for c in classes))
        if len(found) > 1 and found != ["place", "agent"]:
            absurd.append(f"{s}: {', '.join(found)}")
    ent = lambda local: rdflib.URIRef(
        "https://example.org/kg-essay/a-short-history-of-russo-japanese-relationships/entity/" + local
    )
    inferred = {
        "brokered_inverse": (ent("treaty_of_portsmouth"), kgv.wasBrokeredBy, ent("theodore_roosevelt")) in g,
        "part_of_transitive": [str(o) for o in sorted(g.objects(ent("southern_sakhalin"), kgv.partOf))],
        "roosevelt_is_prov_person": (ent("theodore_roosevelt"), prov.Person, None) is not None
        and (ent("theodore_roosevelt"), RDF.type, prov.Person) in g,
    }
    return {"triples": before, "closure": len(g), "errors": errors, "absurd": absurd[:50], "inferred": inferred}


def shacl_check(shapes, *paths):
    import pyshacl
    import rdflib

    data = merged_graph(paths)
    shapes_graph = rdflib.Graph().parse(shapes, format="turtle")
    conforms, report, text = pyshacl.validate(data, shacl_graph=shapes_graph, inference="none")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    violations = sorted(
        f"{report.value(r, sh.focusNode)} {report.value(r, sh.resultPath)}: {report.value(r, sh.resultMessage)}"
        for r in report.subjects(rdflib.RDF.type, sh.ValidationResult)
    )
    return {"conforms": bool(conforms), "violations": violations[:30], "count": len(violations), "triples": len(data)}


def jsonld_check(jsonld_path, nquads_path):
    """The JSON-LD read by pyld (to N-Quads) and by rdflib, against the N-Quads export, as sets
    of quads (kg writes no blank nodes, so isomorphism is equality)."""
    import pyld.jsonld
    import rdflib

    with open(jsonld_path, encoding="utf-8") as f:
        doc = json.load(f)
    nquads = pyld.jsonld.to_rdf(doc, {"format": "application/n-quads"})
    from_pyld = rdflib.Dataset()
    from_pyld.parse(data=nquads, format="nquads")
    expected = rdflib.Dataset()
    expected.parse(nquads_path, format="nquads")
    from_rdflib = rdflib.Dataset()
    from_rdflib.parse(jsonld_path, format="json-ld")

    def quads(ds):
        return {(s, p, o, str(g.identifier if hasattr(g, "identifier") else g)) for s, p, o, g in ds.quads((None, None, None, None))}

    want, got_pyld, got_rdflib = quads(expected), quads(from_pyld), quads(from_rdflib)
    # One node object per subject and graph.
    ids = []
    def walk(nodes, graph):
        for n in nodes:
            ids.append((graph, n.get("@id")))
            if "@graph" in n:
                walk(n["@graph"], n["@id"])
    walk(doc["@graph"], None)
    duplicates = len(ids) - len(set(ids))
    return {
        "expected": len(want),
        "pyld": len(got_pyld),
        "rdflib": len(got_rdflib),
        "pyld_missing": sorted(map(str, want - got_pyld))[:5],
        "pyld_extra": sorted(map(str, got_pyld - want))[:5],
        "rdflib_missing": sorted(map(str, want - got_rdflib))[:5],
        "rdflib_extra": sorted(map(str, got_rdflib - want))[:5],
        "node_objects": len(ids),
        "duplicate_node_objects": duplicates,
        "has_context": isinstance(doc.get("@context"), dict),
    }


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == "rdflib":
        out = rdflib_counts(*args)
    elif command == "sparql":
        out = sparql(*args)
    elif command == "networkx":
        out = networkx_check(*args)
    elif command == "jsonschema":
        out = jsonschema_check(*args)
    elif command == "owlrl":
        out = owlrl_check(*args)
    elif command == "shacl":
        out = shacl_check(*args)
    elif command == "jsonld":
        out = jsonld_check(*args)
    else:
        raise SystemExit(f"unknown command {command}")
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
