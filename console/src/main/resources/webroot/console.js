'use strict';
// The kubesim console page. It follows the console's server-sent events (api/stream): "view" (the
// cluster, rebuilt from the console's watches), "scheduler" (the leader's queues), "chaos"
// (experiments changed). It never polls and never reloads; it asks the API only when the learner
// picks something (an object's YAML, a pod's scheduling verdict, a Service's chains, a trace).
const state = { view: null, chaos: null, ns: '', tab: 'nodes', selected: null, cy: null, chainsCy: null,
  graphKey: '', chainsKey: '' };
const $ = id => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k === 'onclick') e.addEventListener('click', v);
    else if (k.startsWith('data-')) e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c);
  return e;
}
const inNs = ns => !state.ns || ns === state.ns;
const cpu = m => m >= 1000 ? (m / 1000).toFixed(m % 1000 ? 1 : 0) : m + 'm';
const mem = b => b >= 1 << 30 ? (b / (1 << 30)).toFixed(1) + 'Gi' : Math.round(b / (1 << 20)) + 'Mi';

// ---- the stream

function connect() {
  const source = new EventSource('api/stream');
  source.onopen = () => { $('connection').textContent = '● live'; };
  source.onerror = () => { $('connection').textContent = '○ reconnecting…'; };
  source.addEventListener('view', e => { state.view = JSON.parse(e.data); render(); });
  source.addEventListener('scheduler', e => renderQueues(JSON.parse(e.data)));
  source.addEventListener('chaos', () => loadChaos());
}

function render() {
  renderNamespaces();
  renderNodes();
  if (state.tab === 'graph') renderGraph();
  renderNetworking();
  renderEvents();
  fillChaosTargets();
  if (state.selected && state.selected.kind === 'Pod') loadVerdict(state.selected);
}

function renderNamespaces() {
  const select = $('namespace');
  const have = [...select.options].map(o => o.value).slice(1).join(',');
  if (have === state.view.namespaces.join(',')) return;
  select.replaceChildren(el('option', { value: '', textContent: 'all namespaces' }),
    ...state.view.namespaces.map(n => el('option', { value: n, textContent: n })));
  select.value = state.ns;
}

// ---- nodes and pods

function podClass(p) {
  if (p.status === 'Terminating') return 'terminating';
  if (p.phase === 'Succeeded') return 'done';
  if (p.phase === 'Failed' || ['CrashLoopBackOff', 'Error', 'ImagePullBackOff', 'ErrImagePull',
    'OOMKilled', 'CreateContainerConfigError'].includes(p.status)) return 'failed';
  if (p.phase === 'Pending') return 'pending';
  return p.ready ? 'ok' : 'notready';
}

function podBox(p) {
  return el('span', { class: 'pod ' + podClass(p), 'data-pod': p.namespace + '/' + p.name,
    title: `${p.namespace}/${p.name}\n${p.status}${p.ready ? ', ready' : ''}, restarts ${p.restarts}` +
      `\nrequests cpu ${cpu(p.requests.cpu)}, memory ${mem(p.requests.memory)}` +
      (p.usage ? `\nuses cpu ${cpu(p.usage.cpu)}, memory ${mem(p.usage.memory)}` : ''),
    onclick: () => select('Pod', p.namespace, p.name) },
  p.name, p.restarts ? el('span', { class: 'restarts', textContent: '↻' + p.restarts }) : null);
}

function bar(label, requested, allocatable, used, fmt) {
  const pct = v => Math.min(100, allocatable ? 100 * v / allocatable : 0) + '%';
  return el('div', {},
    el('div', { class: 'bar-label', textContent: `${label} ${fmt(requested)} / ${fmt(allocatable)}` +
      (used !== undefined ? ` · uses ${fmt(used)}` : '') }),
    el('div', { class: 'bar' }, el('div', { class: 'fill', style: `width:${pct(requested)}` }),
      used !== undefined ? el('div', { class: 'use', style: `left:${pct(used)}` }) : null));
}

function renderNodes() {
  const v = state.view;
  const pending = v.unscheduled.filter(p => inNs(p.namespace));
  $('unscheduled').replaceChildren(...(pending.length ? [el('div', { class: 'box' },
    el('h3', { textContent: `Not on a node yet (${pending.length}) — click one to see why` }),
    el('div', { class: 'pods' }, pending.map(podBox)))] : []));
  $('nodes').replaceChildren(...v.nodes.map(n => {
    const pods = n.pods.filter(p => inNs(p.namespace));
    const bad = n.conditions.filter(c => (c.type === 'Ready') !== (c.status === 'True'));
    return el('div', { class: 'node' + (n.ready ? '' : ' notready'), 'data-node': n.name },
      el('h3', { onclick: () => select('Node', '', n.name) }, n.name,
        el('span', {}, n.unschedulable ? el('span', { class: 'badge warn', textContent: 'SchedulingDisabled' }) : null,
          el('span', { class: 'badge' + (n.ready ? '' : ' bad'), textContent: n.ready ? 'Ready' : 'NotReady' }))),
      n.taints.map(t => el('span', { class: 'taint', textContent: 'taint ' + t })),
      bad.map(c => el('span', { class: 'cond', textContent: `${c.type}=${c.status} ${c.reason}` })),
      bar('cpu', n.requested.cpu, n.allocatable.cpu, n.usage && n.usage.cpu, cpu),
      bar('memory', n.requested.memory, n.allocatable.memory, n.usage && n.usage.memory, mem),
      el('div', { class: 'bar-label', textContent: `pods ${n.requested.pods} / ${n.allocatable.pods}` }),
      el('div', { class: 'pods' }, pods.map(podBox)));
  }));
}

// ---- owners and selectors

const KIND_COLOURS = { Deployment: '#326ce5', ReplicaSet: '#6f8fd8', DaemonSet: '#1f7a8c',
  StatefulSet: '#7a4fbf', Job: '#b5651d', Pod: '#5cb85c', Service: '#d9822b',
  EndpointSlice: '#e6b35a', Ingress: '#a8327e' };

function graphElements() {
  const g = state.view.graph;
  const nodes = g.nodes.filter(n => inNs(n.namespace));
  const ids = new Set(nodes.map(n => n.id));
  return [
    ...nodes.map(n => ({ data: { id: n.id, label: n.kind + '\n' + n.name, kind: n.kind,
      colour: KIND_COLOURS[n.kind] || '#888' } })),
    ...g.edges.filter(e => ids.has(e.source) && ids.has(e.target))
      .map(e => ({ data: { id: e.id, source: e.source, target: e.target, kind: e.kind } })),
  ];
}

function renderGraph() {
  const elements = graphElements();
  const key = elements.map(e => e.data.id + (e.data.kind || '')).join('|');
  if (!state.cy) {
    state.cy = cytoscape({ container: $('graph'), wheelSensitivity: 0.3, style: [
      { selector: 'node', style: { label: 'data(label)', 'text-wrap': 'wrap', 'font-size': 9,
        'background-color': 'data(colour)', width: 18, height: 18, 'text-valign': 'bottom' } },
      { selector: 'edge', style: { width: 1.5, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle',
        'line-color': '#999', 'target-arrow-color': '#999' } },
      { selector: 'edge[kind^="selects"]', style: { 'line-color': '#2a8a2a', 'target-arrow-color': '#2a8a2a' } },
      { selector: 'edge[kind="selects-not-ready"]', style: { 'line-style': 'dashed' } },
      { selector: 'edge[kind="routes"]', style: { 'line-color': '#8a2a8a', 'target-arrow-color': '#8a2a8a' } },
    ] });
    state.cy.on('tap', 'node', e => {
      const [kind, ns, name] = e.target.id().split('/');
      select(kind, ns, name);
    });
  }
  state.cy.resize();
  if (key === state.graphKey) return;
  state.graphKey = key;
  state.cy.elements().remove();
  state.cy.add(elements);
  state.cy.layout({ name: 'breadthfirst', directed: true, spacingFactor: 1.0, padding: 10 }).run();
}

// ---- networking

function selectedService() {
  const key = $('service').value;
  return state.view.services.find(s => s.namespace + '/' + s.name === key);
}

function renderNetworking() {
  const v = state.view;
  const services = v.services.filter(s => inNs(s.namespace));
  fillSelect($('service'), services.map(s => s.namespace + '/' + s.name));
  fillSelect($('node'), v.nodes.map(n => n.name));
  const s = selectedService();
  $('service-info').replaceChildren(...(s ? [
    el('div', {}, el('b', { textContent: s.dns }), ` — ${s.type} ${s.clusterIP} ports ` +
      s.ports.map(p => `${p.port}/${p.protocol}` + (p.nodePort ? ` (nodePort ${p.nodePort})` : '')).join(', ')),
    el('div', { textContent: 'endpoints: ' + (s.endpoints.map(e => `${e.ip} ${e.pod}` +
      (e.ready ? '' : ' (not ready)')).join(', ') || 'none') })] : []));
  const body = $('ingresses').tBodies[0];
  body.replaceChildren(...v.ingresses.filter(i => inNs(i.namespace)).flatMap(i => i.routes.map(r =>
    el('tr', {}, el('td', { textContent: i.namespace + '/' + i.name }), el('td', { textContent: r.host }),
      el('td', { textContent: r.path + (r.pathType ? ` (${r.pathType})` : '') }),
      el('td', { textContent: `${r.service}:${r.port}` }),
      el('td', { textContent: r.endpoints.filter(e => e.ready).map(e => e.ip).join(', ') || 'none ready' })))));
  const key = s ? s.namespace + '/' + s.name + '@' + $('node').value + ':' +
    s.endpoints.map(e => e.ip + e.ready).join(',') : '';
  if (state.tab === 'networking' && key !== state.chainsKey) {
    state.chainsKey = key;
    loadChains();
  }
}

function fillSelect(select, values) {
  const have = [...select.options].map(o => o.value).join(',');
  if (have === values.join(',')) return;
  const keep = select.value;
  select.replaceChildren(...values.map(v => el('option', { value: v, textContent: v })));
  if (values.includes(keep)) select.value = keep;
}

async function loadChains() {
  const s = selectedService();
  const node = $('node').value;
  $('trace-text').textContent = '';
  if (!s || !node) return;
  const response = await fetch(`api/networking/chains?node=${encodeURIComponent(node)}` +
    `&namespace=${encodeURIComponent(s.namespace)}&name=${encodeURIComponent(s.name)}`);
  const d = await response.json();
  if (!response.ok) { $('trace-text').textContent = d.error; return; }
  drawChains(d);
}

function drawChains(d) {
  if (!state.chainsCy) {
    state.chainsCy = cytoscape({ container: $('chains'), wheelSensitivity: 0.3, style: [
      { selector: 'node', style: { shape: 'round-rectangle', label: 'data(label)', 'text-valign': 'center',
        'font-size': 10, width: 'label', height: 22, padding: 6, 'background-color': '#dfe7f7',
        'border-width': 1, 'border-color': '#6f8fd8' } },
      { selector: 'node[kind="entry"]', style: { 'background-color': '#c9d6f2' } },
      { selector: 'node[kind="endpoint"]', style: { 'background-color': '#e3f4e3', 'border-color': '#5cb85c' } },
      { selector: 'node[kind="verdict"]', style: { 'background-color': '#fff1d6', 'border-color': '#f0ad4e' } },
      { selector: 'node.traced', style: { 'border-width': 3, 'border-color': '#d9534f' } },
      { selector: 'edge', style: { width: 1.5, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle',
        label: 'data(label)', 'font-size': 9, 'text-background-color': 'white', 'text-background-opacity': 1 } },
      { selector: 'edge.traced', style: { 'line-color': '#d9534f', 'target-arrow-color': '#d9534f', width: 3 } },
    ] });
  }
  const cy = state.chainsCy;
  cy.resize();
  cy.elements().remove();
  cy.add([
    ...d.boxes.map(b => ({ data: { id: b.id, label: b.label + (b.masquerade ? ' (masq)' : ''), kind: b.kind } })),
    ...d.arrows.map((a, i) => ({ data: { id: 'a' + i, source: a.from, target: a.to,
      label: [a.match, a.chance !== undefined ? (100 * a.chance).toFixed(1) + '%' : ''].filter(x => x).join(' ') } })),
  ]);
  const roots = d.boxes.filter(b => b.kind === 'entry').map(b => '#' + CSS.escape(b.id)).join(',');
  cy.layout({ name: 'breadthfirst', directed: true, roots: roots || undefined, spacingFactor: 1.1, padding: 10 }).run();
}

async function trace() {
  const s = selectedService();
  const node = $('node').value;
  if (!s || !node) return;
  const response = await fetch(`api/networking/trace?node=${encodeURIComponent(node)}` +
    `&namespace=${encodeURIComponent(s.namespace)}&name=${encodeURIComponent(s.name)}`);
  const t = await response.json();
  if (!response.ok) { $('trace-text').textContent = t.error; return; }
  $('trace-text').textContent = t.text;
  const cy = state.chainsCy;
  if (!cy) return;
  cy.elements().removeClass('traced');
  for (const p of t.paths) {
    const ids = [...p.chains];
    const dnat = /^DNAT to (\S+)/.exec(p.verdict);
    if (dnat) ids.push('DNAT ' + dnat[1].replace(/,$/, ''));
    const on = ids.map(id => cy.getElementById(id)).filter(n => n.nonempty());
    on.forEach(n => n.addClass('traced'));
    for (let i = 0; i + 1 < on.length; i++) on[i].edgesTo(on[i + 1]).addClass('traced');
  }
}

// ---- events

function renderEvents() {
  const filter = $('event-filter').value.trim().toLowerCase();
  const rows = state.view.events.filter(e => inNs(e.namespace) &&
    (!filter || e.object.toLowerCase().includes(filter)));
  $('events').tBodies[0].replaceChildren(...rows.map(e => el('tr', { class: e.type },
    el('td', { textContent: e.time.replace('T', ' ').replace('Z', '') }), el('td', { textContent: e.type }),
    el('td', { textContent: e.reason + (e.count > 1 ? ` (×${e.count})` : '') }),
    el('td', { textContent: e.object }), el('td', { textContent: e.message }))));
}

// ---- details: YAML and scheduling

async function select(kind, namespace, name) {
  state.selected = { kind, namespace, name };
  const object = `${kind}/${namespace}/${name}`;
  const pre = el('pre', { id: 'yaml', textContent: 'loading…' });
  $('details').replaceChildren(el('div', {}, el('b', { textContent: object })),
    el('button', { textContent: 'its events', onclick: () => {
      $('event-filter').value = object; showTab('events'); renderEvents(); } }),
    el('div', { id: 'verdict' }), pre);
  const response = await fetch(`api/cluster/yaml?kind=${kind}&namespace=${encodeURIComponent(namespace)}` +
    `&name=${encodeURIComponent(name)}`);
  pre.textContent = await response.text();
  if (kind === 'Pod') loadVerdict(state.selected);
}

async function loadVerdict(pod) {
  const response = await fetch(`api/scheduling/pods/${encodeURIComponent(pod.namespace)}/${encodeURIComponent(pod.name)}`);
  const answer = await response.json();
  const box = $('verdict');
  if (!box || state.selected !== pod) return;
  if (answer.error) { box.replaceChildren(el('p', { textContent: 'scheduler: ' + answer.error })); return; }
  const v = answer.verdict;
  if (!v) { box.replaceChildren(el('p', { textContent: 'The scheduler holds no recent verdict for this pod.' })); return; }
  const parts = [];
  if (v.result === 'Scheduled') {
    parts.push(el('p', {}, el('b', { textContent: `Scheduled on ${v.node}` }), ` (attempt ${v.attempts})`));
    if (v.scores.length) {
      const plugins = Object.keys(v.scores[0].plugins);
      parts.push(el('table', { class: 'scores' }, el('tr', {}, el('th', { textContent: 'node' }),
        el('th', { textContent: 'total' }), plugins.map(p => el('th', { textContent: p }))),
        v.scores.map(s => el('tr', {}, el('td', { textContent: s.node }), el('td', { textContent: s.total }),
          plugins.map(p => el('td', { textContent: s.plugins[p] }))))));
    } else {
      parts.push(el('p', { textContent: 'Only one node passed the filters: nothing to score.' }));
    }
  } else {
    parts.push(el('p', {}, el('b', { textContent: 'Pending' }), ` (attempt ${v.attempts}): ${v.message}`));
  }
  if (v.rejected.length) {
    parts.push(el('table', { class: 'rejected' }, el('tr', {}, el('th', { textContent: 'node' }),
      el('th', { textContent: 'rejected by' }), el('th', { textContent: 'reason' })),
      v.rejected.map(r => el('tr', { 'data-node': r.node }, el('td', { textContent: r.node }),
        el('td', { textContent: r.plugin }), el('td', { class: 'reason', textContent: r.reasons.join('; ') })))));
  }
  box.replaceChildren(...parts);
}

function renderQueues(q) {
  $('queues').textContent = q.error ? 'scheduler: ' + q.error :
    `scheduler queues: active ${q.queues.active} · backoff ${q.queues.backoff} · unschedulable ${q.queues.unschedulable}`;
}

// ---- chaos (served by the chaos feature when the console has it)

// The processes `bin/kubesim chaos kill NAME` knows besides the nodes (a node's name: its kubelet).
const PROCESSES = ['apiserver', 'controller-manager', 'scheduler', 'kube-proxy', 'coredns',
  'ingress-nginx-controller', 'kube-state-metrics'];

async function loadChaos() {
  const response = await fetch('api/chaos/experiments');
  if (response.status === 404) { $('chaos').textContent = 'Chaos is not available in this console.'; return; }
  state.chaos = await response.json();
  renderChaosControls();
  renderTimeline();
}

const seconds = ms => (ms / 1000).toFixed(1) + ' s';

// Newest first, each a bar on one time axis from the oldest shown start to now: a bar ends at its
// heal, or grows with the clock while the cluster still waits for something.
function renderTimeline() {
  const list = (state.chaos && state.chaos.experiments || []).slice().reverse().slice(0, 20);
  const box = $('chaos-timeline');
  if (!list.length) { box.replaceChildren(el('p', { textContent: 'No experiment yet.' })); return; }
  const now = Date.now();
  const at = t => t ? Date.parse(t) : null;
  const from = Math.min(...list.map(x => at(x.startedAt)));
  const span = Math.max(1000, now - from);
  const pct = t => (100 * (t - from) / span).toFixed(2) + '%';
  box.replaceChildren(el('div', { class: 'chaos-axis' },
    el('span', { textContent: new Date(from).toLocaleTimeString() }), el('span', { textContent: 'now' })),
  ...list.map(x => {
    const start = at(x.startedAt), end = at(x.healedAt) || now, ended = at(x.endedAt);
    const status = x.healedAt ? `healed in ${x.timeToHealSeconds.toFixed(1)} s`
      : `not healed after ${seconds(now - start)}`;
    return el('div', { class: 'chaos-row ' + (x.healedAt ? 'healed' : 'waiting'), 'data-experiment': x.id,
      title: `started ${x.startedAt}` + (x.endedAt ? `\nended (chaos heal) ${x.endedAt}` : '') +
        (x.healedAt ? `\nhealed ${x.healedAt}` : '') },
    el('div', { class: 'chaos-label' }, el('b', { textContent: `${x.kind} ${x.target}` }),
      el('span', { class: 'chaos-status', textContent: status })),
    el('div', { class: 'chaos-track' },
      el('div', { class: 'chaos-bar', style: `left:${pct(start)};width:calc(${pct(end)} - ${pct(start)})` }),
      ended ? el('div', { class: 'chaos-ended', title: 'chaos heal', style: `left:${pct(ended)}` }) : null),
    x.healedAt ? null : el('ul', { class: 'chaos-waiting' },
      (x.waitingFor.length ? x.waitingFor : ['the next watch event']).map(w => el('li', { textContent: w }))));
  }));
}

// The clock moves the unhealed bars; the experiments themselves come with the "chaos" events.
setInterval(() => {
  if (state.chaos && state.chaos.experiments.some(x => !x.healedAt)) renderTimeline();
}, 1000);

function renderChaosControls() {
  const c = state.chaos;
  const box = $('chaos-controls');
  if (!c.allowChaos) {
    box.replaceChildren(el('p', { class: 'chaos-hint' }, 'Read-only: start the console with ',
      el('code', { textContent: '--allow-chaos' }), ' (KUBESIM_CONSOLE_ALLOW_CHAOS=true) to start experiments here, or run ',
      el('code', { textContent: 'bin/kubesim chaos kill-node NODE' }), ' (compose: ',
      el('code', { textContent: 'deploy/chaos kill-node NODE' }), ') in a shell: they appear below. In compose, ',
      el('code', { textContent: 'deploy/compose.chaos.yml' }), ' enables them here.'));
    return;
  }
  if (!c.canRun) {
    box.replaceChildren(el('p', { class: 'chaos-hint' }, 'This console cannot carry out experiments ' +
      '(no KUBESIM_CHAOS_COMMAND, no Docker socket: in compose add ', el('code', { textContent: 'deploy/compose.chaos.yml' }),
      '); run them in a shell: ', el('code', { textContent: 'deploy/chaos kill-node NODE' })));
    return;
  }
  if ($('chaos-kind')) return; // already drawn; render() keeps the node picker current
  const kind = el('select', { id: 'chaos-kind' }, c.kinds.map(k => el('option', { value: k, textContent: k })));
  const target = el('select', { id: 'chaos-target' });
  const heal = el('select', { id: 'chaos-heal-target' });
  kind.addEventListener('change', fillChaosTargets);
  box.replaceChildren(
    el('div', { class: 'controls' }, kind, target,
      el('button', { id: 'chaos-start', textContent: 'Start', onclick: () =>
        chaosPost('experiments', { kind: kind.value, target: target.value }) })),
    el('div', { class: 'controls' }, heal,
      el('button', { id: 'chaos-heal', textContent: 'Heal', onclick: () =>
        chaosPost('heal', heal.value ? { target: heal.value } : {}) })),
    el('div', { id: 'chaos-result', class: 'chaos-hint' }));
  fillChaosTargets();
}

// kill-node and partition take a node; kill takes a process or a node (its kubelet).
function fillChaosTargets() {
  if (!$('chaos-kind')) return;
  const nodes = state.view ? state.view.nodes.map(n => n.name) : [];
  fillSelect($('chaos-target'), $('chaos-kind').value === 'kill' ? [...PROCESSES, ...nodes] : nodes);
  fillSelect($('chaos-heal-target'), ['', ...nodes]);
  const every = $('chaos-heal-target').options[0];
  if (every) every.textContent = 'every node';
}

async function chaosPost(what, body) {
  const result = $('chaos-result');
  result.textContent = 'running…';
  document.querySelectorAll('#chaos-controls button').forEach(b => { b.disabled = true; });
  try {
    const response = await fetch('api/chaos/' + what, { method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await response.json();
    result.textContent = response.ok ? 'done' : answer.message || response.statusText;
  } catch (e) {
    result.textContent = String(e);
  } finally {
    document.querySelectorAll('#chaos-controls button').forEach(b => { b.disabled = false; });
  }
}

// ---- tabs and controls

function showTab(tab) {
  state.tab = tab;
  document.querySelectorAll('#tabs button').forEach(b => b.classList.toggle('active', b.dataset.tab === tab));
  document.querySelectorAll('.tab').forEach(s => s.classList.toggle('active', s.id === 'tab-' + tab));
  if (state.view) render();
}

document.querySelectorAll('#tabs button').forEach(b => b.addEventListener('click', () => showTab(b.dataset.tab)));
$('namespace').addEventListener('change', e => { state.ns = e.target.value; state.graphKey = ''; render(); });
$('service').addEventListener('change', () => { state.chainsKey = ''; render(); });
$('node').addEventListener('change', () => { state.chainsKey = ''; render(); });
$('trace').addEventListener('click', trace);
$('event-filter').addEventListener('input', () => state.view && renderEvents());
connect();
loadChaos();
