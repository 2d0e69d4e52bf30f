// Feeds kg's exports to the real JavaScript consumers and prints what they saw as JSON, for
// tests/consumers.rs to check. Usage (from tests/js, after `npm ci`):
//
//   node consumers.mjs cytoscape FILE.cyjs   -> counts, a node's data and style, an edge's data
//   node consumers.mjs mermaid FILE.mmd      -> {"ok": true, "type": ..., "nodes": N, "edges": N}
//                                               or {"ok": false, "error": ...}
//   node consumers.mjs mermaid-batch LIST.json -> one such answer per [FILE, NODE_ID] in LIST, in
//                                               one process (for the property tests)
//
// Mermaid's parser needs a DOM (DOMPurify); jsdom provides one, so no browser is needed.
import { readFileSync } from "node:fs";

const [command, file] = process.argv.slice(2);
const text = readFileSync(file, "utf8");

async function cytoscapeCheck() {
  const { default: cytoscape } = await import("cytoscape");
  const json = JSON.parse(text);
  // Loaded as is: the whole document is a Cytoscape.js initialisation object.
  const cy = cytoscape({ ...json, headless: true, styleEnabled: true });
  const node = cy.getElementById("sakhalin");
  const transfers = cy
    .edges('[relation = "transferred_to"]')
    .map((e) => [e.source().id(), e.target().id(), e.data("under") ?? null]);
  const background = cy.edges("[?background]");
  return {
    nodes: cy.nodes().length,
    edges: cy.edges().length,
    sakhalin: {
      data: node.data(),
      shape: node.style("shape"),
      color: node.style("background-color"),
      degree: node.degree(false),
    },
    transfers: transfers.sort(),
    background: background.length,
    background_line: background.length ? background[0].style("line-style") : null,
    stated_line: cy.edges("[!background]")[0].style("line-style"),
  };
}

// Mermaid keeps entity codes (`#quot;`, `#35;`) in its own placeholders until it renders; decode
// them as its renderer does, to compare a label with the text it stands for.
const decodeEntities = (s) =>
  s
    .replace(/ﬂ°°(\d+)¶ß/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/ﬂ°(\w+)¶ß/g, (_, name) => ({ quot: '"', lt: "<", gt: ">", amp: "&" })[name] ?? `&${name};`);

// What a reader sees of a label: Mermaid's text (sanitised HTML with its entity placeholders) as
// its renderer puts it into the page, read back as text by the DOM, line breaks as "\n".
const shownText = (s) => {
  const div = document.createElement("div");
  div.innerHTML = s
    .replace(/ﬂ°°(\d+)¶ß/g, "&#$1;")
    .replace(/ﬂ°(\w+)¶ß/g, "&$1;")
    .replace(/<br\s*\/?>/gi, "\n");
  return div.textContent;
};

async function loadMermaid() {
  const { JSDOM } = await import("jsdom");
  const dom = new JSDOM("<!doctype html><html><body></body></html>");
  globalThis.window = dom.window;
  globalThis.document = dom.window.document;
  const { default: mermaid } = await import("mermaid");
  mermaid.initialize({ startOnLoad: false });
  return mermaid;
}

async function mermaidBatch() {
  const mermaid = await loadMermaid();
  const out = [];
  for (const [path, focus] of JSON.parse(text)) {
    out.push(await mermaidCheck(mermaid, readFileSync(path, "utf8"), focus));
  }
  return out;
}

async function mermaidCheck(mermaid, text, focusId) {
  try {
    const result = await mermaid.parse(text);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db;
    const vertices = db.getVertices();
    const edges = db.getEdges();
    const size = vertices instanceof Map ? vertices.size : Object.keys(vertices).length;
    const get = (id) => (vertices instanceof Map ? vertices.get(id) : vertices[id]);
    const first = edges[0];
    return {
      ok: true,
      type: result.diagramType,
      nodes: size,
      edges: edges.length,
      node_ids: [...(vertices instanceof Map ? vertices.keys() : Object.keys(vertices))].sort(),
      edge_list: edges.map((e) => [e.start, e.end, e.text, e.stroke]),
      focus_label: focusId ? decodeEntities(get(focusId)?.text ?? "") : null,
      focus_text: focusId ? shownText(get(focusId)?.text ?? "") : null,
      first_edge: first ? { start: first.start, end: first.end, text: first.text } : null,
    };
  } catch (e) {
    return { ok: false, error: String(e?.message ?? e).slice(0, 500) };
  }
}

const out =
  command === "cytoscape"
    ? await cytoscapeCheck()
    : command === "mermaid"
      ? await mermaidCheck(await loadMermaid(), text, process.argv[4])
      : command === "mermaid-batch"
        ? await mermaidBatch()
        : null;
if (out === null) {
  console.error(`unknown command ${command}`);
  process.exit(2);
}
// Cytoscape keeps timers alive; exit once the answer is written.
process.stdout.write(JSON.stringify(out), () => process.exit(0));
