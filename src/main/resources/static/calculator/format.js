// Numbers as the API gives them: exact bytes with thousands separators, beside GB and GiB.

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 20 });

/**
 * JSON.parse that keeps integers beyond 2^53 exact (as BigInt) where the browser passes the source text
 * to the reviver; byte counts are 64-bit in the API.
 */
export function parseJson(text) {
    return JSON.parse(text, (key, value, context) => {
        if (typeof value === 'number' && !Number.isSafeInteger(value) && context && /^-?\d+$/.test(context.source)) {
            return BigInt(context.source);
        }
        return value;
    });
}

/** 1234567 -> "1,234,567" (exact for BigInt). */
export function grouped(n) {
    if (n === null || n === undefined) {
        return '';
    }
    return GROUPED.format(n);
}

/** "2,033,554,432 B" */
export function bytes(n) {
    return `${grouped(n)} B`;
}

const DECIMAL = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

function scaled(n, base, units) {
    let value = Math.abs(Number(n));
    let unit = 0;
    while (value >= base && unit < units.length - 1) {
        value /= base;
        unit++;
    }
    const sign = Number(n) < 0 ? '-' : '';
    return unit === 0 ? `${sign}${value} B` : `${sign}${value.toPrecision(3)} ${units[unit]}`;
}

/** "2.03 GB (1.89 GiB)", as the API's own "human" fields write sizes. */
export function human(n) {
    return `${scaled(n, 1000, DECIMAL)} (${scaled(n, 1024, BINARY)})`;
}

/** "2,033,554,432 B · 2.03 GB (1.89 GiB)" */
export function bytesAndHuman(n, humanText) {
    return `${bytes(n)} · ${humanText || human(n)}`;
}

/** A short size for chart axes: "12 GB". */
export function axisGb(n) {
    const gb = Number(n) / 1e9;
    if (gb === 0) {
        return '0';
    }
    if (gb >= 1000) {
        return `${Number((gb / 1000).toPrecision(3))} TB`;
    }
    return gb >= 10 ? `${Math.round(gb)} GB` : `${Number(gb.toPrecision(2))} GB`;
}

/** A short token count for chart axes, as people write context sizes: 256, 8k (8,192), 128k, 1M (2^20), 1.5M. */
export function axisTokens(n) {
    if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) {
        return `${n / (1024 * 1024)}M`;
    }
    if (n >= 1024 && n % 1024 === 0) {
        return `${n / 1024}k`;
    }
    if (n >= 1e6) {
        return `${Number((n / 1e6).toPrecision(3))}M`;
    }
    if (n >= 1e4) {
        return `${Math.round(n / 1e3)}k`;
    }
    if (n >= 1e3) {
        return `${Number((n / 1e3).toPrecision(2))}k`;
    }
    return String(n);
}

/** Makes an element with a class and text; never parses HTML. */
export function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
        node.className = className;
    }
    if (text !== undefined && text !== null) {
        node.textContent = text;
    }
    return node;
}
