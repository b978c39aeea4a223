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
    // The frame of the centre → node line: edges bend off it on both
    // sides, one per CAMEO root and direction, so none hides another.
    const dx = o.x - cx;
    const dy = o.y - cy;
    const len = Math.hypot(dx, dy) || 1;
    const ux = dx / len;
    const uy = dy / len;
    o.links.forEach((l, j) => {
      const out = l.direction !== 'in';
      // Ends on the circles' rims (centre radius 28, node radius 14).
      const a = [cx + ux * 32, cy + uy * 32];
      const b = [o.x - ux * 18, o.y - uy * 18];
      const [sx, sy] = out ? a : b;
      const [ex, ey] = out ? b : a;
      const bend = m === 1 ? 0 : (j - (m - 1) / 2) * 34;
      const mx = (a[0] + b[0]) / 2 - uy * bend;
      const my = (a[1] + b[1]) / 2 + ux * bend;
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
