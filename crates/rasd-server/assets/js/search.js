// #/search?q=…: ranked results with highlighted snippets.

import { h, latin, mount, codePoints, runs, disjoint, routeHash, notice, fmtNumber } from './dom.js';
import { get } from './api.js';

const PAGE = 20;

function field(name, label, value, attrs = {}) {
  return h('label', { class: 'field' }, h('span', null, label), h('input', { name, value: value || '', ...attrs }));
}

export function searchForm(params, path = 'search') {
  const form = h(
    'form',
    { class: 'card filters', role: 'search' },
    h(
      'div',
      { class: 'search-line' },
      h('input', {
        type: 'search',
        name: 'q',
        value: params.q || '',
        placeholder: 'ابحث: كلمات، "عبارة"، -استبعاد، OR',
        'aria-label': 'Search',
        class: 'big-input',
        autofocus: true,
      }),
      h('button', { type: 'submit', class: 'primary' }, 'بحث')
    ),
    h(
      'details',
      { class: 'more', open: params.from || params.to || params.source || params.entity || params.code ? true : null },
      h('summary', null, 'تصفية ', latin('Filters', 'muted')),
      h(
        'div',
        { class: 'grid-fields' },
        field('from', 'من تاريخ', params.from, { type: 'date' }),
        field('to', 'إلى تاريخ', params.to, { type: 'date' }),
        field('source', 'المصدر', params.source),
        field('entity', 'كيان (اسم أو رمز)', params.entity),
        field('code', 'رمز CAMEO', params.code, { inputmode: 'numeric', dir: 'ltr', size: 4 })
      )
    )
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const data = Object.fromEntries(new FormData(form).entries());
    location.hash = routeHash(path, data);
  });
  return form;
}

/** A snippet with its highlights (code-point ranges into the snippet). */
export function snippet(text, highlights) {
  const cps = codePoints(text);
  const parts = runs(cps, 0, cps.length, disjoint((highlights || []).map((r) => ({ ...r }))));
  return h('p', { class: 'snippet' }, parts.map((p) => (p.range ? h('mark', { class: 'hit' }, p.text) : p.text)));
}

function hitCard(hit) {
  return h(
    'article',
    { class: 'card hit-card' },
    h('h3', null, h('a', { href: `#/doc/${encodeURIComponent(hit.id)}` }, hit.title || hit.id)),
    h(
      'div',
      { class: 'meta' },
      hit.published ? latin(hit.published, 'date') : null,
      hit.source ? h('span', { class: 'source' }, hit.source) : null,
      latin(hit.id, 'muted id')
    ),
    snippet(hit.snippet || '', hit.highlights)
  );
}

function pager(params, total, path) {
  const offset = parseInt(params.offset || '0', 10) || 0;
  const prev = offset > 0 ? h('a', { class: 'button', href: routeHash(path, { ...params, offset: Math.max(0, offset - PAGE) }) }, 'السابق') : null;
  const next = offset + PAGE < total ? h('a', { class: 'button', href: routeHash(path, { ...params, offset: offset + PAGE }) }, 'التالي') : null;
  if (!prev && !next) return null;
  return h('nav', { class: 'pager' }, prev, h('span', { class: 'muted' }, `${offset + 1}–${Math.min(total, offset + PAGE)} / ${fmtNumber(total)}`), next);
}

export async function searchView(root, params) {
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  mount(root, h('h2', { class: 'page-title' }, 'البحث في الأخبار ', latin('Search', 'muted')), searchForm(params), results);
  if (!params.q) {
    mount(results, h('p', { class: 'muted hint' }, 'اكتب كلمة أو اسماً: «حفتر»، «مجلس النواب»، «موسكو OR القاهرة».'));
    return;
  }
  mount(results, notice('loading', 'جارٍ البحث…'));
  try {
    const r = await get('search', { ...params, limit: PAGE });
    if (!r.hits.length) {
      mount(results, notice('empty', 'لا نتائج. ', ), latin('No results.', 'muted'));
      return;
    }
    mount(
      results,
      h('p', { class: 'muted result-count' }, `${fmtNumber(r.total)} نتيجة`, ' ', latin(`${r.total} results`, 'muted')),
      r.hits.map(hitCard),
      pager(params, r.total, 'search')
    );
  } catch (e) {
    mount(results, notice('error', e.message));
  }
}
