"""Feeds kg's exports to the real consumers (rdflib, pyoxigraph, networkx, jsonschema, pandas) and
prints what they saw as JSON, for tests/consumers.rs to check. Usage:

    consumers.py rdflib FILE FORMAT          -> {"triples": N, "quads": N}
    consumers.py sparql TURTLE QUERY_FILE    -> {"rows": [{var: value, ...}, ...]}
    consumers.py networkx JSON GRAPHML OUTDIR -> counts and a few attributes from both, and from the
                                                GraphML and GEXF that networkx writes from the JSON
    consumers.py gexf GEXF                   -> what networkx.read_gexf saw
    consumers.py jsonschema SCHEMA JSON      -> {"valid": true} or {"valid": false, "errors": [...]}:
                                                the schema, then what it cannot say (edge ends that
                                                name no node, duplicate node or edge ids)
    consumers.py csv NODES RELATIONSHIPS     -> the neo4j-admin header grammar checked, then what
                                                pandas read
    consumers.py owlrl ONTOLOGY_DIR FILE...  -> OWL-RL closure: inconsistencies, absurd types, inferences
    consumers.py shacl SHAPES FILE...        -> pyshacl: {"conforms": bool, "violations": [...]}
    consumers.py jsonld JSONLD NQUADS        -> pyld's, rdflib's and pyoxigraph's readings of the JSON-LD
                                                (pyoxigraph's streaming JSON-LD parser too) against the
                                                N-Quads: sizes, differences, and graph by graph isomorphism
    consumers.py html PAGE...                -> per page, as html5lib (the WHATWG parsing algorithm)
                                                reads it: the <title> text, every <script>'s id,
                                                type and start, and the embedded data parsed as JSON
"""
import json
import os
import re
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


def networkx_check(json_path, graphml_path, out_dir):
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
    # networkx passes the node-link graph on: every attribute must be a scalar for these writers.
    written_graphml = os.path.join(out_dir, "from-json.graphml")
    written_gexf = os.path.join(out_dir, "from-json.gexf")
    nx.write_graphml(g, written_graphml)
    nx.write_gexf(g, written_gexf)
    again = nx.read_graphml(written_graphml, force_multigraph=True)
    again_gexf = nx.read_gexf(written_gexf)
    hn = h.nodes["sakhalin"]
    return {
        "json": {
            "class": type(g).__name__,
            "nodes": g.number_of_nodes(),
            "edges": g.number_of_edges(),
            "sakhalin_type": node["type"],
            "sakhalin_types": node["types"],
            "sakhalin_iri": node["iri"],
            "sakhalin_evidence": node["evidence"],
            "transfers": sorted(transfers),
        },
        "graphml": {
            "class": type(h).__name__,
            "directed": h.is_directed(),
            "nodes": h.number_of_nodes(),
            "edges": h.number_of_edges(),
            "sakhalin_type": hn["type"],
            "sakhalin_types": hn.get("types"),
            "sakhalin_iri": hn.get("iri"),
            "mentions_type": type(hn["mentions"]).__name__,
            "men_taken": [(n, d["number_men_taken"]) for n, d in h.nodes(data=True) if "number_men_taken" in d],
            "yed_shape": hn.get("shape_type"),
            "background_bases": sum(1 for _, _, d in h.edges(data=True) if d.get("basis")),
            "notes": sum(1 for _, d in h.nodes(data=True) if d.get("note")),
        },
        "written_graphml": {
            "nodes": again.number_of_nodes(),
            "edges": again.number_of_edges(),
            "sakhalin_iri": again.nodes["sakhalin"].get("iri"),
        },
        "written_gexf": {
            "nodes": again_gexf.number_of_nodes(),
            "edges": again_gexf.number_of_edges(),
            "sakhalin_label": again_gexf.nodes["sakhalin"].get("label"),
        },
    }


def gexf_check(path):
    import networkx as nx

    g = nx.read_gexf(path)
    node = g.nodes["sakhalin"]
    yalta = g.nodes["yalta_conference"]
    transfers = [
        (u, v, d.get("under"), d.get("start"), d.get("end"))
        for u, v, d in g.edges(data=True)
        if d.get("relation") == "transferred_to"
    ]
    return {
        "class": type(g).__name__,
        "mode": g.graph.get("mode"),
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "sakhalin": {k: v for k, v in node.items()},
        "yalta": {"start": yalta.get("start"), "end": yalta.get("end"), "date": yalta.get("date")},
        "transfers": sorted(transfers),
        "background": sum(1 for _, _, d in g.edges(data=True) if d.get("background") is True),
        **gexf_viz_shapes(path),
    }


def gexf_viz_shapes(path):
    """The viz:shape values, read from the XML: networkx 3.6 reads a node's shape from a `shape`
    attribute where GEXF (and its own writer) puts `value`, and ignores edge shapes."""
    import xml.etree.ElementTree as ET

    ns = {"g": "http://gexf.net/1.3", "viz": "http://gexf.net/1.3/viz"}
    root = ET.parse(path).getroot()
    node_shapes = {
        n.get("id"): n.find("viz:shape", ns).get("value") for n in root.iterfind(".//g:nodes/g:node", ns)
    }
    edge_shapes = [e.find("viz:shape", ns).get("value") for e in root.iterfind(".//g:edges/g:edge", ns)]
    return {
        "sakhalin_shape": node_shapes.get("sakhalin"),
        "node_shapes": sorted(set(node_shapes.values())),
        "dashed": edge_shapes.count("dashed"),
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
    # What JSON Schema cannot express: ids unique, every edge end (and qualifier) a node.
    if not errors:
        ids = [n["id"] for n in data["nodes"]]
        seen = set()
        for i in ids:
            if i in seen:
                errors.append(f"duplicate node id {i}")
            seen.add(i)
        keys = set()
        for e in data["edges"]:
            if e["id"] in keys:
                errors.append(f"duplicate edge id {e['id']}")
            if e["key"] != e["id"]:
                errors.append(f"edge {e['id']}: key {e['key']} is not its id")
            keys.add(e["id"])
            for end in ("source", "target", "under", "place"):
                if e.get(end) is not None and e[end] not in seen:
                    errors.append(f"edge {e['id']}: {end} {e[end]} is no node")
    return {"valid": not errors, "errors": errors[:20]}


# neo4j-admin database import header grammar (Neo4j Operations Manual, "Import", "CSV header
# format"): `name:type`, where the name may be empty only for the special fields; special fields
# ID, START_ID and END_ID may carry an id group in parentheses.
NEO4J_TYPES = ("int", "long", "float", "double", "boolean", "byte", "short", "char", "string", "point",
               "date", "localtime", "time", "localdatetime", "datetime", "duration")
HEADER = re.compile(
    r"^(?P<name>[^:]*)(?::(?:(?P<special>ID|START_ID|END_ID)(?:\((?P<group>[^)]*)\))?|(?P<other>LABEL|TYPE|IGNORE)"
    r"|(?P<type>" + "|".join(NEO4J_TYPES) + r")(?P<array>\[\])?))?$"
)


def check_header(header, kind):
    """Problems with a header under the importer's rules, and {column: (type, array)}."""
    problems, columns, names = [], {}, set()
    specials = []
    for field in header:
        m = HEADER.match(field)
        if not m:
            problems.append(f"{field!r} does not follow name:type")
            continue
        special = m["special"] or m["other"]
        if special:
            specials.append(special)
            if special in ("LABEL", "TYPE", "START_ID", "END_ID") and m["name"]:
                problems.append(f"{field!r}: :{special} takes no property name")
        else:
            if not m["name"]:
                problems.append(f"{field!r}: a property needs a name")
            if m["name"] in names:
                problems.append(f"{field!r}: property {m['name']} appears twice")
            names.add(m["name"])
        columns[field] = (special or m["type"] or "string", bool(m["array"]))
    need = {"nodes": ["ID"], "relationships": ["START_ID", "END_ID", "TYPE"]}[kind]
    for special in need:
        if specials.count(special) != 1:
            problems.append(f"the {kind} file needs exactly one :{special} column, has {specials.count(special)}")
    if kind == "relationships" and ("ID" in specials or "LABEL" in specials):
        problems.append("a relationships file has no :ID or :LABEL")
    return problems, columns


def check_values(rows, columns, delimiter=";"):
    problems = []
    date = re.compile(r"^\d{4}-\d{2}-\d{2}$")
    for n, row in enumerate(rows, start=2):
        for field, value in row.items():
            if value is None or value == "":
                continue
            kind, array = columns[field]
            items = value.split(delimiter) if array or kind == "LABEL" else [value]
            for item in items:
                ok = {
                    "long": lambda v: re.fullmatch(r"-?\d+", v),
                    "int": lambda v: re.fullmatch(r"-?\d+", v),
                    "boolean": lambda v: v in ("true", "false"),
                    "date": lambda v: date.match(v),
                    "LABEL": lambda v: re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", v),
                    "TYPE": lambda v: re.fullmatch(r"[A-Z_][A-Z0-9_]*", v),
                }.get(kind, lambda v: True)(item)
                if not ok:
                    problems.append(f"line {n}, {field}: {item!r} is not a {kind}")
    return problems


def csv_check(nodes_path, rels_path):
    import csv

    import pandas as pd

    problems = []
    parsed = {}
    for kind, path in (("nodes", nodes_path), ("relationships", rels_path)):
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f, strict=True))
        header_problems, columns = check_header(rows[0], kind)
        problems += [f"{kind}: {p}" for p in header_problems]
        if not header_problems:
            dict_rows = [dict(zip(rows[0], r)) for r in rows[1:]]
            problems += [f"{kind}: {p}" for p in check_values(dict_rows, columns)]
            if any(len(r) != len(rows[0]) for r in rows[1:]):
                problems.append(f"{kind}: a row has another number of fields than the header")
        parsed[kind] = columns
    nodes = pd.read_csv(nodes_path, dtype=str, keep_default_na=False)
    rels = pd.read_csv(rels_path, dtype=str, keep_default_na=False)
    ids = set(nodes["id:ID"])
    if len(ids) != len(nodes):
        problems.append("duplicate node ids")
    dangling = [r for r in rels[":START_ID"].tolist() + rels[":END_ID"].tolist() if r not in ids]
    if dangling:
        problems.append(f"relationship ends that name no node: {sorted(set(dangling))[:5]}")
    sakhalin = nodes[nodes["id:ID"] == "sakhalin"].iloc[0].to_dict()
    transfers = rels[rels[":TYPE"] == "TRANSFERRED_TO"]
    numbers = nodes[nodes["number_men_taken:long"] != ""]
    return {
        "problems": problems,
        "nodes": len(nodes),
        "relationships": len(rels),
        "node_columns": list(nodes.columns),
        "relationship_columns": list(rels.columns),
        "sakhalin": sakhalin,
        "transfers": sorted(zip(transfers[":START_ID"], transfers[":END_ID"], transfers["under"])),
        "background": int((rels["background:boolean"] == "true").sum()),
        "men_taken": [(i, int(v)) for i, v in zip(numbers["id:ID"], numbers["number_men_taken:long"])],
    }


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
    """The JSON-LD read by pyld (to N-Quads), by rdflib and by pyoxigraph (its JSON-LD parser and
    its streaming one, which reads a document in the streaming form in bounded memory), against
    the N-Quads export: as sets of quads (what is missing or extra), and graph by graph by
    rdflib's isomorphism test, which would also match blank nodes (kg writes none)."""
    import pyld.jsonld
    import pyoxigraph
    import rdflib
    import rdflib.compare

    with open(jsonld_path, encoding="utf-8") as f:
        doc = json.load(f)
    nquads = pyld.jsonld.to_rdf(doc, {"format": "application/n-quads"})
    from_pyld = rdflib.Dataset()
    from_pyld.parse(data=nquads, format="nquads")
    expected = rdflib.Dataset()
    expected.parse(nquads_path, format="nquads")
    from_rdflib = rdflib.Dataset()
    from_rdflib.parse(jsonld_path, format="json-ld")
    readers = {"pyld": from_pyld, "rdflib": from_rdflib}
    for name, fmt in (("oxigraph", pyoxigraph.RdfFormat.JSON_LD), ("oxigraph_streaming", pyoxigraph.RdfFormat.STREAMING_JSON_LD)):
        read = pyoxigraph.serialize(pyoxigraph.parse(path=jsonld_path, format=fmt), format=pyoxigraph.RdfFormat.N_QUADS)
        readers[name] = rdflib.Dataset()
        readers[name].parse(data=read.decode("utf-8"), format="nquads")

    def graph_name(g):
        return str(g.identifier if hasattr(g, "identifier") else g)

    def quads(ds):
        return {(s, p, o, graph_name(g)) for s, p, o, g in ds.quads((None, None, None, None))}

    def graphs(ds):
        out = {}
        for s, p, o, g in ds.quads((None, None, None, None)):
            out.setdefault(graph_name(g), rdflib.Graph()).add((s, p, o))
        return out

    def isomorphic(a, b):
        ga, gb = graphs(a), graphs(b)
        return ga.keys() == gb.keys() and all(rdflib.compare.isomorphic(ga[k], gb[k]) for k in ga)

    want = quads(expected)
    # One node object per subject and graph.
    ids = []
    def walk(nodes, graph):
        for n in nodes:
            ids.append((graph, n.get("@id")))
            if "@graph" in n:
                walk(n["@graph"], n["@id"])
    walk(doc["@graph"], None)
    duplicates = len(ids) - len(set(ids))
    seen = {
        "expected": len(want),
        "graphs": sorted(graphs(expected).keys()),
        "node_objects": len(ids),
        "duplicate_node_objects": duplicates,
        "has_context": isinstance(doc.get("@context"), dict),
    }
    for name, ds in readers.items():
        got = quads(ds)
        seen[name] = len(got)
        seen[f"{name}_missing"] = sorted(map(str, want - got))[:5]
        seen[f"{name}_extra"] = sorted(map(str, got - want))[:5]
        seen[f"{name}_isomorphic"] = isomorphic(expected, ds)
    return seen


def html_check(*paths):
    import html5lib

    pages = []
    for path in paths:
        with open(path, "rb") as f:
            doc = html5lib.parse(f, treebuilder="etree", namespaceHTMLElements=False)
        title = doc.find(".//head/title")
        scripts = doc.findall(".//script")
        data = [s for s in scripts if s.get("id") == "kg-data"]
        pages.append(
            {
                "title": title.text if title is not None else None,
                "scripts": [[s.get("id"), s.get("type"), (s.text or "")[:40]] for s in scripts],
                "body_children": [c.tag for c in doc.find("body")],
                "data": json.loads(data[0].text) if len(data) == 1 else None,
            }
        )
    return pages


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == "rdflib":
        out = rdflib_counts(*args)
    elif command == "sparql":
        out = sparql(*args)
    elif command == "networkx":
        out = networkx_check(*args)
    elif command == "gexf":
        out = gexf_check(*args)
    elif command == "jsonschema":
        out = jsonschema_check(*args)
    elif command == "csv":
        out = csv_check(*args)
    elif command == "owlrl":
        out = owlrl_check(*args)
    elif command == "shacl":
        out = shacl_check(*args)
    elif command == "jsonld":
        out = jsonld_check(*args)
    elif command == "html":
        out = html_check(*args)
    else:
        raise SystemExit(f"unknown command {command}")
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
