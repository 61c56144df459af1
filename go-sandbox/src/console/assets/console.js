// The sandbox console: polls /_sandbox/console/state and renders instances,
// counters, faults and the clock; its buttons call the console's routes with the
// page token. Every value goes into the page with textContent, never as markup.
'use strict';

(function () {
  const token = document.querySelector('meta[name="gbg-sandbox-token"]').getAttribute('content');
  const $ = (id) => document.getElementById(id);
  let journeys = [];
  const open = new Set(); // instance ids whose details are expanded


  async function post(path, body) {
    const r = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sandbox-token': token },
      body: JSON.stringify(body || {}),
    });
    let answer = {};
    try {
      answer = await r.json();
    } catch (_) {
      answer = { ok: false, errors: [{ problem: `HTTP ${r.status}` }] };
    }
    $('error').textContent = answer.ok ? '' : (answer.errors || []).map((e) => e.problem).join('; ');
    refresh();
    return answer;
  }

  function scenarios() {
    const select = $('start-scenario');
    const id = ($('start-journey').value || '').split('@')[0];
    const j = journeys.find((x) => x.resourceId === id);
    const keep = select.value;
    select.textContent = '';
    select.append(el('option', { value: '', text: '(none)' }));
    for (const s of (j && j.scenarios) || []) select.append(el('option', { value: s, text: s }));
    select.value = keep;
  }

  function kv(label, value) {
    return el('div', { class: 'kv' }, el('span', { class: 'k', text: label }), el('span', { class: 'v', text: value }));
  }

  function instanceCard(i) {
    const card = el('article', { class: `instance status-${i.status}`, 'data-instance': i.instanceId });
    const summary = el('header', {},
      el('code', { class: 'id', text: i.instanceId }),
      el('span', { class: 'badge', text: i.processing ? 'Processing' : i.status }),
      el('span', { class: 'journey', text: `${i.journeyName} (${i.resourceId})` }));
    const actions = el('div', { class: 'actions' },
      el('a', { href: i.pageUrl, target: '_blank', rel: 'noopener', class: 'page-link', text: 'End-user page' }));
    const terminate = el('button', { type: 'button', class: 'terminate', text: 'Terminate' });
    terminate.addEventListener('click', () => post(`/_sandbox/console/instances/${encodeURIComponent(i.instanceId)}/terminate`));
    const del = el('button', { type: 'button', class: 'delete', text: 'Delete' });
    del.addEventListener('click', () => post(`/_sandbox/console/instances/${encodeURIComponent(i.instanceId)}/delete`));
    actions.append(terminate, del);
    card.append(summary, actions);

    const facts = el('div', { class: 'facts' },
      kv('Started', i.created),
      kv('Ended', i.completed || '—'),
      kv('Scenario', i.scenario ? JSON.stringify(i.scenario) : '(none)'),
      kv('Interaction', i.interactionId || '—'),
      kv('Outstanding', (i.outstanding || []).join(', ') || '—'),
      kv('Instructions', (i.instructions || []).join(', ') || '—'),
      kv('Collected', (i.collected || []).join(', ') || '—'));
    card.append(facts);

    const tasks = el('ol', { class: 'tasks' });
    for (const t of i.tasks) {
      const li = el('li', { text: `${t.name}: ${t.state}${t.completedBy ? ` (by ${t.completedBy})` : ''}` });
      for (const r of t.pendingReasons || []) li.append(el('div', { class: 'reason', text: `${r.pointer}: ${r.message} (${r.keyword})` }));
      tasks.append(li);
    }
    card.append(el('h4', { text: 'Interactions' }), tasks);

    const d = i.decision;
    const decision = el('div', { class: 'decision' });
    if (d) {
      decision.append(kv('Decision', d.failed ? 'failed (no outcome)' : `${d.outcome} (${d.classification || 'unclassified'})`));
      const steps = el('table', { class: 'steps' }, el('tr', {}, el('th', { text: 'Module' }), el('th', { text: 'Outcome' }), el('th', { text: 'Classification' }), el('th', { text: 'Error' })));
      for (const s of d.steps) {
        steps.append(el('tr', {}, el('td', { text: s.name }), el('td', { text: s.outcome }), el('td', { text: s.classification || '' }), el('td', { text: s.error || '' })));
      }
      decision.append(steps);
    } else {
      decision.append(kv('Decision', i.processing ? 'modules running…' : 'not yet'));
    }
    card.append(el('h4', { text: 'Decision' }), decision);

    const more = el('details', { class: 'more' });
    if (open.has(i.instanceId)) more.open = true;
    more.addEventListener('toggle', () => (more.open ? open.add(i.instanceId) : open.delete(i.instanceId)));
    more.append(el('summary', { text: `Subject and request log (${i.log.length})` }));
    more.append(el('pre', { class: 'subject', text: JSON.stringify(i.subject, null, 2) }));
    const log = el('table', { class: 'log' }, el('tr', {}, el('th', { text: 'Time' }), el('th', { text: 'Method' }), el('th', { text: 'Path' }), el('th', { text: 'Status' }), el('th', { text: 'ms' })));
    for (const e of i.log) {
      log.append(el('tr', {}, el('td', { text: e.at }), el('td', { text: e.method }), el('td', { text: e.path }), el('td', { text: String(e.status) }), el('td', { text: String(e.millis) })));
    }
    more.append(log);
    card.append(more);
    return card;
  }

  function render(state) {
    journeys = state.journeys;
    scenarios();
    $('clock').textContent = state.now;
    $('faults').textContent = JSON.stringify(state.faults, null, 2);
    $('counters').textContent = JSON.stringify(state.counters, null, 2);
    const list = $('instance-list');
    list.textContent = '';
    for (const i of state.instances) list.append(instanceCard(i));
    $('instances-empty').hidden = state.instances.length > 0;
  }

  let timer;
  async function refresh() {
    clearTimeout(timer);
    try {
      const r = await fetch('/_sandbox/console/state', { headers: { accept: 'application/json' } });
      if (r.ok) render(await r.json());
    } catch (_) {
      $('error').textContent = 'The sandbox does not answer.';
    }
    timer = setTimeout(refresh, 1000);
  }

  $('start-journey').addEventListener('change', scenarios);
  $('start-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const answer = await post('/_sandbox/console/start', {
      resourceId: $('start-journey').value,
      scenario: $('start-scenario').value || null,
    });
    const out = $('start-result');
    out.textContent = '';
    if (answer.ok) {
      out.append('Started ', el('a', { href: answer.pageUrl, target: '_blank', rel: 'noopener', id: 'started-link', text: answer.instanceId }));
    }
  });
  $('clock-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    post('/_sandbox/console/clock', { advanceSeconds: Number($('advance').value) || 0 });
  });
  $('fault-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    post('/_sandbox/console/faults', { rule: $('fault-rule').value });
  });
  $('faults-clear').addEventListener('click', () => post('/_sandbox/console/faults/clear'));
  $('counters-reset').addEventListener('click', () => post('/_sandbox/console/counters/reset'));
  refresh();
})();
