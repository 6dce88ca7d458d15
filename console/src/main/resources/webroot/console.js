'use strict';
// The page follows the console's server-sent events; it never polls and never reloads.
const state = { view: null };

function connect() {
  const source = new EventSource('api/stream');
  source.onopen = () => { document.getElementById('connection').textContent = 'live'; };
  source.onerror = () => { document.getElementById('connection').textContent = 'reconnecting…'; };
  source.addEventListener('view', e => { state.view = JSON.parse(e.data); drawNodes(); });
  source.addEventListener('chaos', () => loadChaos());
}

function drawNodes() {
  const box = document.getElementById('nodes');
  box.textContent = '';
  for (const node of state.view.nodes || []) {
    const div = document.createElement('div');
    div.className = 'node';
    div.dataset.node = node.name;
    div.textContent = node.name;
    box.appendChild(div);
  }
}

async function loadChaos() {
  const panel = document.getElementById('chaos');
  const response = await fetch('api/chaos/experiments');
  if (response.status === 404) {
    panel.textContent = 'Chaos is not available in this console.';
    return;
  }
  panel.textContent = JSON.stringify(await response.json());
}

connect();
loadChaos();
