// #/actors?q=…: actors by mentions; #/actor/ID: one actor, its network and
// the timeline of its events.

import { h, latin, mount, notice, routeHash, fmtNumber } from './dom.js';
import { get, cameo, quadOfRoot, TYPES } from './api.js';
import { participant, cameoLabel, modality } from './article.js';
import { network } from './network.js';
import { eventsTable } from './events.js';

function actorsForm(params) {
  const typeSelect = h(
    'select',
    { name: 'type', 'aria-label': 'Type' },
    h('option', { value: '' }, 'كل الأنواع'),
    Object.entries(TYPES).map(([t, n]) => h('option', { value: t, selected: params.type === t ? true : null }, `${n.ar} (${t})`))
  );
  const form = h(
    'form',
    { class: 'card filters' },
    h(
      'div',
      { class: 'search-line' },
      h('input', { type: 'search', name: 'q', value: params.q || '', placeholder: 'اسم أو رمز: حفتر، Haftar، RUSGOV', class: 'big-input', 'aria-label': 'Actor' }),
      typeSelect,
      h('input', { name: 'country', value: params.country || '', placeholder: 'ISO3', dir: 'ltr', size: 4, maxlength: 3, 'aria-label': 'Country' }),
      h('button', { type: 'submit', class: 'primary' }, 'عرض')
    )
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = routeHash('actors', Object.fromEntries(new FormData(form).entries()));
  });
  return form;
}

export function actorCard(a) {
  return h(
    'a',
    { class: `card actor-card ent-border-${a.type}`, href: `#/actor/${encodeURIComponent(a.id)}` },
    h('div', { class: 'actor-name' }, h('span', { class: `dot ent-${a.type}` }), a.canonical),
    a.latin ? latin(a.latin, 'actor-latin') : null,
    h(
      'div',
      { class: 'meta' },
      a.actor ? latin(a.actor, 'code') : null,
      a.country && a.country !== a.actor ? latin(a.country, 'code') : null,
      (a.titles || []).length ? h('span', { class: 'muted' }, a.titles[0]) : null
    ),
    h(
      'div',
      { class: 'counts' },
      h('span', null, h('b', null, fmtNumber(a.mentions)), ' ذكر'),
      h('span', null, h('b', null, fmtNumber(a.documents)), ' خبر'),
      h('span', null, h('b', null, fmtNumber(a.event_count)), ' حدث')
    )
  );
}

export async function actorsView(root, params) {
  const out = h('div', { 'aria-live': 'polite' });
  mount(root, h('h2', { class: 'page-title' }, 'الفاعلون ', latin('Actors', 'muted')), actorsForm(params), out);
  mount(out, notice('loading', 'جارٍ التحميل…'));
  try {
    const r = await get('actors', { q: params.q, type: params.type, country: params.country, top: 60 });
    if (!r.actors.length) {
      mount(out, notice('empty', 'لا فاعلين بهذه الشروط.'));
      return;
    }
    mount(out, h('div', { class: 'actor-grid' }, r.actors.map(actorCard)));
  } catch (e) {
    mount(out, notice('error', e.message));
  }
}

/** Events by date, newest first, as a vertical timeline. */
function timeline(events, table) {
  const byDate = new Map();
  for (const e of events) {
    const d = e.date || e.published || 'بلا تاريخ';
    if (!byDate.has(d)) byDate.set(d, []);
    byDate.get(d).push(e);
  }
  const dates = [...byDate.keys()].sort().reverse();
  return h(
    'ol',
    { class: 'timeline' },
    dates.map((d) =>
      h(
        'li',
        null,
        h('div', { class: 'tl-date' }, latin(d)),
        h(
          'div',
          { class: 'tl-events' },
          byDate.get(d).map((e) =>
            h(
              'div',
              { class: `tl-event q${quadOfRoot(e.root)}` },
              h('div', { class: 'event-head' }, cameoLabel(e.code, e.root, table), modality(e.modality)),
              h(
                'div',
                { class: 'event-parties' },
                participant(e.source, e.source_name, e.source_latin),
                h('span', { class: 'arrow', 'aria-hidden': 'true' }, '←'),
                participant(e.target, e.target_name, e.target_latin)
              ),
              e.sentence_text ? h('p', { class: 'sentence-quote' }, e.sentence_text) : null,
              h('a', { class: 'small', href: `#/doc/${encodeURIComponent(e.document)}` }, 'الخبر ', latin(e.document, 'muted'))
            )
          )
        )
      )
    )
  );
}

export async function actorView(root, id) {
  mount(root, notice('loading', 'جارٍ التحميل…'));
  let a;
  let table;
  try {
    [a, table] = await Promise.all([get(`actors/${encodeURIComponent(id)}`), cameo()]);
  } catch (e) {
    mount(root, notice('error', e.status === 404 ? `لا يوجد فاعل بهذا المعرّف: ${id}` : e.message));
    return;
  }
  const type = TYPES[a.type] || { ar: a.type, en: a.type };
  const nEvents = a.event_count;
  const head = h(
    'header',
    { class: `card actor-head ent-border-${a.type}` },
    h('div', { class: 'actor-title' }, h('h2', null, a.canonical), a.latin ? latin(a.latin, 'actor-latin big') : null),
    h(
      'div',
      { class: 'meta' },
      h('span', { class: `badge ent ent-${a.type}` }, type.ar, ' ', latin(type.en)),
      a.actor ? latin(a.actor, 'code') : null,
      a.country && a.country !== a.actor ? latin(a.country, 'code') : null,
      h('span', null, h('b', null, fmtNumber(a.mentions)), ' ذكر · ', h('b', null, fmtNumber(a.documents)), ' خبر · ', h('b', null, fmtNumber(nEvents)), ' حدث'),
      h('a', { href: routeHash('events', { actor: a.actor || a.canonical }) }, 'جدول الأحداث')
    ),
    (a.titles || []).length ? h('p', { class: 'titles' }, 'الألقاب: ', a.titles.join('، ')) : null,
    (a.variants || []).length > 1 ? h('p', { class: 'muted' }, 'صيغ الاسم: ', a.variants.join('، ')) : null
  );
  const events = a.events || [];
  mount(
    root,
    head,
    h(
      'div',
      { class: 'actor-body' },
      h('section', { class: 'card' }, h('h3', null, 'شبكة العلاقات ', latin('Network', 'muted')), network(a)),
      h('section', { class: 'card' }, h('h3', null, 'الخط الزمني ', latin('Timeline', 'muted')), events.length ? timeline(events, table) : h('p', { class: 'muted' }, 'لا أحداث.'))
    ),
    events.length ? h('section', { class: 'card' }, h('h3', null, 'الأحداث ', latin('Events', 'muted')), eventsTable(events, table)) : null
  );
}
