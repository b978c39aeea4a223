// #/doc/ID: one stored article with its entities and events.

import { h, latin, mount, notice, routeHash } from './dom.js';
import { get } from './api.js';
import { renderArticle } from './article.js';

export async function documentView(root, id) {
  mount(root, notice('loading', 'جارٍ التحميل…'));
  let doc;
  try {
    doc = await get(`documents/${encodeURIComponent(id)}`);
  } catch (e) {
    mount(root, notice('error', e.status === 404 ? `لا توجد وثيقة بهذا المعرّف: ${id}` : e.message));
    return;
  }
  const dups = (doc.duplicates || []).map((d) => h('a', { href: `#/doc/${encodeURIComponent(d)}` }, latin(d)));
  const header = h(
    'header',
    { class: 'card doc-head' },
    h('h2', { class: 'doc-title' }, doc.title || doc.id),
    h(
      'div',
      { class: 'meta' },
      doc.published ? latin(doc.published, 'date') : null,
      doc.source ? h('span', { class: 'source' }, doc.source) : null,
      latin(doc.id, 'muted id'),
      doc.url && /^https?:\/\//i.test(doc.url)
        ? h('a', { href: doc.url, rel: 'noopener noreferrer nofollow', target: '_blank', class: 'ext' }, 'المصدر الأصلي ↗')
        : null,
      h('a', { href: routeHash('events', { document: doc.id }) }, 'جدول الأحداث')
    ),
    doc.duplicate_of
      ? h('p', { class: 'muted' }, 'نسخة من ', h('a', { href: `#/doc/${encodeURIComponent(doc.duplicate_of)}` }, latin(doc.duplicate_of)))
      : null,
    dups.length ? h('p', { class: 'muted' }, 'نسخ أخرى من الخبر: ', dups) : null
  );
  const article = await renderArticle(doc.text || '', doc, { storeLinks: true });
  mount(root, header, article);
}
