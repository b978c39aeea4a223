// An actor's network drawn as SVG: the actor in the middle, who it met,
// visited, criticized or attacked (and who did so to it) on a circle; one
// curved, arrowed edge per CAMEO root, coloured by quad class.

import { h, svg, latin } from './dom.js';
import { quadOfRoot, QUADS, ROOTS_AR } from './api.js';

const W = 760;
const H = 540;
const MAX_NODES = 24;

function short(s, n) {
  const cps = Array.from(s || '');
  return cps.length > n ? cps.slice(0, n - 1).join('') + '…' : cps.join('');
}

/** The SVG network of `actor` (an ActorDetail). */
export function network(actor) {
  const links = actor.links || [];
  const groups = new Map();
  for (const l of links) {
    const key = l.other || `name:${l.other_name}`;
    if (!groups.has(key)) groups.set(key, { key, id: l.other, name: l.other_name, latin: l.other_latin, code: l.other_actor, links: [], total: 0 });
    const g = groups.get(key);
    g.links.push(l);
    g.total += l.count || 1;
  }
  const others = [...groups.values()].sort((a, b) => b.total - a.total).slice(0, MAX_NODES);
  const cx = W / 2;
  const cy = H / 2;
  const R = Math.min(W, H) / 2 - 70;

  const defs = svg(
    'defs',
    null,
    [1, 2, 3, 4].map((q) =>
      svg(
        'marker',
        { id: `arrow-q${q}`, viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' },
        svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: `arrow-q${q}` })
      )
    )
  );

  const edges = [];
  const nodes = [];
  const n = others.length;
  others.forEach((o, i) => {
    // Start at the top, go clockwise.
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(n, 1);
    o.x = cx + R * Math.cos(angle);
    o.y = cy + R * Math.sin(angle);
    const m = o.links.length;
    o.links.forEach((l, j) => {
      const out = l.direction !== 'in';
      const [x1, y1, x2, y2] = out ? [cx, cy, o.x, o.y] : [o.x, o.y, cx, cy];
      // Shorten to the node circles.
      const dx = x2 - x1;
      const dy = y2 - y1;
      const len = Math.hypot(dx, dy) || 1;
      const ux = dx / len;
      const uy = dy / len;
      const r1 = out ? 30 : 14;
      const r2 = out ? 16 : 32;
      const sx = x1 + ux * r1;
      const sy = y1 + uy * r1;
      const ex = x2 - ux * r2;
      const ey = y2 - uy * r2;
      // Bend each parallel edge by its own amount.
      const bend = (j - (m - 1) / 2) * 36 + (out ? 10 : -10);
      const mx = (sx + ex) / 2 - uy * bend;
      const my = (sy + ey) / 2 + ux * bend;
      const q = quadOfRoot(l.root);
      const width = 1.5 + Math.log2(1 + (l.count || 1));
      edges.push(
        svg(
          'path',
          {
            d: `M ${sx.toFixed(1)} ${sy.toFixed(1)} Q ${mx.toFixed(1)} ${my.toFixed(1)} ${ex.toFixed(1)} ${ey.toFixed(1)}`,
            class: `edge q${q}`,
            'stroke-width': width.toFixed(1),
            'marker-end': `url(#arrow-q${q})`,
            dataset: { root: l.root, direction: l.direction },
          },
          svg('title', null, `${out ? actor.canonical : o.name} ← ${out ? o.name : actor.canonical}: ${l.root} ${ROOTS_AR[l.root] || ''} ×${l.count}`)
        )
      );
    });
    const label = [
      svg('circle', { cx: o.x.toFixed(1), cy: o.y.toFixed(1), r: '14', class: 'node other' }),
      svg('text', { x: o.x.toFixed(1), y: (o.y + (o.y < cy ? -22 : 30)).toFixed(1), class: 'node-label', 'text-anchor': 'middle' }, short(o.name, 22)),
      o.latin || o.code
        ? svg('text', { x: o.x.toFixed(1), y: (o.y + (o.y < cy ? -36 : 44)).toFixed(1), class: 'node-latin', 'text-anchor': 'middle', direction: 'ltr' }, short(o.latin || o.code, 26))
        : null,
      svg('title', null, [o.name, o.latin, o.code].filter(Boolean).join(' · ')),
    ];
    nodes.push(o.id ? svg('a', { href: `#/actor/${encodeURIComponent(o.id)}`, class: 'node-link' }, label) : svg('g', null, label));
  });

  const center = svg(
    'g',
    { class: 'center' },
    svg('circle', { cx, cy, r: '28', class: 'node self' }),
    svg('text', { x: cx, y: cy + 48, class: 'node-label self-label', 'text-anchor': 'middle' }, short(actor.canonical, 26)),
    actor.latin ? svg('text', { x: cx, y: cy + 64, class: 'node-latin', 'text-anchor': 'middle', direction: 'ltr' }, short(actor.latin, 30)) : null
  );

  const chart = svg(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, class: 'network', role: 'img', 'aria-label': `Network of ${actor.latin || actor.canonical}` },
    defs,
    svg('g', { class: 'edges' }, edges),
    center,
    svg('g', { class: 'nodes' }, nodes)
  );

  const key = h(
    'div',
    { class: 'legend' },
    [1, 2, 3, 4].map((q) => h('span', { class: `legend-item quad q${q}` }, h('i', { class: 'swatch' }), QUADS[q].ar, ' ', latin(QUADS[q].en, 'muted')))
  );
  if (!others.length) {
    return h('div', { class: 'network-wrap empty' }, h('p', { class: 'muted' }, 'لا علاقات مسجلة بعد.'));
  }
  return h('div', { class: 'network-wrap' }, chart, key);
}
