// #/events?actor=…&code=…&from=…&to=…&country=…: the event table.

import { h, latin, mount, notice, routeHash } from './dom.js';
import { get, cameo, quadOfRoot, ROOTS_AR } from './api.js';
import { participant, cameoLabel, modality } from './article.js';

const PAGE = 50;
const FILTERS = ['actor', 'code', 'root', 'country', 'from', 'to', 'source', 'document'];

function field(name, label, value, attrs = {}) {
  return h('label', { class: 'field' }, h('span', null, label), h('input', { name, value: value || '', ...attrs }));
}

function rootSelect(value) {
  const opts = [h('option', { value: '' }, 'كل الأصناف')];
  for (let r = 1; r <= 20; r++) {
    const k = String(r).padStart(2, '0');
    opts.push(h('option', { value: k, selected: k === value ? true : null }, `${k} ${ROOTS_AR[k] || ''}`));
  }
  return h('label', { class: 'field' }, h('span', null, 'الصنف (CAMEO root)'), h('select', { name: 'root' }, opts));
}

function filterForm(params) {
  const form = h(
    'form',
    { class: 'card filters' },
    h(
      'div',
      { class: 'grid-fields' },
      field('actor', 'الفاعل (اسم أو رمز)', params.actor, { placeholder: 'حفتر، LBY، RUSGOV' }),
      field('code', 'رمز الحدث', params.code, { dir: 'ltr', placeholder: '04، 042' }),
      rootSelect(params.root),
      field('country', 'البلد (ISO3)', params.country, { dir: 'ltr', placeholder: 'LBY', maxlength: 3 }),
      field('from', 'من تاريخ', params.from, { type: 'date' }),
      field('to', 'إلى تاريخ', params.to, { type: 'date' }),
      field('source', 'المصدر', params.source)
    ),
    params.document ? h('input', { type: 'hidden', name: 'document', value: params.document }) : null,
    h(
      'div',
      { class: 'form-actions' },
      h('button', { type: 'submit', class: 'primary' }, 'عرض'),
      h('a', { href: '#/events', class: 'button' }, 'مسح')
    )
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = routeHash('events', Object.fromEntries(new FormData(form).entries()));
  });
  return form;
}

/** The events as a table (shared with the actor page). */
export function eventsTable(events, table) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'events' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ['التاريخ', 'الفاعل', 'الحدث', 'المفعول به', 'المكان', 'الصيغة', 'الذكر', 'الخبر'].map((t) => h('th', { scope: 'col' }, t))
        )
      ),
      h(
        'tbody',
        null,
        events.map((e) =>
          h(
            'tr',
            { class: `q${quadOfRoot(e.root)}` },
            h('td', { class: 'nowrap' }, latin(e.date || e.published || '')),
            h('td', null, participant(e.source, e.source_name, e.source_latin)),
            h('td', null, cameoLabel(e.code, e.root, table), e.sentence_text ? h('div', { class: 'sentence-quote', title: e.sentence_text }, e.sentence_text) : null),
            h('td', null, participant(e.target, e.target_name, e.target_latin)),
            h('td', null, e.location ? h('span', { class: 'party' }, h('span', null, e.location.text), e.location.latin ? latin(e.location.latin, 'party-latin') : null) : ''),
            h('td', null, modality(e.modality)),
            h('td', { class: 'num', title: 'mentions / sources / articles' }, latin(`${e.num_mentions ?? 1}/${e.num_sources ?? 1}/${e.num_articles ?? 1}`)),
            h('td', { class: 'nowrap' }, h('a', { href: `#/doc/${encodeURIComponent(e.document)}` }, latin(e.document)))
          )
        )
      )
    )
  );
}

export async function eventsView(root, params) {
  const out = h('div', { 'aria-live': 'polite' });
  mount(root, h('h2', { class: 'page-title' }, 'جدول الأحداث ', latin('Events', 'muted')), filterForm(params), out);
  mount(out, notice('loading', 'جارٍ التحميل…'));
  const offset = parseInt(params.offset || '0', 10) || 0;
  try {
    const q = {};
    for (const k of FILTERS) if (params[k]) q[k] = params[k];
    const [r, table] = await Promise.all([get('events', { ...q, limit: PAGE, offset }), cameo()]);
    if (!r.events.length) {
      mount(out, notice('empty', 'لا أحداث بهذه الشروط.'));
      return;
    }
    const prev = offset > 0 ? h('a', { class: 'button', href: routeHash('events', { ...q, offset: Math.max(0, offset - PAGE) }) }, 'السابق') : null;
    const next = r.events.length === PAGE ? h('a', { class: 'button', href: routeHash('events', { ...q, offset: offset + PAGE }) }, 'التالي') : null;
    mount(
      out,
      eventsTable(r.events, table),
      prev || next ? h('nav', { class: 'pager' }, prev, h('span', { class: 'muted' }, `${offset + 1}–${offset + r.events.length}`), next) : null
    );
  } catch (e) {
    mount(out, notice('error', e.message));
  }
}
