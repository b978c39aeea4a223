// The article view: the text with its entities coloured by type, each
// event beside the sentence it came from, and the entity list. Used by the
// document page and by "analyze text". All offsets are code points.

import { h, latin, codePoints, runs, disjoint, routeHash } from './dom.js';
import { cameo, quadOfRoot, ROOTS_AR, MODALITY_AR, TYPES, get } from './api.js';

/** The entity-type legend. */
export function legend() {
  return h(
    'div',
    { class: 'legend', 'aria-label': 'Legend' },
    Object.entries(TYPES).map(([t, n]) =>
      h('span', { class: `legend-item ent ent-${t}` }, n.ar, ' ', latin(n.en, 'muted'))
    )
  );
}

/** Opens the actor page of a document entity (looked up by name and type). */
export async function openEntity(entity) {
  try {
    const r = await get('actors', { q: entity.canonical, type: entity.type, top: 10 });
    const list = r.actors || [];
    const exact = list.find((a) => a.canonical === entity.canonical) || list[0];
    if (exact) {
      location.hash = `#/actor/${encodeURIComponent(exact.id)}`;
      return;
    }
  } catch {
    // fall through to the search
  }
  location.hash = routeHash('actors', { q: entity.canonical });
}

function entityChip(e, storeLinks) {
  const attrs = { class: `chip ent ent-${e.type}`, title: [e.type, e.actor, e.country].filter(Boolean).join(' · ') };
  const body = [
    h('span', { class: 'chip-name' }, e.canonical || e.text),
    e.latin ? latin(e.latin, 'chip-latin') : null,
    e.actor ? latin(e.actor, 'code') : null,
  ];
  if (!storeLinks) return h('span', attrs, body);
  return h(
    'a',
    {
      ...attrs,
      href: routeHash('actors', { q: e.canonical }),
      onclick: (ev) => {
        ev.preventDefault();
        openEntity(e);
      },
    },
    body
  );
}

/** One participant of an event: Arabic name, Latin name and actor code. */
export function participant(p, name, latinName, byId) {
  if (!p && !name) return h('span', { class: 'muted' }, '—');
  const ent = p && p.entity && byId ? byId.get(p.entity) : null;
  const ar = name || (ent && ent.canonical) || (p && p.text) || '';
  const la = latinName || (ent && ent.latin);
  const code = p && p.actor;
  return h('span', { class: 'party' }, h('span', { class: 'party-ar' }, ar), la ? latin(la, 'party-latin') : null, code ? latin(code, 'code') : null);
}

/** The CAMEO label of an event: code, English name, Arabic root name. */
export function cameoLabel(code, root, table) {
  const c = table[code] || table[root] || null;
  const quad = quadOfRoot(root);
  return h(
    'span',
    { class: `cameo q${quad}` },
    latin(code, 'cameo-code'),
    ' ',
    h('span', { class: 'cameo-ar' }, ROOTS_AR[root] || ''),
    c ? latin(c.name, 'cameo-en') : null
  );
}

/** An event card. */
export function eventCard(e, table, byId, extra) {
  const quad = quadOfRoot(e.root);
  const loc = e.location;
  return h(
    'div',
    { class: `event-card q${quad}` },
    h('div', { class: 'event-head' }, cameoLabel(e.code, e.root, table), modality(e.modality)),
    h(
      'div',
      { class: 'event-parties' },
      participant(e.source, e.source_name, e.source_latin, byId),
      h('span', { class: 'arrow', 'aria-hidden': 'true' }, '←'),
      participant(e.target, e.target_name, e.target_latin, byId)
    ),
    h(
      'div',
      { class: 'event-meta' },
      e.trigger && e.trigger.text ? h('span', { title: 'trigger' }, '«', e.trigger.text, '»') : null,
      e.date ? h('span', { class: 'date' }, latin(e.date)) : null,
      e.date_text ? h('span', { class: 'muted' }, e.date_text) : null,
      loc ? h('span', { class: 'place', title: 'location' }, loc.text, loc.latin ? latin(loc.latin, 'place-latin') : null) : null,
      extra || null
    )
  );
}

export function modality(m) {
  if (!m) return null;
  return h('span', { class: `badge mod-${m}`, title: m }, MODALITY_AR[m] || m);
}

/**
 * The article: `text` and its analysis (`sentences`, `entities`, `events`,
 * offsets in code points). `storeLinks`: entities link to actor pages.
 */
export async function renderArticle(text, analysis, { storeLinks = true } = {}) {
  const table = await cameo();
  const cps = codePoints(text);
  const entities = analysis.entities || [];
  const events = analysis.events || [];
  const byId = new Map(entities.map((e) => [e.id, e]));
  let sentences = (analysis.sentences || []).filter((s) => s.end > s.start);
  if (sentences.length === 0 && cps.length) sentences = [{ start: 0, end: cps.length }];

  // Mentions, coloured by entity type; event triggers underlined.
  const marks = disjoint(
    entities.flatMap((e) => (e.mentions || []).map((m) => ({ start: m.start, end: m.end, kind: 'ent', entity: e })))
  );
  const triggers = disjoint(
    events.filter((e) => e.trigger).map((e) => ({ start: e.trigger.start, end: e.trigger.end, kind: 'trigger', event: e }))
  );

  const bySentence = new Map();
  events.forEach((e, i) => {
    const k = Number.isInteger(e.sentence) ? e.sentence : -1;
    if (!bySentence.has(k)) bySentence.set(k, []);
    bySentence.get(k).push({ e, i });
  });

  const rows = sentences.map((s, si) => {
    const evs = bySentence.get(si) || [];
    return h(
      'div',
      { class: evs.length ? 'sent-row has-events' : 'sent-row', dataset: { sentence: String(si) } },
      h('p', { class: 'sentence' }, sentenceNodes(cps, s, marks, triggers, storeLinks)),
      h('div', { class: 'sent-events' }, evs.map(({ e }) => eventCard(e, table, byId)))
    );
  });
  const orphans = bySentence.get(-1) || [];

  const chipsByType = Object.keys(TYPES).map((t) => {
    const list = entities.filter((e) => e.type === t);
    if (!list.length) return null;
    return h(
      'div',
      { class: 'chip-group' },
      h('h4', null, TYPES[t].ar, ' ', latin(TYPES[t].en, 'muted'), ' ', h('span', { class: 'count' }, String(list.length))),
      h('div', { class: 'chips' }, list.map((e) => entityChip(e, storeLinks)))
    );
  });

  return h(
    'div',
    { class: 'article' },
    h(
      'div',
      { class: 'article-bar' },
      legend(),
      h('span', { class: 'muted small' }, `${entities.length} كيانات · ${events.length} أحداث`, ' ', latin(`${entities.length} entities · ${events.length} events`, 'muted'))
    ),
    h('div', { class: 'sentences', 'aria-label': 'Article' }, rows),
    orphans.length ? h('div', { class: 'sent-events' }, orphans.map(({ e }) => eventCard(e, table, byId))) : null,
    h('section', { class: 'card entity-list' }, h('h3', null, 'الكيانات ', latin('Entities', 'muted')), chipsByType)
  );
}

function sentenceNodes(cps, s, marks, triggers, storeLinks) {
  const out = [];
  for (const r of runs(cps, s.start, s.end, marks)) {
    const inner = runs(cps, r.start, r.end, triggers).map((t) =>
      t.range ? h('span', { class: 'trigger', title: `CAMEO ${t.range.event.code}` }, t.text) : t.text
    );
    if (!r.range) {
      out.push(inner);
      continue;
    }
    const e = r.range.entity;
    const title = [e.canonical, e.latin, e.actor, e.type].filter(Boolean).join(' · ');
    const attrs = { class: `ent ent-${e.type}`, title, dataset: { entity: e.id, type: e.type } };
    if (storeLinks) {
      out.push(
        h(
          'a',
          {
            ...attrs,
            href: routeHash('actors', { q: e.canonical }),
            onclick: (ev) => {
              ev.preventDefault();
              openEntity(e);
            },
          },
          inner
        )
      );
    } else {
      out.push(h('mark', attrs, inner));
    }
  }
  return out;
}
