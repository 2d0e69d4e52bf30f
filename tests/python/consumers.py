"""Feeds kg's exports to the real consumers (rdflib, pyoxigraph, networkx, jsonschema) and prints
what they saw as JSON, for tests/consumers.rs to check. Usage:

    consumers.py rdflib FILE FORMAT          -> {"triples": N, "quads": N}
    consumers.py sparql TURTLE QUERY_FILE    -> {"rows": [{var: value, ...}, ...]}
    consumers.py networkx JSON GRAPHML       -> counts and a few attributes from both
    consumers.py jsonschema SCHEMA JSON      -> {"valid": true} or {"valid": false, "errors": [...]}
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
    else:
        raise SystemExit(f"unknown command {command}")
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
