// Plain SVG charts: no library, no inline styles (colours come from classes in calculator.css).

import { axisGb, axisTokens, bytes, grouped, human } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes || {})) {
        node.setAttribute(name, String(value));
    }
    if (text !== undefined) {
        node.textContent = text;
    }
    return node;
}

function titled(node, text) {
    node.appendChild(svg('title', {}, text));
    return node;
}

/**
 * One GPU's usable memory as a horizontal stacked bar: segments [{key, label, bytes}] from the left, a
 * dashed marker where the budget ends and, when the job needs more than the GPU has, a solid one where its
 * memory ends.
 */
export function memoryBar(segments, usable, budget, caption) {
    const used = segments.reduce((sum, s) => sum + Math.max(0, Number(s.bytes)), 0);
    const scale = Math.max(Number(usable), used, Number(budget)) || 1;
    const root = svg('svg', {
        class: 'bar',
        viewBox: '0 0 1000 30',
        preserveAspectRatio: 'none',
        role: 'img',
        'aria-label': caption,
    });
    root.appendChild(
        titled(
            svg('rect', { class: 'seg seg-free', x: 0, y: 4, width: (Number(usable) / scale) * 1000, height: 22 }),
            `usable memory: ${bytes(usable)} (${human(usable)})`,
        ),
    );
    let x = 0;
    for (const segment of segments) {
        const width = (Math.max(0, Number(segment.bytes)) / scale) * 1000;
        if (width <= 0) {
            continue;
        }
        root.appendChild(
            titled(
                svg('rect', { class: `seg seg-${segment.key}`, x, y: 4, width, height: 22 }),
                `${segment.label}: ${bytes(segment.bytes)} (${human(segment.bytes)})`,
            ),
        );
        x += width;
    }
    const budgetX = (Number(budget) / scale) * 1000;
    root.appendChild(
        titled(
            svg('line', { class: 'marker-budget', x1: budgetX, x2: budgetX, y1: 0, y2: 30 }),
            `budget ends: ${bytes(budget)}`,
        ),
    );
    if (used > Number(usable)) {
        const usableX = (Number(usable) / scale) * 1000;
        root.appendChild(
            titled(
                svg('line', { class: 'marker-usable', x1: usableX, x2: usableX, y1: 0, y2: 30 }),
                `the GPU's memory ends: ${bytes(usable)}`,
            ),
        );
    }
    return root;
}

function niceStep(max, ticks) {
    const raw = max / ticks;
    const power = 10 ** Math.floor(Math.log10(raw));
    for (const m of [1, 2, 2.5, 5, 10]) {
        if (raw <= m * power) {
            return m * power;
        }
    }
    return 10 * power;
}

/**
 * Memory per GPU (y, linear) against sequence length (x, logarithmic): a line per GPU through the API's
 * answers at each length, its limit as a dashed line of the same colour, a dot where it fits and a cross
 * where it does not, the GPU count written where the placement changes.
 *
 * @param series [{label, limit, points: [{x, y, fits, count, text}]}]
 */
export function sequenceChart(series, xs, current, width) {
    const height = Math.round(Math.min(380, Math.max(260, width * 0.55)));
    const margin = { left: 58, right: 14, top: 14, bottom: 42 };
    const plotW = width - margin.left - margin.right;
    const plotH = height - margin.top - margin.bottom;
    const maxLimit = Math.max(...series.map((s) => Number(s.limit)), 1);
    const maxPoint = Math.max(...series.flatMap((s) => s.points.map((p) => Number(p.y))), 1);
    // Up to a quarter above the highest limit, so where GPUs stop fitting stays readable and higher points sit on
    // the edge; when nothing fits anywhere, the whole range, to show by how much.
    const anyFits = series.some((s) => s.points.some((p) => p.fits));
    const top = !anyFits ? 1.1 * Math.max(maxPoint, maxLimit) : maxPoint > maxLimit ? 1.25 * maxLimit : 1.1 * maxLimit;
    const step = niceStep(top, 5);
    const yMax = Math.ceil(top / step) * step;
    const lo = Math.log2(xs[0]);
    const hi = Math.log2(xs[xs.length - 1]);
    const X = (x) => margin.left + (hi === lo ? plotW / 2 : ((Math.log2(x) - lo) / (hi - lo)) * plotW);
    const Y = (y) => margin.top + plotH - (Math.min(Number(y), yMax) / yMax) * plotH;

    const root = svg('svg', {
        class: 'seq',
        width,
        height,
        viewBox: `0 0 ${width} ${height}`,
        role: 'img',
        'aria-labelledby': 'seq-title seq-caption',
    });

    for (let v = 0; v <= yMax + step / 2; v += step) {
        root.appendChild(svg('line', { class: 'grid', x1: margin.left, x2: width - margin.right, y1: Y(v), y2: Y(v) }));
        root.appendChild(svg('text', { class: 'tick', x: margin.left - 6, y: Y(v) + 4, 'text-anchor': 'end' }, axisGb(v)));
    }
    const every = plotW / xs.length < 44 ? 2 : 1;
    xs.forEach((x, i) => {
        root.appendChild(svg('line', { class: 'grid', x1: X(x), x2: X(x), y1: margin.top, y2: margin.top + plotH }));
        if (i % every === 0 || x === current) {
            root.appendChild(
                svg('text', { class: 'tick', x: X(x), y: margin.top + plotH + 16, 'text-anchor': 'middle' }, axisTokens(x)),
            );
        }
    });
    root.appendChild(
        svg('text', { class: 'axis-title', x: margin.left + plotW / 2, y: height - 6, 'text-anchor': 'middle' },
            'sequence length, tokens (log scale)'),
    );
    root.appendChild(
        titled(
            svg('line', { class: 'current', x1: X(current), x2: X(current), y1: margin.top, y2: margin.top + plotH }),
            `your sequence length: ${grouped(current)} tokens`,
        ),
    );

    series.forEach((s, index) => {
        const colour = `c${index}`;
        root.appendChild(
            titled(
                svg('line', {
                    class: `limit ${colour}`,
                    x1: margin.left,
                    x2: width - margin.right,
                    y1: Y(s.limit),
                    y2: Y(s.limit),
                }),
                `${s.label}: fits below ${bytes(s.limit)} per GPU`,
            ),
        );
        const path = s.points.map((p, i) => `${i ? 'L' : 'M'}${X(p.x).toFixed(1)},${Y(p.y).toFixed(1)}`).join(' ');
        root.appendChild(svg('path', { class: `series ${colour}`, d: path }));
        let lastCount = 0;
        for (const p of s.points) {
            const cx = X(p.x);
            const cy = Y(p.y);
            const mark = p.fits
                ? svg('circle', { class: `dot ${colour}`, cx, cy, r: 4 })
                : svg('path', { class: `cross ${colour}`, d: `M${cx - 4},${cy - 4} L${cx + 4},${cy + 4} M${cx - 4},${cy + 4} L${cx + 4},${cy - 4}` });
            root.appendChild(titled(mark, p.text));
            if (p.count !== lastCount && p.count > 1) {
                const nearEdge = cx > width - margin.right - 30;
                root.appendChild(
                    svg(
                        'text',
                        { class: `count ${colour}`, x: nearEdge ? cx - 6 : cx + 6, y: cy - 6, 'text-anchor': nearEdge ? 'end' : 'start' },
                        `×${p.count}`,
                    ),
                );
            }
            lastCount = p.count;
        }
    });
    return root;
}
