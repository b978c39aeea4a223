// The JSON API, and the CAMEO table the pages label events with.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function handle(resp) {
  let body = null;
  try {
    body = await resp.json();
  } catch {
    body = null;
  }
  if (!resp.ok) {
    const msg = body && body.error && body.error.message ? body.error.message : resp.statusText;
    throw new ApiError(resp.status, msg);
  }
  return body;
}

/** GET /api/<path>?params (empty parameters dropped). */
export async function get(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && String(v).trim() !== '') q.set(k, String(v).trim());
  }
  const s = q.toString();
  const resp = await fetch(`/api/${path}${s ? '?' + s : ''}`, { headers: { Accept: 'application/json' } });
  return handle(resp);
}

/** POST JSON to /api/<path>. */
export async function post(path, body) {
  const resp = await fetch(`/api/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return handle(resp);
}

let cameoPromise = null;

/** The CAMEO code table: {code: {name, root, quad_class, goldstein}}. */
export function cameo() {
  if (!cameoPromise) {
    cameoPromise = get('cameo')
      .then((r) => r.codes || {})
      .catch(() => ({}));
  }
  return cameoPromise;
}

/** CAMEO's four quad classes, by root. */
export function quadOfRoot(root) {
  const r = parseInt(root, 10);
  if (!(r >= 1)) return 0;
  if (r <= 5) return 1;
  if (r <= 8) return 2;
  if (r <= 13) return 3;
  return 4;
}

export const QUADS = {
  1: { ar: 'تعاون لفظي', en: 'Verbal cooperation' },
  2: { ar: 'تعاون مادي', en: 'Material cooperation' },
  3: { ar: 'صراع لفظي', en: 'Verbal conflict' },
  4: { ar: 'صراع مادي', en: 'Material conflict' },
};

/** Short Arabic names of the CAMEO roots, for readers of Arabic. */
export const ROOTS_AR = {
  '01': 'تصريح علني',
  '02': 'مناشدة',
  '03': 'نية التعاون',
  '04': 'تشاور ولقاء',
  '05': 'تعاون دبلوماسي',
  '06': 'تعاون مادي',
  '07': 'تقديم مساعدة',
  '08': 'تنازل',
  '09': 'تحقيق',
  10: 'مطالبة',
  11: 'رفض وانتقاد',
  12: 'رفض',
  13: 'تهديد',
  14: 'احتجاج',
  15: 'استعراض قوة',
  16: 'تقليص العلاقات',
  17: 'إكراه',
  18: 'اعتداء',
  19: 'قتال',
  20: 'عنف جماعي',
};

export const MODALITY_AR = {
  asserted: 'مؤكد',
  intended: 'مزمع',
  negated: 'منفي',
  hypothetical: 'افتراضي',
};

export const TYPES = {
  PER: { ar: 'شخص', en: 'Person' },
  ORG: { ar: 'منظمة', en: 'Organization' },
  LOC: { ar: 'مكان', en: 'Place' },
  MISC: { ar: 'أخرى', en: 'Other' },
};
