// DOM helpers. Data only ever reaches the page as text nodes or attribute
// values set one by one: nothing here parses HTML.

/** h('a', {href: '#/x', class: 'c'}, 'text', child…) → an element. */
export function h(tag, attrs, ...children) {
  const el = tag.includes(':')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.split(':')[1])
    : document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') {
        el.addEventListener(k.slice(2), v);
      } else if (k === 'dataset') {
        Object.assign(el.dataset, v);
      } else {
        el.setAttribute(k, v === true ? '' : String(v));
      }
    }
  }
  append(el, children);
  return el;
}

/** An SVG element. */
export function svg(tag, attrs, ...children) {
  return h('svg:' + tag, attrs, ...children);
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** Replaces the children of `el`. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Latin text (names, codes) inside the right-to-left page. */
export function latin(text, cls) {
  if (!text) return null;
  return h('bdi', { dir: 'ltr', lang: 'en', class: cls ? `latin ${cls}` : 'latin' }, text);
}

/** A link to a hash route: route('#/doc/', id) encodes the parts. */
export function link(hash, children, attrs = {}) {
  return h('a', { href: hash, ...attrs }, children);
}

/** '#/search?q=…' from a route and a parameter object (empty values dropped). */
export function routeHash(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && String(v).trim() !== '') q.set(k, String(v).trim());
  }
  const s = q.toString();
  return '#/' + path + (s ? '?' + s : '');
}

// ---- Code points -----------------------------------------------------------
// The API counts Unicode code points (Python str indices); JavaScript strings
// count UTF-16 units. Array.from(str) splits by code point.

/** The code points of `text`, as an array of one-character strings. */
export function codePoints(text) {
  return Array.from(text || '');
}

/** Code points [start, end) of a code-point array, as a string. */
export function cpSlice(cps, start, end) {
  return cps.slice(Math.max(0, start), Math.max(0, end)).join('');
}

/**
 * Cuts code points [from, to) into runs, marking those covered by `ranges`
 * ({start, end, …}: code points, sorted, not overlapping). Returns
 * [{text, start, end, range|null}].
 */
export function runs(cps, from, to, ranges) {
  const out = [];
  let pos = from;
  for (const r of ranges) {
    if (r.end <= from || r.start >= to) continue;
    const a = Math.max(r.start, from);
    const b = Math.min(r.end, to);
    if (a > pos) out.push({ text: cpSlice(cps, pos, a), start: pos, end: a, range: null });
    if (b > a) out.push({ text: cpSlice(cps, a, b), start: a, end: b, range: r });
    pos = Math.max(pos, b);
  }
  if (pos < to) out.push({ text: cpSlice(cps, pos, to), start: pos, end: to, range: null });
  return out;
}

/** Sorts ranges by start and drops those overlapping an earlier one. */
export function disjoint(ranges) {
  const sorted = ranges
    .filter((r) => Number.isInteger(r.start) && Number.isInteger(r.end) && r.end > r.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out = [];
  let end = -1;
  for (const r of sorted) {
    if (r.start >= end) {
      out.push(r);
      end = r.end;
    }
  }
  return out;
}

/** Arabic-Indic digits are not forced: numbers are written as the browser's locale does. */
export function fmtNumber(n) {
  return new Intl.NumberFormat('ar-EG-u-nu-latn').format(n);
}

export function fmtBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1 << 20) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1 << 20)).toFixed(1)} MiB`;
}

/** A status line for loading and errors. */
export function notice(kind, text) {
  return h('div', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}
