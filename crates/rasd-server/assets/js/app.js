// rasd's web page: hash routes over the JSON API.
//   #/search?q=…   #/doc/ID   #/events?…   #/actors?q=…   #/actor/ID   #/analyze

import { h, latin, mount, notice, fmtNumber, fmtBytes } from './dom.js';
import { get } from './api.js';
import { searchView } from './search.js';
import { documentView } from './document.js';
import { eventsView } from './events.js';
import { actorsView, actorView, actorCard } from './actors.js';
import { analyzeView } from './analyze.js';

const view = document.getElementById('view');

/** '#/doc/a%2Fb?x=1' → {path: ['doc', 'a/b'], params: {x: '1'}}. */
function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [p, q] = raw.split('?', 2);
  let path;
  try {
    path = p.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    path = [];
  }
  return { path, params: Object.fromEntries(new URLSearchParams(q || '')) };
}

async function home(root) {
  await searchView(root, {});
  try {
    const s = await get('stats');
    root.appendChild(
      h(
        'section',
        { class: 'stats' },
        [
          ['documents', 'خبر'],
          ['events', 'حدث'],
          ['actors', 'فاعل'],
          ['entities', 'كيان'],
        ].map(([k, label]) => h('div', { class: 'card stat' }, h('b', null, fmtNumber(s[k] || 0)), h('span', null, label), latin(k, 'muted')))
      )
    );
    const top = await get('actors', { top: 12 });
    if (top.actors.length) {
      root.appendChild(
        h(
          'section',
          { class: 'home-actors' },
          h('h3', null, 'أكثر الفاعلين ذكراً ', latin('Most mentioned actors', 'muted')),
          h('div', { class: 'actor-grid' }, top.actors.map(actorCard))
        )
      );
    }
  } catch {
    // the stats are a nicety
  }
}

let current = 0;

async function route() {
  const { path, params } = parseHash();
  const token = ++current;
  const [name, arg] = path;
  for (const a of document.querySelectorAll('header nav a')) {
    a.classList.toggle('active', a.dataset.route === (name === 'doc' ? 'search' : name === 'actor' ? 'actors' : name || 'search'));
  }
  const top = document.querySelector('#top-search input');
  if (top && name === 'search') top.value = params.q || '';
  const root = h('div', { class: 'page' });
  mount(view, root);
  try {
    switch (name) {
      case undefined:
        await home(root);
        break;
      case 'search':
        await searchView(root, params);
        break;
      case 'doc':
        await documentView(root, arg || '');
        break;
      case 'events':
        await eventsView(root, params);
        break;
      case 'actors':
        await actorsView(root, params);
        break;
      case 'actor':
        await actorView(root, arg || '');
        break;
      case 'analyze':
        await analyzeView(root);
        break;
      default:
        mount(root, notice('error', 'صفحة غير موجودة.'));
    }
  } catch (e) {
    if (token === current) mount(root, notice('error', String(e && e.message ? e.message : e)));
  }
  if (token === current) document.body.dataset.ready = name || 'home';
}

document.getElementById('top-search').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const q = new FormData(ev.target).get('q');
  location.hash = '#/search?' + new URLSearchParams({ q: String(q || '').trim() }).toString();
});

window.addEventListener('hashchange', () => {
  document.body.dataset.ready = '';
  route();
});
route();

get('stats')
  .then((s) => {
    const f = document.getElementById('store-size');
    if (f) mount(f, `${fmtNumber(s.documents)} خبر · `, latin(fmtBytes(s.bytes || 0)));
  })
  .catch(() => {});
