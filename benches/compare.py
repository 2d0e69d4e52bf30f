"""The Python side of benches/scale.rs: times networkx and rdflib on kg's exports of a corpus and
prints the median seconds of RUNS runs (one untimed warm-up first is not done: each run starts
from the file, as a user's script would).

    compare.py networkx GRAPH.json FROM_ID TO_ID RUNS   # load the node-link JSON, shortest path
    compare.py rdflib GRAPH.ttl QUERY.rq RUNS           # parse the Turtle, run the query
"""

import json
import statistics
import sys
import time


def networkx_path(json_file, source, target):
    import networkx as nx

    with open(json_file, encoding="utf-8") as f:
        data = json.load(f)
    g = nx.node_link_graph(data, edges="edges")
    path = nx.shortest_path(g.to_undirected(as_view=True), source, target)
    assert len(path) >= 2, path


def rdflib_query(ttl_file, query_file):
    import rdflib

    g = rdflib.Graph()
    g.parse(ttl_file, format="turtle")
    with open(query_file, encoding="utf-8") as f:
        rows = list(g.query(f.read()))
    assert rows, "the treaties query found nothing"


def main():
    kind, *args, runs = sys.argv[1:]
    run = {"networkx": networkx_path, "rdflib": rdflib_query}[kind]
    times = []
    for _ in range(int(runs)):
        start = time.perf_counter()
        run(*args)
        times.append(time.perf_counter() - start)
    print(statistics.median(times))


if __name__ == "__main__":
    main()
