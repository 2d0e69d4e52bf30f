// The interactive page of `kg export --format html`: draws the embedded graph as SVG and wires
// search, filters, cards, the essay's highlights and the path finder. Everything it shows comes
// from the JSON that src/export/html.rs embeds; it loads nothing.
(function () {
  'use strict';
  const D = JSON.parse(document.getElementById('kg-data').textContent);
  const SVGNS = 'http://www.w3.org/2000/svg';
  const typeByName = {};
  D.types.forEach(t => { typeByName[t.name] = t; });
  // The essay as code points: the offsets in the data count Unicode code points, while JavaScript
  // strings index UTF-16 units, so all slicing goes through this array.
  const essayCps = Array.from(D.essay);
  const nodeIndex = {};
  D.nodes.forEach((n, i) => { nodeIndex[n.id] = i; });

  // ---- small DOM helpers ----
  function h(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'onclick') e.addEventListener('click', v);
      else if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v);
    }
    children.forEach(c => { if (c !== null && c !== undefined) e.append(c); });
    return e;
  }
  function s(tag, attrs) {
    const e = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  }

  // The name key of src/names.rs (kept equal by the browser test, which compares this function's
  // result with the key computed in Rust for every name in the data).
  function nameKey(name) {
    let t = name.trim();
    if (t.length > 4 && t.slice(0, 4).toLowerCase() === 'the ') t = t.slice(4).trimStart();
    return t.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  }

  // Entities whose name or alias matches the query: equal keys first, then keys starting with the
  // query, then keys containing it.
  function search(query) {
    const k = nameKey(query);
    if (!k) return [];
    const hits = [];
    D.nodes.forEach((n, i) => {
      let best = null;
      n.keys.forEach((key, j) => {
        const rank = key === k ? 0 : key.startsWith(k) ? 1 : key.includes(k) ? 2 : null;
        if (rank !== null && (best === null || rank < best.rank)) best = { node: i, rank, name: n.names[j] };
      });
      if (best) hits.push(best);
    });
    hits.sort((a, b) => a.rank - b.rank || D.nodes[a.node].label.localeCompare(D.nodes[b.node].label));
    return hits;
  }
  // The one entity a name means, as `kg show` resolves it (equal keys; a name two entities share
  // means neither), or else the only entity whose names contain it; null when none or several.
  function resolve(query) {
    const hits = search(query);
    const exact = hits.filter(h => h.rank === 0);
    if (exact.length) return exact.length === 1 ? exact[0].node : null;
    return hits.length === 1 ? hits[0].node : null;
  }

  // ---- shapes: each Graphviz shape of style.rs as a small SVG drawing ----
  function regular(n, r) {
    const pts = [];
    for (let i = 0; i < n; i++) {
      const a = -Math.PI / 2 + (i * 2 * Math.PI) / n;
      pts.push((r * Math.cos(a)).toFixed(1) + ',' + (r * Math.sin(a)).toFixed(1));
    }
    return pts.join(' ');
  }
  const POLY = {
    diamond: '0,-11 14,0 0,11 -14,0',
    Mdiamond: '0,-11 14,0 0,11 -14,0',
    house: '-11,8 11,8 11,-2 0,-10 -11,-2',
    invhouse: '-11,-8 11,-8 11,2 0,10 -11,2',
    trapezium: '-13,8 13,8 7,-8 -7,-8',
    invtrapezium: '-13,-8 13,-8 7,8 -7,8',
    triangle: '0,-11 12,8 -12,8',
    parallelogram: '-13,8 8,8 13,-8 -8,-8',
    note: '-10,-10 5,-10 10,-5 10,10 -10,10',
    tab: '-11,-6 -11,9 11,9 11,-6 -1,-6 -1,-10 -11,-10',
    cds: '-12,-8 6,-8 12,0 6,8 -12,8',
    pentagon: regular(5, 11),
    hexagon: regular(6, 11),
    septagon: regular(7, 11),
    octagon: regular(8, 11),
  };
  function shape(name, fill) {
    const g = s('g', { class: 'shape' });
    const style = { fill, stroke: '#333', 'stroke-width': 1 };
    const add = (tag, attrs) => { const e = s(tag, Object.assign({}, style, attrs)); g.append(e); return e; };
    if (name === 'box' || name === 'component') {
      add('rect', { x: -12, y: -8, width: 24, height: 16 });
      if (name === 'component') {
        add('rect', { x: -15, y: -5, width: 6, height: 3 });
        add('rect', { x: -15, y: 2, width: 6, height: 3 });
      }
    } else if (name === 'box3d') {
      add('path', { d: 'M-12,-5 l3,-4 h21 v14 l-3,4 M9,-5 l3,-4' });
      add('rect', { x: -12, y: -5, width: 21, height: 14 });
    } else if (name === 'ellipse') {
      add('ellipse', { rx: 13, ry: 8 });
    } else if (name === 'circle') {
      add('circle', { r: 9 });
    } else if (name === 'cylinder') {
      add('path', { d: 'M-10,-7 v14 a10,3 0 0,0 20,0 v-14 a10,3 0 0,0 -20,0 a10,3 0 0,0 20,0' });
    } else if (POLY[name]) {
      add('polygon', { points: POLY[name] });
      if (name === 'Mdiamond') add('path', { d: 'M-4,-8 l8,0 M-4,8 l8,0 M-11,-2 l0,4 M11,-2 l0,4', fill: 'none' });
      if (name === 'note') add('path', { d: 'M5,-10 v5 h5', fill: 'none' });
    } else {
      add('rect', { x: -12, y: -8, width: 24, height: 16 });
    }
    return g;
  }
  function swatch(type) {
    const svg = s('svg', { width: 32, height: 24, viewBox: '-16 -12 32 24', class: 'swatch' });
    svg.append(shape(type.shape, type.fill));
    return svg;
  }

  // ---- page skeleton ----
  const searchInput = h('input', { type: 'search', id: 'search', placeholder: 'Search a name or alias', autocomplete: 'off' });
  const searchResults = h('ul', { id: 'search-results' });
  const fromInput = h('input', { type: 'search', id: 'path-from', placeholder: 'from', autocomplete: 'off' });
  const toInput = h('input', { type: 'search', id: 'path-to', placeholder: 'to', autocomplete: 'off' });
  const statedOnly = h('input', { type: 'checkbox', id: 'path-stated-only' });
  const pathButton = h('button', { id: 'path-find', type: 'button', text: 'Find path' });
  const showBackground = h('input', { type: 'checkbox', id: 'show-background', checked: '' });
  const filters = h('div', { id: 'filters' });
  const card = h('div', { id: 'card' }, h('p', { class: 'hint', text: 'Click an entity or a relation, search a name, or click a highlighted passage of the essay.' }));
  const essay = h('div', { id: 'essay' });
  const svg = s('svg', { id: 'graph', role: 'img', 'aria-label': 'the knowledge graph' });
  const viewport = s('g', { id: 'viewport' });
  svg.append(viewport);

  document.body.append(
    h('header', {},
      h('h1', { text: D.title }),
      h('div', { class: 'search' }, searchInput, searchResults),
      h('div', { class: 'pathfinder' }, h('span', { text: 'Path:' }), fromInput, toInput,
        h('label', {}, statedOnly, ' stated only'), pathButton)),
    h('main', {},
      h('nav', { id: 'controls' },
        h('label', { class: 'toggle' }, showBackground, ' background relations (dashed)'),
        h('div', { class: 'zoom' },
          h('button', { type: 'button', id: 'zoom-in', text: '+' }),
          h('button', { type: 'button', id: 'zoom-out', text: '−' }),
          h('button', { type: 'button', id: 'zoom-fit', text: 'fit' })),
        h('h2', { text: 'Types' }), filters),
      h('section', { id: 'graph-pane' }, svg),
      h('section', { id: 'side' }, card, h('h2', { text: 'The essay' }), essay)));

  // ---- the graph ----
  const defs = s('defs');
  [['arrow', D.stated_colour], ['arrow-bg', D.background_colour], ['arrow-hi', '#d7301f']].forEach(([id, colour]) => {
    const m = s('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    m.append(s('path', { d: 'M0,0 L10,5 L0,10 z', fill: colour }));
    defs.append(m);
  });
  viewport.append(defs);
  const edgeLayer = s('g', { id: 'edges' });
  const nodeLayer = s('g', { id: 'nodes' });
  viewport.append(edgeLayer, nodeLayer);

  // Parallel relations between the same two entities bend apart.
  const pairCount = {};
  const pairSeen = {};
  const pairKey = e => Math.min(e.source, e.target) + ',' + Math.max(e.source, e.target);
  D.edges.forEach(e => { pairCount[pairKey(e)] = (pairCount[pairKey(e)] || 0) + 1; });
  const edgeEls = D.edges.map((e, i) => {
    const a = D.nodes[e.source], b = D.nodes[e.target];
    const key = pairKey(e);
    const k = pairSeen[key] = (pairSeen[key] || 0) + 1;
    const offset = (k - (pairCount[key] + 1) / 2) * 22 * (e.source < e.target ? 1 : -1);
    const dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy) || 1;
    const cx = (a.x + b.x) / 2 - (dy / len) * offset, cy = (a.y + b.y) / 2 + (dx / len) * offset;
    // End the line before the target's shape, along the curve's final tangent.
    const tx = b.x - cx, ty = b.y - cy, tl = Math.hypot(tx, ty) || 1;
    const ex = b.x - (tx / tl) * 19, ey = b.y - (ty / tl) * 19;
    const d = `M${a.x},${a.y} Q${cx.toFixed(1)},${cy.toFixed(1)} ${ex.toFixed(1)},${ey.toFixed(1)}`;
    const g = s('g', { class: 'edge ' + (e.stated ? 'stated' : 'background'), 'data-id': e.id, 'data-index': i });
    const title = s('title');
    title.textContent = e.sentence + ' (' + e.label + ')\n' + e.basis;
    g.append(title, s('path', { class: 'hit', d }), s('path', { class: 'line', d, 'marker-end': e.stated ? 'url(#arrow)' : 'url(#arrow-bg)' }));
    g.addEventListener('click', ev => { ev.stopPropagation(); if (!dragged) selectEdge(i); });
    edgeLayer.append(g);
    return g;
  });
  const nodeEls = D.nodes.map((n, i) => {
    const t = typeByName[n.type];
    const g = s('g', { class: 'node', 'data-id': n.id, 'data-index': i, transform: `translate(${n.x},${n.y})` });
    const title = s('title');
    title.textContent = n.label + ' (' + n.type + ')';
    const label = s('text', { y: 30, 'text-anchor': 'middle' });
    label.textContent = n.label.length > 30 ? n.label.slice(0, 28) + '…' : n.label;
    const drawn = shape(t.shape, t.fill);
    drawn.setAttribute('transform', 'scale(1.5)');
    g.append(title, drawn, label);
    g.addEventListener('click', ev => { ev.stopPropagation(); if (!dragged) selectNode(i); });
    nodeLayer.append(g);
    return g;
  });

  // ---- pan and zoom, by the viewBox ----
  // The first view holds every node, label and edge as drawn, with a margin; before the page is
  // laid out (no boxes yet) it falls back on the node centres.
  const xs = D.nodes.map(n => n.x), ys = D.nodes.map(n => n.y);
  let bounds = { x: Math.min(...xs) - 80, y: Math.min(...ys) - 40, w: Math.max(...xs) - Math.min(...xs) + 160, h: Math.max(...ys) - Math.min(...ys) + 80 };
  const drawn = [nodeLayer.getBBox(), edgeLayer.getBBox()].filter(b => b.width > 0 && b.height > 0);
  if (drawn.length) {
    const x0 = Math.min(...drawn.map(b => b.x)), y0 = Math.min(...drawn.map(b => b.y));
    const x1 = Math.max(...drawn.map(b => b.x + b.width)), y1 = Math.max(...drawn.map(b => b.y + b.height));
    bounds = { x: x0 - 20, y: y0 - 20, w: x1 - x0 + 40, h: y1 - y0 + 40 };
  }
  let view = Object.assign({}, bounds);
  function applyView() { svg.setAttribute('viewBox', `${view.x} ${view.y} ${view.w} ${view.h}`); }
  function zoom(factor, cx, cy) {
    const nw = Math.min(Math.max(view.w * factor, 80), bounds.w * 4);
    const f = nw / view.w;
    view = { x: cx - (cx - view.x) * f, y: cy - (cy - view.y) * f, w: view.w * f, h: view.h * f };
    applyView();
  }
  function toGraph(ev) {
    const r = svg.getBoundingClientRect();
    // preserveAspectRatio meet: the scale is the larger of the two ratios.
    const scale = Math.max(view.w / r.width, view.h / r.height);
    const ox = view.x + view.w / 2 - (r.width * scale) / 2, oy = view.y + view.h / 2 - (r.height * scale) / 2;
    return { x: ox + (ev.clientX - r.left) * scale, y: oy + (ev.clientY - r.top) * scale, scale };
  }
  svg.addEventListener('wheel', ev => {
    // A wheel event without vertical movement (a sideways trackpad swipe) is not a zoom.
    if (ev.deltaY === 0) return;
    ev.preventDefault();
    const p = toGraph(ev);
    zoom(ev.deltaY > 0 ? 1.15 : 1 / 1.15, p.x, p.y);
  }, { passive: false });
  let drag = null, dragged = false;
  svg.addEventListener('pointerdown', ev => { drag = { x: ev.clientX, y: ev.clientY, view: Object.assign({}, view), scale: toGraph(ev).scale }; dragged = false; });
  window.addEventListener('pointermove', ev => {
    if (!drag) return;
    const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 4) dragged = true;
    if (dragged) { view.x = drag.view.x - dx * drag.scale; view.y = drag.view.y - dy * drag.scale; applyView(); }
  });
  window.addEventListener('pointerup', () => { drag = null; setTimeout(() => { dragged = false; }, 0); });
  svg.addEventListener('click', () => { if (!dragged) clearSelection(); });
  document.getElementById('zoom-in').addEventListener('click', () => zoom(1 / 1.4, view.x + view.w / 2, view.y + view.h / 2));
  document.getElementById('zoom-out').addEventListener('click', () => zoom(1.4, view.x + view.w / 2, view.y + view.h / 2));
  document.getElementById('zoom-fit').addEventListener('click', () => { view = Object.assign({}, bounds); applyView(); });
  function reveal(i) {
    const n = D.nodes[i];
    if (n.x < view.x || n.x > view.x + view.w || n.y < view.y || n.y > view.y + view.h) {
      view.x = n.x - view.w / 2; view.y = n.y - view.h / 2; applyView();
    }
  }
  applyView();

  // ---- filters ----
  const hiddenTypes = new Set();
  const present = new Set(D.nodes.map(n => n.type));
  D.types.filter(t => present.has(t.name)).forEach(t => {
    const box = h('input', { type: 'checkbox', checked: '', 'data-type': t.name });
    box.addEventListener('change', () => { if (box.checked) hiddenTypes.delete(t.name); else hiddenTypes.add(t.name); applyFilters(); });
    const count = D.nodes.filter(n => n.type === t.name).length;
    filters.append(h('label', { title: t.comment }, box, swatch(t), ` ${t.name} (${count})`));
  });
  showBackground.addEventListener('change', applyFilters);
  function nodeVisible(i) { return !hiddenTypes.has(D.nodes[i].type); }
  function edgeVisible(i) {
    const e = D.edges[i];
    return nodeVisible(e.source) && nodeVisible(e.target) && (e.stated || showBackground.checked);
  }
  function applyFilters() {
    nodeEls.forEach((g, i) => g.classList.toggle('hidden', !nodeVisible(i)));
    edgeEls.forEach((g, i) => g.classList.toggle('hidden', !edgeVisible(i)));
  }

  // ---- the essay, with highlights ----
  // ranges: {start, end, cls, node?, edge?, prio}; where ranges overlap the highest prio shows.
  function renderEssay(ranges) {
    const cuts = new Set([0, essayCps.length]);
    ranges.forEach(r => { cuts.add(r.start); cuts.add(r.end); });
    const points = Array.from(cuts).sort((a, b) => a - b);
    essay.textContent = '';
    let first = null;
    for (let k = 0; k + 1 < points.length; k++) {
      const a = points[k], b = points[k + 1];
      const text = essayCps.slice(a, b).join('');
      let top = null;
      ranges.forEach(r => { if (r.start <= a && r.end >= b && (top === null || r.prio > top.prio)) top = r; });
      if (!top) { essay.append(text); continue; }
      const m = h('mark', { class: top.cls, 'data-start': a, 'data-end': b, text });
      if (top.edge !== undefined) m.setAttribute('data-edge', D.edges[top.edge].id);
      if (top.node !== undefined) m.setAttribute('data-node', D.nodes[top.node].id);
      m.addEventListener('click', () => { if (top.edge !== undefined) selectEdge(top.edge); else if (top.node !== undefined) selectNode(top.node); });
      if (!first || top.prio > first.prio) first = { el: m, prio: top.prio };
      essay.append(m);
    }
    if (first) first.el.scrollIntoView({ block: 'center' });
  }
  renderEssay([]);

  // ---- selection ----
  function clearMarks() {
    nodeEls.forEach(g => g.classList.remove('selected', 'near', 'onpath'));
    edgeEls.forEach(g => g.classList.remove('selected', 'near', 'onpath'));
  }
  function clearSelection() {
    clearMarks();
    card.textContent = '';
    card.append(h('p', { class: 'hint', text: 'Click an entity or a relation, search a name, or click a highlighted passage of the essay.' }));
    renderEssay([]);
  }
  const edgeIndex = {};
  D.edges.forEach((e, i) => { edgeIndex[e.id] = i; });
  function entityLink(ref) {
    return h('a', { href: '#', class: 'entity', 'data-id': ref.id, onclick: ev => { ev.preventDefault(); selectNode(nodeIndex[ref.id]); } }, ref.label);
  }
  function quoteEl(q) { return h('q', {}, q.quote); }
  function evidenceEl(ev) {
    if (ev.source === 'essay') return h('span', { class: 'evidence' }, quoteEl(ev), ` [${ev.start}..${ev.end}]`);
    return h('span', { class: 'evidence background' }, 'background: ' + ev.basis);
  }
  function qualifierText(q) {
    const parts = [];
    if (q.under) parts.push('under ' + q.under.label);
    if (q.place) parts.push('at ' + q.place.label);
    if (q.date) parts.push(q.date);
    if (q.start && q.end) parts.push(q.start + ' to ' + q.end);
    else if (q.start) parts.push('from ' + q.start);
    else if (q.end) parts.push('until ' + q.end);
    if (q.role) parts.push(q.role);
    return parts.length ? ' [' + parts.join(', ') + ']' : '';
  }
  function relationItem(r) {
    const arrow = r.direction === 'outgoing' ? '→ ' : r.direction === 'incoming' ? '← ' : '·· ';
    const head = r.direction === 'qualifier'
      ? h('span', {}, entityLink(r.other), ' ' + r.reads + ' ', entityLink(r.object))
      : h('span', {}, r.reads + ' ', entityLink(r.other), ` (${r.other.type})`);
    const li = h('li', { class: 'relation', 'data-id': r.id },
      h('a', { href: '#', class: 'relation-link', onclick: ev => { ev.preventDefault(); selectEdge(edgeIndex[r.id]); } }, arrow),
      head, qualifierText(r.qualifiers), h('br'), evidenceEl(r.evidence));
    return li;
  }
  function selectNode(i) {
    if (i === undefined || i === null) return;
    clearMarks();
    const n = D.nodes[i], c = n.card, e = c.entity;
    nodeEls[i].classList.add('selected');
    const ranges = [];
    D.edges.forEach((ed, j) => {
      if (ed.source !== i && ed.target !== i) return;
      edgeEls[j].classList.add('near');
      nodeEls[ed.source === i ? ed.target : ed.source].classList.add('near');
      if (ed.passage) ranges.push({ start: ed.passage.start, end: ed.passage.end, cls: 'related', edge: j, prio: 1 });
    });
    e.mentions.forEach(m => ranges.push({ start: m.start, end: m.end, cls: 'mention', node: i, prio: 2 }));
    ranges.push({ start: e.evidence.start, end: e.evidence.end, cls: 'primary', node: i, prio: 3 });
    reveal(i);
    card.textContent = '';
    const facts = h('dl', {});
    const fact = (k, ...v) => facts.append(h('dt', { text: k }), h('dd', {}, ...v));
    if (e.aliases.length) fact('also', e.aliases.join(', '));
    if (e.background_aliases.length) fact('also (background)', e.background_aliases.join(', '));
    if (e.wikidata) fact('wikidata', e.wikidata);
    for (const key of ['date', 'start', 'end']) if (e[key]) fact(key, e[key].value + ' ', quoteEl(e[key].evidence));
    e.numbers.forEach(num => fact(num.property, `${num.value}${num.unit ? ' ' + num.unit : ''} `, quoteEl(num.evidence)));
    fact('evidence', quoteEl(e.evidence), ` [${e.evidence.start}..${e.evidence.end}]`);
    fact('mentions', String(e.mentions.length));
    if (e.note) fact('note', e.note);
    card.append(
      h('h2', {}, e.label, h('span', { class: 'type', text: ` [${e.type}] (${e.id})` })),
      facts,
      h('h3', { text: `relations (${c.relations.length})` }),
      h('ul', { class: 'relations' }, ...c.relations.map(relationItem)));
    if (c.qualifies.length) {
      card.append(h('h3', { text: `named as the treaty or place of (${c.qualifies.length})` }),
        h('ul', { class: 'relations' }, ...c.qualifies.map(relationItem)));
    }
    renderEssay(ranges);
  }
  function selectEdge(j) {
    if (j === undefined || j === null) return;
    clearMarks();
    const ed = D.edges[j];
    edgeEls[j].classList.add('selected');
    nodeEls[ed.source].classList.add('near');
    nodeEls[ed.target].classList.add('near');
    reveal(ed.source);
    card.textContent = '';
    card.append(
      h('h2', {}, entityLink(D.nodes[ed.source]), ' ' + ed.label + ' ', entityLink(D.nodes[ed.target])),
      h('p', { class: 'kind', text: `${ed.relation} (${ed.id}), ${ed.stated ? 'stated in the essay' : 'background knowledge'}` }),
      h('p', { class: 'evidence' + (ed.stated ? '' : ' background'), text: ed.basis }));
    if (!ed.stated && ed.passage) card.append(h('p', { class: 'context' }, 'the passage that made it relevant: ', quoteEl(ed.passage)));
    renderEssay(ed.passage ? [{ start: ed.passage.start, end: ed.passage.end, cls: 'primary', edge: j, prio: 3 }] : []);
  }

  // ---- search ----
  function showResults() {
    const hits = search(searchInput.value).slice(0, 12);
    searchResults.textContent = '';
    hits.forEach(hit => {
      const n = D.nodes[hit.node];
      const li = h('li', { 'data-id': n.id }, n.label, hit.name !== n.label ? h('span', { class: 'alias', text: ` (${hit.name})` }) : null,
        h('span', { class: 'type', text: ' ' + n.type }));
      li.addEventListener('click', () => { selectNode(hit.node); searchResults.textContent = ''; });
      searchResults.append(li);
    });
  }
  searchInput.addEventListener('input', showResults);
  searchInput.addEventListener('keydown', ev => {
    if (ev.key === 'Enter') {
      const hits = search(searchInput.value);
      if (hits.length) { selectNode(hits[0].node); searchResults.textContent = ''; }
    } else if (ev.key === 'Escape') searchResults.textContent = '';
  });

  // ---- path finder: the paths `kg path` finds, computed by the exporter for every pair ----
  function findPath() {
    const a = resolve(fromInput.value), b = resolve(toInput.value);
    card.textContent = '';
    if (a === null || b === null) {
      const bad = a === null ? fromInput.value : toInput.value;
      card.append(h('p', { class: 'error', text: `no single entity is named "${bad}"; try the search box` }));
      return;
    }
    const steps = (statedOnly.checked ? D.stated_paths : D.paths)[a][b];
    clearMarks();
    if (!steps) {
      card.append(h('p', { class: 'path-none', text: `no path from ${D.nodes[a].label} to ${D.nodes[b].label}` }));
      renderEssay([]);
      return;
    }
    const list = h('ol', { class: 'path' }, h('li', {}, entityLink(D.nodes[a]), ` (${D.nodes[a].type})`));
    const ranges = [];
    let at = a;
    nodeEls[a].classList.add('onpath');
    steps.forEach(step => {
      const j = Math.abs(step) - 1, forward = step > 0, ed = D.edges[j];
      const next = forward ? ed.target : ed.source;
      edgeEls[j].classList.add('onpath');
      nodeEls[next].classList.add('onpath');
      if (ed.passage) ranges.push({ start: ed.passage.start, end: ed.passage.end, cls: 'primary', edge: j, prio: 3 });
      list.append(h('li', { class: 'step', 'data-edge': ed.id },
        h('a', { href: '#', onclick: ev => { ev.preventDefault(); selectEdge(j); } }, forward ? '→ ' + ed.reading : '← ' + ed.inverse),
        ' ', entityLink(D.nodes[next]), ` (${D.nodes[next].type})`, h('br'), h('span', { class: 'evidence' + (ed.stated ? '' : ' background'), text: ed.basis })));
      at = next;
    });
    card.append(h('h2', { text: `${steps.length} ${steps.length === 1 ? 'hop' : 'hops'}` }), list);
    renderEssay(ranges);
    return at;
  }
  pathButton.addEventListener('click', findPath);
  [fromInput, toInput].forEach(i => i.addEventListener('keydown', ev => { if (ev.key === 'Enter') findPath(); }));

  // For tests and the curious: the functions behind the page.
  window.kg = { data: D, nameKey, search, resolve, selectNode, selectEdge, findPath };
})();
