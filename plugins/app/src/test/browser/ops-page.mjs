// Drives the operations page in headless Chromium for OpsPageBrowserTest (plugins/app). Line protocol on stdin/stdout:
// the first stdin line is the admin token (never on the command line); every next line is one JSON command, answered
// by one JSON line on stdout ({"ok":true,...} or {"ok":false,"error":...}). The Java test drives the calls through the
// emulated Asterisk between commands and asserts on the answers. Environment: OPS_URL (the page), CHROMIUM (the
// browser binary). Nothing here decides whether the test passes: it reports what the page shows.
import { chromium } from 'playwright-core';
import readline from 'node:readline';
import fs from 'node:fs';
import path from 'node:path';

const url = process.env.OPS_URL;
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const WAIT_MS = Number(process.env.OPS_WAIT_MS || 15000);

const lines = readline.createInterface({ input: process.stdin, terminal: false });
const iterator = lines[Symbol.asyncIterator]();
const next = async () => { const r = await iterator.next(); return r.done ? null : r.value; };
const reply = (o) => process.stdout.write(JSON.stringify(o) + '\n');

const token = await next();
const browser = await chromium.launch({
  executablePath, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--disable-extensions',
    '--disable-default-apps', '--no-default-browser-check', '--metrics-recording-only', '--mute-audio']
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
const page = await context.newPage();
const problems = [];
page.on('pageerror', (e) => problems.push('page error: ' + e.message));
// the wrong token's 401 is the test's own doing; anything else logged (a CSP violation, a script error) is a problem
page.on('console', (m) => {
  if (m.type() !== 'error' && m.type() !== 'warning') return;
  if (/Failed to load resource: the server responded with a status of 401/.test(m.text())) return;
  problems.push('console ' + m.type() + ': ' + m.text());
});
const requested = [];
page.on('request', (r) => requested.push({ url: r.url(), auth: !!r.headers()['authorization'] }));

// In the page: every visible text's contrast against its effective background (WCAG 2 relative luminance), and
// every form control's label.
function audit() {
  const parse = (c) => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0.5) return c; }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const low = [];
  let checked = 0;
  for (const el of document.querySelectorAll('body *')) {
    if (!el.offsetParent && getComputedStyle(el).position !== 'fixed') continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const pseudo = getComputedStyle(el, '::before').content;
    if (!own && !(pseudo && pseudo !== 'none' && pseudo !== 'normal')) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2 || getComputedStyle(el).clip === 'rect(0px, 0px, 0px, 0px)') continue;
    const st = getComputedStyle(el);
    const fg = parse(st.color), bg = background(el);
    const l1 = lum(fg), l2 = lum(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const size = parseFloat(st.fontSize), bold = Number(st.fontWeight) >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    checked++;
    if (ratio < need) low.push({ text: el.textContent.trim().slice(0, 40), ratio: Math.round(ratio * 100) / 100, need });
  }
  const unlabelled = [...document.querySelectorAll('input, select, textarea')].filter((i) => i.type !== 'hidden' && i.labels.length === 0 && !i.getAttribute('aria-label')).map((i) => i.id || i.name);
  const meters = [...document.querySelectorAll('[role=meter]')].filter((m) => !m.getAttribute('aria-label')).length;
  return { checked, lowContrast: low, unlabelled, metersWithoutLabel: meters,
    scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth };
}

async function run(c) {
  switch (c.cmd) {
    case 'open':
      await page.goto(url, { waitUntil: 'load' });
      return { title: await page.title() };
    case 'login': {
      await page.getByLabel('Admin token').fill(c.wrong ? c.wrong : token);
      await page.getByRole('button', { name: 'Log in' }).click();
      if (c.wrong) {
        await page.locator('#login-error').filter({ hasText: 'not the admin token' }).waitFor({ timeout: WAIT_MS });
        return { error: await page.locator('#login-error').textContent() };
      }
      await page.locator('#dashboard').waitFor({ state: 'visible', timeout: WAIT_MS });
      return {};
    }
    case 'waitAttr': // until the element has the attribute's value
      await page.waitForFunction(([s, a, v]) => { const e = document.querySelector(s); return e && e.getAttribute(a) === v; },
        [c.selector, c.attr, c.value], { timeout: WAIT_MS });
      return {};
    case 'waitCount': // until that many elements match
      await page.waitForFunction(([s, n]) => document.querySelectorAll(s).length === n, [c.selector, c.count], { timeout: WAIT_MS });
      return {};
    case 'waitText': // until the element's text contains the value
      await page.waitForFunction(([s, t]) => { const e = document.querySelector(s); return e && e.textContent.includes(t); },
        [c.selector, c.text], { timeout: WAIT_MS });
      return {};
    case 'texts':
      return { texts: await page.locator(c.selector).allTextContents() };
    case 'width': { // the fill of a bar, as drawn
      const w = await page.locator(c.selector).evaluate(async (e) => {
        await Promise.all(e.getAnimations().map((a) => a.finished)); // the bar's transition, if any, ends first
        return e.getBoundingClientRect().width / e.parentElement.clientWidth;
      });
      return { ratio: Math.round(w * 100) / 100 };
    }
    case 'viewport':
      await page.setViewportSize({ width: c.width, height: c.height });
      await page.waitForTimeout(300); // layout after a resize (not an assertion)
      return {};
    case 'audit':
      return await page.evaluate(audit);
    case 'secrets': // where the token could have leaked
      return {
        url: page.url(), history: await page.evaluate(() => history.length),
        storage: await page.evaluate(() => localStorage.length + sessionStorage.length), cookies: (await context.cookies()).length,
        requestsWithTokenInUrl: requested.filter((r) => r.url.includes(token)).length,
        summaryRequests: requested.filter((r) => r.url.includes('/admin/v1/ops/summary')).length,
        summaryRequestsWithoutAuth: requested.filter((r) => r.url.includes('/admin/v1/ops/summary') && !r.auth).length,
        html: (await page.content()).includes(token)
      };
    case 'problems':
      return { problems };
    case 'screenshot':
      fs.mkdirSync(path.dirname(c.path), { recursive: true });
      await page.screenshot({ path: c.path, fullPage: true });
      return { path: c.path };
    case 'click':
      await page.locator(c.selector).click();
      return {};
    default:
      throw new Error('unknown command ' + c.cmd);
  }
}

try {
  for (let line = await next(); line !== null; line = await next()) {
    if (!line.trim()) continue;
    let c;
    try { c = JSON.parse(line); } catch (e) { reply({ ok: false, error: 'bad command: ' + e.message }); continue; }
    if (c.cmd === 'quit') { reply({ ok: true }); break; }
    try {
      reply(Object.assign({ ok: true }, await run(c)));
    } catch (e) {
      reply({ ok: false, error: String(e && e.message || e).split('\n')[0] });
    }
  }
} finally {
  await browser.close();
}
