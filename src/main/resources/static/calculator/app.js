// The calculator page: the form's state lives in the address; every change asks POST /estimate, and the
// chart asks POST /plan once with one scenario per sequence length.

import { sequenceChart } from './charts.js';
import { bytes, el, grouped, human, parseJson } from './format.js';
import { renderEstimate } from './render.js';
import { curl, fields, fromForm, fromQuery, json, SOURCES, toBody, toForm, toQuery } from './state.js';

const form = document.getElementById('inputs');
const known = fields(form);
const order = [...known.keys()];
const kinds = new Map([...known].map(([name, element]) => [name, element.dataset.kind]));
const results = document.getElementById('results');
const output = document.getElementById('output');
const status = document.getElementById('status');
const figure = document.getElementById('seq-chart');

/** How many GPUs the sequence-length chart draws at most. */
const MAX_SERIES = 6;
const JSON_ACCEPT = 'application/json, application/problem+json';
/** What to say while the chosen way of naming the model is still empty (no request is sent). */
const PROMPTS = {
    model: 'Choose a model from the catalog to start.',
    modelConfig: 'Paste a config.json to start.',
    explicit: 'Give the model\'s sizes to start.',
};

let catalogModels = [];
let catalogGpus = [];
let generation = 0;
let inFlight = null;
let lastChart = null;
let lastBody = {};

async function getJson(url, init) {
    const response = await fetch(url, { ...init, headers: { Accept: JSON_ACCEPT, ...(init?.headers || {}) } });
    const text = await response.text();
    let body = null;
    try {
        body = text ? parseJson(text) : null;
    } catch {
        body = { detail: text };
    }
    return { ok: response.ok, status: response.status, body };
}

// ------------------------------------------------------------------ reference data

async function loadReferenceData() {
    const [models, gpus, spec] = await Promise.allSettled([
        getJson('models'),
        getJson('gpus'),
        getJson('v3/api-docs'),
    ]);
    if (models.status === 'fulfilled' && models.value.ok) {
        catalogModels = models.value.body.models;
        const list = document.getElementById('model-options');
        list.replaceChildren(
            ...catalogModels.map((m) => {
                const option = new Option(
                    `${grouped(m.parameters)} parameters · context ${grouped(m.contextLength)}`,
                    m.id,
                );
                return option;
            }),
        );
    }
    if (gpus.status === 'fulfilled' && gpus.value.ok) {
        catalogGpus = gpus.value.body.gpus;
        const boxes = document.getElementById('gpu-boxes');
        boxes.replaceChildren(
            ...catalogGpus.map((g) => {
                const label = el('label', 'gpu-box');
                const box = el('input');
                box.type = 'checkbox';
                box.value = g.id;
                label.append(box, `${g.name.replace(/^(NVIDIA|AMD) /, '')} `, el('span', 'hint', `${g.marketedMemoryGb} GB`));
                return label;
            }),
        );
    }
    if (spec.status === 'fulfilled' && spec.value.ok) {
        const schemas = spec.value.body.components?.schemas || {};
        const options = (schema, property) =>
            (schemas[schema]?.properties?.[property]?.enum || []).filter((v) => v !== 'auto');
        fillSelect('weightDtype', options('EstimateRequest', 'weightDtype'));
        fillSelect('kvCacheDtype', options('EstimateRequest', 'kvCacheDtype'));
        fillSelect('engine.kvCacheDtype', options('EngineRequest', 'kvCacheDtype'));
    }
}

function fillSelect(name, values) {
    const select = known.get(name);
    for (const value of values) {
        if (![...select.options].some((o) => o.value === value)) {
            select.add(new Option(value, value));
        }
    }
}

// ------------------------------------------------------------------ the form

function showSections(state) {
    for (const part of form.querySelectorAll('[data-source]')) {
        part.hidden = part.dataset.source !== state.source;
    }
    for (const part of form.querySelectorAll('[data-engine]')) {
        part.hidden = part.dataset.engine !== (state.values.engine ? 'vllm' : '');
    }
    const model = catalogModels.find((m) => m.id.toLowerCase() === (state.values.model || '').toLowerCase());
    document.getElementById('h-model').textContent = model
        ? `${model.modelType}: ${grouped(model.parameters)} parameters (${grouped(model.activeParameters)} active), ` +
          `context ${grouped(model.contextLength)} tokens, KV cache ${grouped(model.kvCacheBytesPerToken)} B per token in BF16`
        : `${catalogModels.length} models in the catalog (GET /models); type to search.`;
}

function gpuNames() {
    return known
        .get('gpus')
        .value.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}

/** Ticks the boxes of the GPUs the text names. */
function syncBoxesFromText() {
    const names = new Set(gpuNames().map((s) => s.toLowerCase()));
    const boxes = document.querySelectorAll('#gpu-boxes input');
    for (const box of boxes) {
        box.checked = names.has(box.value);
    }
    const count = names.size;
    document.getElementById('gpu-summary').textContent =
        count === 0 ? `Choose GPUs (now: all ${catalogGpus.length})` : `Choose GPUs (now: ${count} named)`;
}

/** Writes the ticked GPUs into the text, keeping names that are not catalog ids. */
function syncTextFromBoxes() {
    const ids = new Set(catalogGpus.map((g) => g.id));
    const others = gpuNames().filter((name) => !ids.has(name.toLowerCase()));
    const ticked = [...document.querySelectorAll('#gpu-boxes input:checked')].map((b) => b.value);
    known.get('gpus').value = [...others, ...ticked].join(',');
    syncBoxesFromText();
}

// ------------------------------------------------------------------ errors

function fieldFor(path) {
    const name = String(path).replace(/^scenarios\[\d+\]\.request\./, '');
    if (known.has(name)) {
        return name;
    }
    const base = name.replace(/\[\d+\].*$/, '');
    if (known.has(base)) {
        return base;
    }
    if (name.startsWith('modelConfig')) {
        return 'modelConfig';
    }
    return name.startsWith('engine') ? 'engine' : null;
}

function clearErrors() {
    for (const box of form.querySelectorAll('.field-error')) {
        box.hidden = true;
        box.textContent = '';
    }
    for (const input of form.querySelectorAll('[aria-invalid]')) {
        input.removeAttribute('aria-invalid');
    }
    const summary = document.getElementById('error-summary');
    summary.hidden = true;
    summary.replaceChildren();
}

function describe(error, name) {
    const prefix = error.field && error.field !== name ? `${error.field}: ` : '';
    const rejected =
        error.rejectedValue !== null && error.rejectedValue !== undefined && typeof error.rejectedValue !== 'object'
            ? ` (given: ${error.rejectedValue})`
            : '';
    return `${prefix}${error.message}${rejected}`;
}

function showErrors(errors, detail) {
    const summary = document.getElementById('error-summary');
    summary.appendChild(el('p', null, 'The service did not accept these inputs:'));
    const list = summary.appendChild(el('ul'));
    for (const error of errors) {
        const name = fieldFor(error.field);
        const input = name ? known.get(name) : null;
        const box = name ? document.getElementById(`e-${name}`) : null;
        const text = describe(error, name);
        const item = list.appendChild(el('li'));
        if (input && box && !input.closest('[hidden]')) {
            box.textContent = box.textContent ? `${box.textContent} ${text}` : text;
            box.hidden = false;
            input.setAttribute('aria-invalid', 'true');
            const link = item.appendChild(el('a', null, `${error.field}: ${error.message}`));
            link.href = `#f-${name}`;
            link.addEventListener('click', (event) => {
                event.preventDefault();
                input.focus();
            });
        } else {
            item.textContent = `${error.field || 'request'}: ${error.message}`;
        }
    }
    if (errors.length === 0 && detail) {
        list.appendChild(el('li', null, detail));
    }
    summary.hidden = false;
}

// ------------------------------------------------------------------ computing

function setStatus(text) {
    status.textContent = text;
}

function requestUrl(path) {
    return new URL(path, document.baseURI).href;
}

async function compute() {
    const state = fromForm(form);
    showSections(state);
    const query = toQuery(state, order);
    history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}`);
    const { body, problems } = toBody(state, order, kinds);
    lastBody = body;
    document.getElementById('curl').textContent = curl(requestUrl('estimate'), body);

    const mine = ++generation;
    inFlight?.abort();
    inFlight = new AbortController();
    const signal = inFlight.signal;
    clearErrors();
    if (SOURCES[state.source].every((name) => !state.values[name])) {
        finish('empty', PROMPTS[state.source]);
        return;
    }
    if (problems.length > 0) {
        showErrors(problems);
        finish('error', 'Fix the marked inputs.');
        return;
    }
    results.dataset.state = 'loading';
    results.setAttribute('aria-busy', 'true');
    setStatus('Computing…');
    let answer;
    try {
        answer = await getJson('estimate', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: json(body),
            signal,
        });
    } catch (e) {
        if (e.name !== 'AbortError') {
            finish('error', `The service could not be reached: ${e.message}`);
        }
        return;
    }
    if (mine !== generation) {
        return;
    }
    if (!answer.ok) {
        showErrors(answer.body?.errors || [], answer.body?.detail || `HTTP ${answer.status}`);
        finish('error', `The service answered ${answer.status}: fix the marked inputs.`);
        return;
    }
    const estimate = answer.body;
    renderEstimate(estimate);
    const rec = estimate.recommendation;
    finish(
        'ready',
        rec ? `Recommended: ${rec.name} × ${rec.count}.` : 'Nothing fits; see why below.',
    );
    await chart(state, body, estimate, mine, signal);
}

function finish(state, text) {
    results.dataset.state = state;
    results.removeAttribute('aria-busy');
    output.hidden = state !== 'ready';
    setStatus(text);
}

// ------------------------------------------------------------------ the sequence-length chart

/** The GPUs to draw: all that were named (up to MAX_SERIES), else the recommendation and the next ranked. */
function chartCandidates(estimate) {
    const compatible = estimate.candidates.filter((c) => c.compatible);
    const first = compatible.filter((c) => c.gpu === estimate.recommendation?.gpu);
    return [...first, ...compatible.filter((c) => c.gpu !== estimate.recommendation?.gpu)].slice(0, MAX_SERIES);
}

/** Powers of two around the requested length, reaching past where the drawn GPUs stop fitting. */
function lengths(current, chosen) {
    const longest = Math.max(0, ...chosen.map((c) => Number(c.capacity?.maxSequenceLength || 0)));
    const anyShort = chosen.some((c) => !c.fits);
    const lo = Math.max(1, current / (anyShort ? 64 : 8));
    const hi = Math.min(100_000_000, Math.max(current * 8, longest * 2));
    const from = Math.floor(Math.log2(lo));
    const to = Math.min(Math.ceil(Math.log2(hi)), 26);
    const stride = Math.max(1, Math.ceil((to - from) / 14));
    const xs = new Set([current]);
    for (let e = from; e <= to; e += stride) {
        xs.add(2 ** e);
    }
    return [...xs].filter((x) => x >= 1 && x <= 100_000_000).sort((a, b) => a - b);
}

async function chart(state, body, estimate, mine, signal) {
    figure.dataset.state = 'loading';
    const caption = document.getElementById('seq-caption');
    const plot = document.getElementById('seq-plot');
    const chosen = chartCandidates(estimate);
    if (chosen.length === 0) {
        plot.replaceChildren();
        document.getElementById('seq-table').replaceChildren();
        caption.textContent = 'No compatible GPU to draw.';
        lastChart = null;
        figure.dataset.state = 'ready';
        return;
    }
    const current = Number(estimate.resolved.sequenceLength);
    const xs = lengths(current, chosen);
    const ids = chosen.map((c) => c.gpu);
    const scenarios = xs.map((x) => ({
        name: `sequenceLength ${x}`,
        request: { ...body, sequenceLength: x, gpus: ids },
    }));
    let answer;
    try {
        answer = await getJson('plan?view=summary', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: json({ scenarios }),
            signal,
        });
    } catch (e) {
        if (e.name !== 'AbortError') {
            caption.textContent = `The chart's request failed: ${e.message}`;
            figure.dataset.state = 'error';
        }
        return;
    }
    if (mine !== generation) {
        return;
    }
    if (!answer.ok) {
        plot.replaceChildren();
        const first = answer.body?.errors?.[0];
        caption.textContent = `The chart's POST /plan was refused: ${first ? `${first.field}: ${first.message}` : answer.status}`;
        figure.dataset.state = 'error';
        return;
    }
    const reserve = Number(estimate.resolved.minHeadroomBytes ?? 0);
    const series = chosen.map((c) => ({
        gpu: c.gpu,
        label: c.name,
        limit: Number(c.budgetBytes) - reserve,
        maxSequenceLength: c.capacity?.maxSequenceLength,
        count: c.count,
        points: answer.body.results
            .map((result, i) => {
                const k = result.estimate.candidates.find((x) => x.gpu === c.gpu);
                if (!k || !k.compatible) {
                    return null;
                }
                return {
                    x: xs[i],
                    y: Number(k.requiredBytesPerGpu),
                    bytes: k.requiredBytesPerGpu,
                    fits: k.fits,
                    count: k.count,
                    text: `${c.name} at ${grouped(xs[i])} tokens: ${bytes(k.requiredBytesPerGpu)} (${human(k.requiredBytesPerGpu)}) per GPU on ${k.count}; ${k.fits ? 'fits' : 'does not fit'}`,
                };
            })
            .filter(Boolean),
    }));
    lastChart = { series, xs, current };
    drawChart();
    table(series, xs);
    const limited = estimate.candidates.filter((c) => c.compatible).length > chosen.length;
    const engine = state.values.engine;
    caption.textContent =
        `Each point is the service's answer at that length (one POST /plan with ${xs.length} scenarios: this request ` +
        `with only sequenceLength changed): the memory one GPU of the placement needs, for batch ` +
        `${grouped(estimate.resolved.batchSize)}. A dashed line of the same colour is where that GPU stops fitting ` +
        (engine ? `(vLLM's budget; vLLM also refuses lengths past max_model_len). ` : `(its budget less the minimum headroom). `) +
        `Dots fit, crosses do not; ×N marks where the placement grows to N GPUs; the grey line is your length.` +
        (limited
            ? ` Showing ${chosen.length} of ${estimate.candidates.filter((c) => c.compatible).length} compatible GPUs: the recommendation and the next in the service's ranking; name GPUs to compare others.`
            : '');
    figure.dataset.state = 'ready';
    figure.dataset.batchSize = String(estimate.resolved.batchSize);
}

function drawChart() {
    if (!lastChart) {
        return;
    }
    const plot = document.getElementById('seq-plot');
    const width = Math.max(280, Math.floor(plot.clientWidth || 640));
    const legend = el('ul', 'legend series-legend');
    lastChart.series.forEach((s, i) => {
        const item = legend.appendChild(el('li'));
        const fitsUpTo =
            s.maxSequenceLength > 0
                ? `fits up to ${grouped(s.maxSequenceLength)} tokens on ${s.count}`
                : `does not fit at your length on ${s.count}`;
        item.append(el('span', `swatch line c${i}`), `${s.label}: ${fitsUpTo}`);
    });
    plot.replaceChildren(sequenceChart(lastChart.series, lastChart.xs, lastChart.current, width), legend);
}

function table(series, xs) {
    const t = document.getElementById('seq-table');
    t.replaceChildren();
    t.appendChild(el('caption', null, 'Memory per GPU (bytes), GPUs in the placement, and whether it fits'));
    const head = t.appendChild(el('thead')).appendChild(el('tr'));
    head.appendChild(el('th', null, 'tokens')).scope = 'col';
    for (const s of series) {
        head.appendChild(el('th', null, s.label)).scope = 'col';
    }
    const tbody = t.appendChild(el('tbody'));
    xs.forEach((x) => {
        const row = tbody.appendChild(el('tr'));
        row.appendChild(el('th', null, grouped(x))).scope = 'row';
        for (const s of series) {
            const p = s.points.find((q) => q.x === x);
            row.appendChild(el('td', null, p ? `${bytes(p.bytes)} × ${p.count} ${p.fits ? 'fits' : 'does not fit'}` : '–'));
        }
    });
}

// ------------------------------------------------------------------ copying

async function copy(text, what) {
    const note = document.getElementById('copy-status');
    try {
        await navigator.clipboard.writeText(text);
        note.textContent = `${what} copied.`;
    } catch {
        // No Clipboard API (plain http on another host): copy through a selected, off-screen text area.
        const area = el('textarea', 'offscreen');
        area.value = text;
        area.setAttribute('readonly', '');
        document.body.appendChild(area);
        area.select();
        const copied = document.execCommand('copy');
        area.remove();
        note.textContent = copied ? `${what} copied.` : `Could not copy: select the text and copy it by hand.`;
    }
}

// ------------------------------------------------------------------ wiring

function debounce(fn, ms) {
    let timer;
    return () => {
        clearTimeout(timer);
        timer = setTimeout(fn, ms);
    };
}

async function start() {
    await loadReferenceData();
    toForm(form, fromQuery(location.search, known));
    syncBoxesFromText();

    const later = debounce(compute, 350);
    form.addEventListener('input', (event) => {
        if (event.target.closest('#gpu-boxes')) {
            return;
        }
        if (event.target.name === 'gpus') {
            syncBoxesFromText();
        }
        later();
    });
    form.addEventListener('change', (event) => {
        if (event.target.closest('#gpu-boxes')) {
            syncTextFromBoxes();
            later();
        } else if (event.target.type === 'radio' || event.target.tagName === 'SELECT') {
            compute();
        }
    });
    form.addEventListener('submit', (event) => {
        event.preventDefault();
        compute();
    });
    document.getElementById('gpus-clear').addEventListener('click', () => {
        known.get('gpus').value = '';
        syncBoxesFromText();
        compute();
    });
    document.getElementById('copy-curl').addEventListener('click', () =>
        copy(curl(requestUrl('estimate'), lastBody), 'The curl command'),
    );
    document.getElementById('copy-link').addEventListener('click', () => copy(location.href, 'The link'));
    window.addEventListener('resize', debounce(drawChart, 150));
    await compute();
}

start();
