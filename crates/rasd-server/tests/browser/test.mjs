// Drives Debian's chromium through rasd's web page (run by run.sh):
// search, an article with its entities and events, an actor page with its
// SVG network, the events table and "analyze text". Screenshots go to
// $SCREENSHOT_DIR.
//
//   BASE_URL=http://127.0.0.1:PORT/ SCREENSHOT_DIR=DIR node test.mjs

import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BASE = (process.env.BASE_URL || 'http://127.0.0.1:8080/').replace(/\/?$/, '/');
const SHOTS = process.env.SCREENSHOT_DIR || 'target/screenshots';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
mkdirSync(SHOTS, { recursive: true });

let passed = 0;
let failed = 0;
function check(cond, what) {
  if (cond) {
    passed++;
    console.log(`ok - ${what}`);
  } else {
    failed++;
    console.log(`not ok - ${what}`);
  }
}

async function api(path) {
  const r = await fetch(new URL(`api/${path}`, BASE));
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

const profile = mkdtempSync(join(tmpdir(), 'rasd-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  viewport: { width: 1280, height: 900 },
  locale: 'ar',
});
const page = context.pages()[0] || (await context.newPage());
const problems = [];
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('console', (m) => {
  if (m.type() === 'error') problems.push(`console: ${m.text()}`);
});

async function ready(name) {
  await page.waitForFunction((n) => document.body.dataset.ready === n, name, { timeout: 15000 });
}

// Runs a navigating action and waits for the view `name` to be drawn. The
// page marks itself ready only after the hashchange, which comes a task
// later; clearing the mark first keeps a move to the same view (events →
// filtered events, actor → actor) from reading the old view's table.
async function go(name, action) {
  await page.evaluate(() => {
    if (document.body) document.body.dataset.ready = '';
  }).catch(() => {});
  await action();
  await ready(name);
}

// Opens `url` and waits for the view `name`; an unchanged URL fires no
// hashchange, so the view on screen is already the one asked for.
async function visit(name, url) {
  if (page.url() === url) await ready(name);
  else await go(name, () => page.goto(url));
}

async function shot(name, fullPage = true) {
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  console.log(`# screenshot ${path}`);
}

try {
  // ---- Home: right-to-left Arabic. -----------------------------------------
  await page.goto(BASE);
  await ready('home');
  const html = await page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
  check(html.lang === 'ar' && html.dir === 'rtl', 'the page is <html lang="ar" dir="rtl">');
  const direction = await page.evaluate(() => getComputedStyle(document.body).direction);
  check(direction === 'rtl', 'the body lays out right to left');
  await shot('home', false);

  // ---- Search. --------------------------------------------------------------
  await page.fill('#top-search input', 'ليبيا');
  await page.press('#top-search input', 'Enter');
  await ready('search');
  const hits = await page.locator('.hit-card').count();
  check(hits > 0, `search "ليبيا" finds articles (${hits})`);
  const marks = await page.locator('.hit-card mark.hit').count();
  check(marks > 0, `snippets have highlighted matches (${marks})`);
  const markText = await page.locator('.hit-card mark.hit').first().textContent();
  check(/ليبي/.test(markText || ''), `a highlight covers the word searched ("${markText}")`);
  await shot('search', false);

  // ---- An article: entities coloured, events beside their sentences. ------------
  // Open the hits until one has events.
  const hitIds = await page.$$eval('.hit-card h3 a', (as) => as.map((a) => a.getAttribute('href')));
  let docHref = null;
  for (const href of hitIds) {
    const id = decodeURIComponent(href.replace('#/doc/', ''));
    const doc = await api(`documents/${encodeURIComponent(id)}`);
    if ((doc.events || []).length > 0 && (doc.entities || []).length > 0) {
      docHref = href;
      break;
    }
  }
  check(docHref !== null, 'a search hit has events');
  await go('doc', () => page.click(`.hit-card h3 a[href="${docHref || hitIds[0]}"]`));
  const docId = decodeURIComponent((docHref || hitIds[0]).replace('#/doc/', ''));
  const doc = await api(`documents/${encodeURIComponent(docId)}`);
  const ents = await page.$$eval('.sentence .ent', (els) => els.map((e) => ({ text: e.textContent, type: e.dataset.type })));
  check(ents.length > 0, `the article highlights entities (${ents.length})`);
  const types = new Set(ents.map((e) => e.type));
  check([...types].every((t) => ['PER', 'ORG', 'LOC', 'MISC'].includes(t)), `entity types ${[...types].join(',')}`);
  // The highlighted text is exactly the mentions' text: code points, not UTF-16.
  const expected = doc.entities
    .flatMap((e) => e.mentions.map((m) => ({ ...m, type: e.type })))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const kept = [];
  let end = -1;
  for (const m of expected) {
    if (m.start >= end) {
      kept.push(m);
      end = m.end;
    }
  }
  const sameText = kept.length === ents.length && kept.every((m, i) => m.text === ents[i].text && m.type === ents[i].type);
  check(sameText, `highlighted mentions equal the API's mentions (${kept.length} vs ${ents.length})`);
  if (!sameText) console.log('# expected', JSON.stringify(kept.slice(0, 5)), 'got', JSON.stringify(ents.slice(0, 5)));
  const cards = await page.locator('.sent-row .event-card').count();
  check(cards === doc.events.length, `every event is shown beside a sentence (${cards}/${doc.events.length})`);
  const firstEventSentence = doc.events[0] ? doc.events[0].sentence : 0;
  const inRow = await page.locator(`.sent-row[data-sentence="${firstEventSentence}"] .event-card`).count();
  check(inRow > 0, `the first event sits beside sentence ${firstEventSentence}`);
  check((await page.locator('.legend .ent-PER').count()) > 0, 'the entity legend is shown');
  const cameoEn = await page.locator('.event-card .cameo-en').first().textContent();
  check(Boolean(cameoEn && /[A-Za-z]/.test(cameoEn)), `events carry the CAMEO English name ("${cameoEn}")`);
  await shot('document');

  // ---- Actor page from an entity of the article. -------------------------------
  await go('actor', () => page.locator('.sentence a.ent').first().click());
  check((await page.locator('.actor-head h2').count()) === 1, 'clicking an entity opens its actor page');

  // ---- An actor with a network. ---------------------------------------------------
  const actors = (await api('actors?top=100')).actors;
  let withLinks = null;
  for (const a of actors) {
    const d = await api(`actors/${encodeURIComponent(a.id)}`);
    if ((d.links || []).length >= 2) {
      withLinks = d;
      break;
    }
    if (!withLinks && (d.links || []).length === 1) withLinks = d;
  }
  check(withLinks !== null, 'some actor has links');
  if (withLinks) {
    await visit('actor', `${BASE}#/actor/${encodeURIComponent(withLinks.id)}`);
    const nodes = await page.locator('svg.network circle.node').count();
    check(nodes >= 2, `the SVG network has nodes (${nodes})`);
    const edges = await page.locator('svg.network path.edge').count();
    check(edges >= 1, `the SVG network has edges (${edges})`);
    const tl = await page.locator('.timeline .tl-event').count();
    check(tl > 0, `the actor timeline lists events (${tl})`);
    await shot('actor');
  }

  // ---- Events table, filtered. -----------------------------------------------------
  await page.goto(`${BASE}#/events`);
  await ready('events');
  const rows = await page.locator('table.events tbody tr').count();
  check(rows > 0, `the events table has rows (${rows})`);
  const firstRoot = await page.locator('table.events tbody tr .cameo-code').first().textContent();
  await page.selectOption('select[name=root]', (firstRoot || '01').slice(0, 2));
  await go('events', () => page.click('.filters button[type=submit]'));
  const codes = await page.$$eval('table.events tbody tr .cameo-code', (els) => els.map((e) => e.textContent));
  check(codes.length > 0 && codes.every((c) => c.startsWith((firstRoot || '01').slice(0, 2))), `filtering by root ${firstRoot.slice(0, 2)} keeps only that root (${codes.length})`);
  await shot('events', false);

  // ---- Analyze pasted text. -----------------------------------------------------------
  await page.goto(`${BASE}#/analyze`);
  await ready('analyze');
  await page.click('.analyze-form button[type=button]');
  await page.click('.analyze-form button[type=submit]');
  await page.waitForSelector('.analysis .sentence', { timeout: 15000 });
  const aEnts = await page.locator('.analysis .sentence .ent').count();
  check(aEnts > 0, `analyze text highlights entities (${aEnts})`);
  await shot('analyze');

  // ---- Injection-safe rendering: a hostile query is shown as text. --------------------------
  await page.goto(`${BASE}#/search?q=${encodeURIComponent('<img src=x onerror=window.pwned=1>')}`);
  await ready('search');
  const pwned = await page.evaluate(() => window.pwned === 1 || document.querySelector('.results img') !== null);
  check(!pwned, 'a hostile query is not turned into markup');

  // ---- Narrow screen. -----------------------------------------------------------------------
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${BASE}#/doc/${encodeURIComponent(docId)}`);
  await ready('doc');
  await shot('document-mobile', false);

  check(problems.length === 0, `no page or console errors${problems.length ? ': ' + problems.join(' | ') : ''}`);
} catch (e) {
  failed++;
  console.log(`not ok - ${e.stack || e}`);
  try {
    await shot('failure');
  } catch {
    // ignore
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
