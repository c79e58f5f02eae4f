// callguard operations page. Plain script, no library. The admin token lives only in the `token` variable of this
// closure: never in an address, a cookie or web storage. Every refresh is one GET /admin/v1/ops/summary with it.
'use strict';
(function () {
  var REFRESH_MS = 2000;
  var SUMMARY = new URL('../v1/ops/summary', document.baseURI).href;
  var token = null;
  var timer = null;
  var pending = null;
  var failures = 0;

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'className') e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }

  function setText(node, text) { if (node.textContent !== text) node.textContent = text; }

  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) return '';
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    var mm = (m < 10 && h > 0 ? '0' : '') + m, ss = (s < 10 ? '0' : '') + s;
    return (h > 0 ? h + ':' : '') + mm + ':' + ss;
  }

  function when(iso) {
    if (!iso) return '';
    var d = new Date(iso);
    return isNaN(d.getTime()) ? iso : d.toLocaleString();
  }

  function fetchSummary(withToken) {
    if (pending) pending.abort();
    pending = new AbortController();
    return fetch(SUMMARY, {
      method: 'GET',
      headers: { 'Authorization': 'Bearer ' + withToken, 'Accept': 'application/json' },
      cache: 'no-store', credentials: 'omit', redirect: 'error', referrerPolicy: 'no-referrer',
      signal: pending.signal
    }).then(function (r) {
      if (r.status === 401) { var e = new Error('unauthorized'); e.unauthorized = true; throw e; }
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    });
  }

  function showDashboard(on) {
    $('login').hidden = on;
    $('dashboard').hidden = !on;
    $('logout').hidden = !on;
  }

  function logout(message) {
    token = null;
    if (timer) { clearTimeout(timer); timer = null; }
    if (pending) { pending.abort(); pending = null; }
    ['calls-body', 'trunks-list', 'susp-body', 'denials-list'].forEach(function (id) { $(id).replaceChildren(); });
    setText($('updated'), '');
    setText($('announce'), '');
    failures = 0;
    showDashboard(false);
    setText($('login-error'), message || '');
    $('token').focus();
  }

  function schedule() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(refresh, REFRESH_MS);
  }

  function refresh() {
    timer = null;
    if (token === null) return;
    if (document.hidden) { schedule(); return; }
    var used = token;
    fetchSummary(used).then(function (s) {
      if (token !== used) return;
      if (failures > 0) setText($('announce'), 'Connection to callguard restored.');
      failures = 0;
      render(s);
      schedule();
    }).catch(function (e) {
      if (token !== used || e.name === 'AbortError') return;
      if (e.unauthorized) { logout('The admin token was refused: log in again.'); return; }
      // said once to screen readers (the timestamp line changes every refresh and is not a live region)
      if (failures++ === 0) setText($('announce'), 'Connection to callguard lost, retrying.');
      setText($('updated'), 'Connection lost (' + e.message + '), retrying…');
      $('updated').className = 'updated stale';
      schedule();
    });
  }

  $('login-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var given = $('token').value.trim();
    $('token').value = '';
    if (!given) { setText($('login-error'), 'Enter the admin token.'); return; }
    setText($('login-error'), 'Checking…');
    fetchSummary(given).then(function (s) {
      token = given;
      setText($('login-error'), '');
      showDashboard(true);
      render(s);
      $('dashboard').focus();
      schedule();
    }).catch(function (e) {
      if (e.name === 'AbortError') return;
      setText($('login-error'), e.unauthorized ? 'This token is not the admin token.' : 'callguard did not answer (' + e.message + ').');
    });
  });
  $('logout').addEventListener('click', function () { logout('Logged out.'); });
  document.addEventListener('visibilitychange', function () { if (!document.hidden && token !== null && !timer) refresh(); });

  // ---- rendering: textContent only, never HTML from the answer ----------------------------------------------------

  function badge(node, value, good) {
    setText(node, value);
    node.className = 'badge ' + (value === good || value === 'DISABLED' ? 'up' : value === 'SYNCING' ? 'warn' : 'down');
  }

  function render(s) {
    setText($('updated'), 'Updated ' + when(s.generatedAt));
    $('updated').className = 'updated';
    badge($('ami'), s.status.ami, 'UP');
    badge($('store'), s.status.store, 'UP');
    renderSms(s.sms);
    renderCalls(s.calls);
    renderTrunks(s.trunks);
    renderSuspensions(s.suspensions);
    renderDenials(s.denials);
  }

  function unavailable(section) { return !section ? 'module not enabled' : section.error ? 'unavailable' : null; }

  function renderSms(sms) {
    var off = unavailable(sms);
    if (off) { setText($('sms'), off); return; }
    setText($('sms'), sms.enabled ? plural(sms.queued, 'SMS', 'SMS') + ' waiting (' + sms.sending + ' sending)' : 'CTI API off');
  }

  function cell(label, text, className) {
    var td = el('td', { 'data-label': label, text: text === null || text === undefined || text === '' ? '—' : String(text) });
    if (className) td.className = className;
    return td;
  }

  function renderCalls(calls) {
    var shown = calls.items.length;
    setText($('calls-count'), '(' + calls.total + (shown < calls.total ? ', the ' + shown + ' longest shown' : '') + ')');
    $('calls-body').replaceChildren.apply($('calls-body'), calls.items.map(function (c) {
      return el('tr', { 'data-channel': c.channel }, [
        cell('Channel', c.channel), cell('Account', c.accountId), cell('Direction', c.direction ? c.direction.toLowerCase() : ''),
        cell('From', c.caller), cell('To', c.callee), cell('State', c.state), cell('Duration', duration(c.durationSeconds), 'num')
      ]);
    }));
    $('calls-table').hidden = shown === 0;
    $('calls-empty').hidden = shown !== 0;
  }

  function bar(name, detail, value, max, label, extraAttrs) {
    var full = max > 0 && value >= max;
    var pct = max > 0 ? Math.min(100, Math.round(value * 100 / max)) : (value > 0 ? 100 : 0);
    var fill = el('span');
    fill.style.width = pct + '%';
    var meter = el('div', { className: 'bar' + (full ? ' full' : ''), role: 'meter', 'aria-valuemin': '0',
      'aria-valuemax': String(max), 'aria-valuenow': String(value), 'aria-label': label }, [fill]);
    var attrs = Object.assign({}, extraAttrs || {});
    return el('li', attrs, [
      el('span', { className: 'name' }, [document.createTextNode(name + ' '), detail ? el('small', { text: detail }) : null]),
      el('span', { className: 'figure' + (full ? ' status-full' : ''), text: value + ' / ' + max + (value > max ? ' (over)' : full ? ' (full)' : '') }),
      meter
    ]);
  }

  function renderTrunks(trunks) {
    var off = unavailable(trunks);
    if (off) { setText($('trunks-count'), '(' + off + ')'); $('trunks-list').replaceChildren(); return; }
    var shown = trunks.items.length;
    setText($('trunks-count'), '(' + trunks.total + (trunks.full ? ', ' + trunks.full + ' full' : '') +
      (shown < trunks.total ? ', ' + shown + ' shown' : '') + ')');
    $('trunks-list').replaceChildren.apply($('trunks-list'), trunks.items.map(function (t) {
      return bar(t.trunkId, t.accountId + ' · ' + t.kind, t.inUse, t.cap, 'Channels in use on trunk ' + t.trunkId,
        { 'data-trunk': t.trunkId, 'data-in-use': String(t.inUse), 'data-cap': String(t.cap) });
    }));
    $('trunks-empty').hidden = shown !== 0;
  }

  function renderSuspensions(susp) {
    var off = unavailable(susp);
    if (off) { setText($('susp-count'), '(' + off + ')'); $('susp-body').replaceChildren(); $('susp-empty').hidden = true; return; }
    setText($('susp-count'), '(' + susp.active + ' active, ' + susp.scheduled + ' scheduled)');
    $('susp-body').replaceChildren.apply($('susp-body'), susp.items.map(function (x) {
      return el('tr', { className: x.status.toLowerCase(), 'data-suspension': x.id, 'data-account': x.accountId }, [
        cell('Status', x.status.toLowerCase()), cell('Account', x.accountId),
        cell('Lines', x.trunkId ? 'trunk ' + x.trunkId : 'whole account'), cell('Reason', x.reason),
        cell('Article', x.article), cell('Starts', when(x.startsAt)), cell('Note', x.note)
      ]);
    }));
    $('susp-table').hidden = susp.items.length === 0;
    $('susp-empty').hidden = susp.items.length !== 0;
  }

  function renderDenials(d) {
    var off = unavailable(d);
    if (off) { setText($('denials-count'), '(' + off + ')'); $('denials-list').replaceChildren(); return; }
    setText($('denials-count'), '(' + d.total + ' in the last ' + plural(d.windowMinutes, 'minute', 'minutes') + ')');
    var most = d.byReason.reduce(function (m, r) { return Math.max(m, r.count); }, 0);
    $('denials-list').replaceChildren.apply($('denials-list'), d.byReason.map(function (r) {
      var li = bar(r.reason, '', r.count, most, 'Calls refused for ' + r.reason, { 'data-reason': r.reason });
      li.querySelector('.figure').textContent = String(r.count);
      li.querySelector('.figure').className = 'figure';
      li.querySelector('.bar').className = 'bar';
      return li;
    }));
    $('denials-empty').hidden = d.byReason.length !== 0;
  }
})();
