// Writes an estimate into the page. Text only (textContent), never HTML from the API.

import { memoryBar } from './charts.js';
import { bytes, bytesAndHuman, el, grouped, human } from './format.js';

const LEGEND = {
    weights: 'Weights',
    kv: 'KV cache for this batch',
    combined: 'Weights + KV cache (the API reports their sum per GPU)',
    activation: 'Activation peak',
    nontorch: 'Non-torch (CUDA context, NCCL)',
    cudagraphs: 'CUDA graphs',
    reserve: 'Minimum headroom for the runtime (minHeadroomBytes)',
    spare: "vLLM's KV cache pool beyond this batch",
    unused: 'Free within the budget',
    free: 'Outside the budget',
};

function n(value) {
    return Number(value ?? 0);
}

/** The bar's segments for one candidate, from its own numbers. */
export function segmentsOf(candidate, estimate) {
    const required = n(candidate.requiredBytesPerGpu);
    const budget = n(candidate.budgetBytes);
    const s = candidate.serving;
    if (s) {
        const fixed = n(s.weightBytes) + n(s.activationPeakBytes) + n(s.nonTorchBytes) + n(s.cudaGraphBytes);
        const kv = Math.max(0, required - fixed);
        return [
            { key: 'weights', label: LEGEND.weights, bytes: s.weightBytes },
            { key: 'kv', label: LEGEND.kv, bytes: kv },
            { key: 'activation', label: LEGEND.activation, bytes: s.activationPeakBytes },
            { key: 'nontorch', label: LEGEND.nontorch, bytes: s.nonTorchBytes },
            { key: 'cudagraphs', label: LEGEND.cudagraphs, bytes: s.cudaGraphBytes },
            { key: 'spare', label: LEGEND.spare, bytes: Math.max(0, budget - fixed - kv) },
        ];
    }
    const reserve = n(estimate.resolved.minHeadroomBytes);
    const parts =
        required === n(estimate.total.bytes)
            ? [
                  { key: 'weights', label: LEGEND.weights, bytes: estimate.weights.bytes },
                  { key: 'kv', label: LEGEND.kv, bytes: estimate.kvCache.bytes },
              ]
            : [{ key: 'combined', label: LEGEND.combined, bytes: candidate.requiredBytesPerGpu }];
    return [
        ...parts,
        { key: 'reserve', label: LEGEND.reserve, bytes: reserve },
        { key: 'unused', label: LEGEND.unused, bytes: Math.max(0, budget - required - reserve) },
    ];
}

function legendKeys(estimate) {
    const engine = estimate.candidates.some((c) => c.serving);
    const keys = engine
        ? ['weights', 'kv', 'activation', 'nontorch', 'cudagraphs', 'spare']
        : ['weights', 'kv', 'reserve', 'unused'];
    if (!engine && estimate.candidates.some((c) => n(c.requiredBytesPerGpu) !== n(estimate.total.bytes))) {
        keys.splice(2, 0, 'combined');
    }
    return [...keys, 'free'];
}

function fact(dl, term, value) {
    dl.append(el('dt', null, term), el('dd', null, value));
}

function placement(c) {
    const split = c.pipelineParallelSize > 1 ? `TP ${c.tensorParallelSize} × PP ${c.pipelineParallelSize}` : `TP ${c.tensorParallelSize}`;
    return c.count > 1 ? `${c.count} GPUs, ${split}` : '1 GPU';
}

function servingFacts(dl, s) {
    if (!s) {
        return;
    }
    fact(dl, 'KV cache (vLLM)', `${grouped(s.kvCacheTokens)} tokens · ${bytesAndHuman(Math.max(0, n(s.kvCacheBytes)))}`);
    fact(dl, 'Concurrency at max_model_len', `${s.maxConcurrency} sequences of ${grouped(s.maxModelLen)} tokens`);
}

function capacityFacts(dl, c, resolved) {
    const cap = c.capacity;
    if (cap) {
        fact(dl, `Largest batch at ${grouped(resolved.sequenceLength)} tokens`, grouped(cap.maxBatchSize));
        fact(dl, `Longest sequence at batch ${grouped(resolved.batchSize)}`, `${grouped(cap.maxSequenceLength)} tokens`);
        fact(dl, `Concurrency at ${grouped(cap.contextLength)} tokens`, grouped(cap.maxConcurrency));
    }
    const sp = c.speed;
    if (sp) {
        fact(
            dl,
            'Speed (upper bounds)',
            `decode ≤ ${sp.decodeTokensPerSecondPerSequence} tokens/s per sequence, ≤ ${sp.decodeTokensPerSecondTotal} in total; prefill ≥ ${sp.prefillSeconds} s (${sp.basis})`,
        );
    }
}

function recommendation(root, estimate) {
    root.replaceChildren();
    const rec = estimate.recommendation;
    root.classList.toggle('none', !rec);
    root.appendChild(el('h3', null, rec ? 'Recommendation' : 'Nothing fits')).id = 'recommendation-title';
    if (!rec) {
        const shortfall = estimate.shortfall;
        if (shortfall) {
            root.appendChild(el('p', 'reason', shortfall.message));
            const dl = root.appendChild(el('dl', 'facts'));
            fact(dl, 'Short by', bytesAndHuman(shortfall.shortfallBytes));
        }
        return;
    }
    const head = root.appendChild(el('p', 'rec-gpu'));
    const name = head.appendChild(el('strong', null, rec.name));
    name.dataset.gpu = rec.gpu;
    head.append(` × ${rec.count}`);
    if (rec.count > 1) {
        head.appendChild(el('span', 'hint', ` (${placement(rec)})`));
    }
    const dl = root.appendChild(el('dl', 'facts'));
    fact(dl, 'Headroom per GPU', `${bytesAndHuman(rec.headroomBytes)}, ${rec.headroomPercent}% of the budget`);
    fact(dl, 'Budget per GPU', bytesAndHuman(rec.budgetBytes));
    if (rec.pricePerHourUsd !== null && rec.pricePerHourUsd !== undefined) {
        fact(dl, 'Price', `$${rec.pricePerHourUsd} per GPU-hour`);
    }
    const candidate = estimate.candidates.find((c) => c.gpu === rec.gpu);
    if (candidate) {
        servingFacts(dl, candidate.serving);
        capacityFacts(dl, candidate, estimate.resolved);
    }
    root.appendChild(el('p', 'reason', rec.reason));
}

function totals(dl, resolvedLine, estimate) {
    dl.replaceChildren();
    const row = (term, size, id, extra) => {
        const dd = el('dd', null, bytesAndHuman(size.bytes, size.human));
        dd.id = id;
        dl.append(el('dt', null, term), dd);
        if (extra) {
            dd.appendChild(el('span', 'hint', extra));
        }
    };
    row('Weights', estimate.weights, 'weights-bytes');
    row('KV cache', estimate.kvCache, 'kv-bytes', ` · ${grouped(estimate.kvCache.bytesPerToken)} B per token`);
    row('Total (textbook)', estimate.total, 'total-bytes');
    const r = estimate.resolved;
    const m = estimate.model;
    const parts = [];
    if (m.id) {
        parts.push(`${m.id} (${m.modelType})`);
    } else if (m.modelType && m.modelType !== 'explicit') {
        parts.push(`pasted config.json (${m.modelType})`);
    }
    parts.push(`${grouped(r.parameters)} parameters`);
    if (m.activeParameters && n(m.activeParameters) !== n(r.parameters)) {
        parts.push(`${grouped(m.activeParameters)} active`);
    }
    parts.push(
        `${r.numLayers} layers, ${r.attention} (${r.numAttentionHeads} heads, ${r.numKeyValueHeads} KV heads of ${r.headDim})`,
    );
    parts.push(`weights ${r.weightDtype}`);
    parts.push(`KV cache ${r.kvCacheDtype} (${r.kvCacheDtypeOrigin})`);
    parts.push(`${grouped(r.batchSize)} × ${grouped(r.sequenceLength)} tokens`);
    resolvedLine.textContent = `Resolved: ${parts.join(' · ')}`;
}

function lines(list, items) {
    list.replaceChildren(...items.map((line) => el('li', null, line)));
}

function candidates(list, legend, estimate) {
    legend.replaceChildren();
    for (const key of legendKeys(estimate)) {
        const item = legend.appendChild(el('li'));
        item.append(el('span', `swatch seg-${key}`), LEGEND[key]);
    }
    const marker = legend.appendChild(el('li'));
    marker.append(el('span', 'swatch marker'), 'Where the budget ends');

    list.replaceChildren();
    for (const c of estimate.candidates) {
        const state = !c.compatible ? 'incompatible' : c.fits ? 'fits' : 'nofit';
        const item = list.appendChild(el('li', `candidate ${state}`));
        item.dataset.gpu = c.gpu;
        const head = item.appendChild(el('div', 'cand-head'));
        head.appendChild(el('h4', null, `${c.name} × ${c.count}`));
        head.appendChild(
            el('span', `badge ${state}`, { fits: 'fits', nofit: 'does not fit', incompatible: 'not compatible' }[state]),
        );
        if (c.gpu === estimate.recommendation?.gpu) {
            head.appendChild(el('span', 'badge recommended', 'recommended'));
        }
        if (c.compatible) {
            item.appendChild(
                memoryBar(
                    segmentsOf(c, estimate),
                    c.usableMemoryBytes,
                    c.budgetBytes,
                    `${c.name}: needs ${human(c.requiredBytesPerGpu)} of a ${human(c.budgetBytes)} budget per GPU`,
                ),
            );
            item.appendChild(
                el(
                    'p',
                    'numbers',
                    `${placement(c)}: needs ${bytes(c.requiredBytesPerGpu)} (${human(c.requiredBytesPerGpu)}) per GPU of a ${bytes(c.budgetBytes)} budget (${bytes(c.usableMemoryBytes)} usable); headroom ${bytes(c.headroomBytes)} (${c.headroomPercent}%)`,
                ),
            );
        }
        if (c.reason) {
            item.appendChild(el('p', 'reason', c.reason));
        }
        if (c.warning) {
            item.appendChild(el('p', 'warning', c.warning));
        }
        if (c.compatible) {
            const dl = item.appendChild(el('dl', 'facts'));
            servingFacts(dl, c.serving);
            capacityFacts(dl, c, estimate.resolved);
        }
        if (c.serving?.derivation) {
            const details = item.appendChild(el('details'));
            details.appendChild(el('summary', null, "vLLM's budget on this GPU, step by step"));
            const ol = details.appendChild(el('ol', 'derivation'));
            lines(ol, c.serving.derivation);
        }
    }
}

/** Fills every result section from one /estimate answer. */
export function renderEstimate(estimate) {
    recommendation(document.getElementById('recommendation'), estimate);
    totals(document.getElementById('totals'), document.getElementById('resolved'), estimate);
    lines(document.getElementById('derivation'), estimate.derivation);
    lines(document.getElementById('warnings'), estimate.warnings);
    document.getElementById('warnings-section').hidden = estimate.warnings.length === 0;
    candidates(document.getElementById('candidates'), document.getElementById('legend'), estimate);
}
