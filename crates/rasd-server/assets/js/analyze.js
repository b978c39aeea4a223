// #/analyze: paste a text, see the article view (nothing is stored).

import { h, latin, mount, notice } from './dom.js';
import { post } from './api.js';
import { renderArticle } from './article.js';

const SAMPLE =
  'القاهرة - استقبل الرئيس عبد الفتاح السيسي اليوم الاثنين في القاهرة المستشار عقيلة صالح رئيس مجلس النواب الليبي، ' +
  'وبحث معه تطورات الأزمة الليبية. وأكد السيسي دعم مصر الكامل للمؤسسات الشرعية في ليبيا.\n' +
  'ومن جهة أخرى، انتقد وزير الخارجية الروسي سيرغي لافروف السياسة الأمريكية في المنطقة.';

// What was last analyzed, kept while the page is open.
let last = { text: '', published: '', analysis: null };

export async function analyzeView(root) {
  const text = h('textarea', { name: 'text', rows: 9, required: true, placeholder: 'الصق نص خبر عربي هنا…', 'aria-label': 'Text' }, last.text);
  const date = h('input', { type: 'date', name: 'published', value: last.published, 'aria-label': 'Published' });
  const out = h('div', { class: 'analysis', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'card analyze-form' },
    text,
    h(
      'div',
      { class: 'form-actions' },
      h('label', { class: 'field inline' }, h('span', null, 'تاريخ النشر'), date),
      h('button', { type: 'submit', class: 'primary' }, 'حلّل'),
      h(
        'button',
        {
          type: 'button',
          class: 'button',
          onclick: () => {
            text.value = SAMPLE;
            date.value = '2015-09-14';
          },
        },
        'نص تجريبي'
      )
    )
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const value = text.value;
    if (!value.trim()) return;
    mount(out, notice('loading', 'جارٍ التحليل…'));
    try {
      const analysis = await post('analyze', { text: value, published: date.value || undefined });
      last = { text: value, published: date.value, analysis };
      mount(out, await renderArticle(value, analysis, { storeLinks: false }));
    } catch (e) {
      mount(out, notice('error', e.message));
    }
  });
  mount(root, h('h2', { class: 'page-title' }, 'تحليل نص ', latin('Analyze text', 'muted')), form, out);
  if (last.analysis) mount(out, await renderArticle(last.text, last.analysis, { storeLinks: false }));
}
