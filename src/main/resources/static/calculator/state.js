// The inputs: the form, the page's query string and the request body, all under the API's field names.

/** How the model is named, and the fields each way uses. */
export const SOURCES = {
    model: ['model'],
    modelConfig: ['modelConfig'],
    explicit: ['parametersBillions', 'parameters', 'numLayers', 'numAttentionHeads', 'numKeyValueHeads', 'headDim',
        'hiddenSize'],
};

/** Fields the textbook estimate takes and the API refuses beside an engine. */
const TEXTBOOK_ONLY = ['memoryUtilization', 'minHeadroomBytes'];

/** What an empty address shows. */
export const DEFAULTS = {
    model: 'meta-llama/Llama-3.1-8B-Instruct',
    batchSize: '16',
    sequenceLength: '8192',
};

const WHOLE = /^-?\d+$/;
const DECIMAL = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A number written into the JSON body exactly as typed (no float rounding of long integers). */
class Raw {
    constructor(text) {
        this.text = text;
    }

    toJSON() {
        return `\u0000${this.text}\u0000`;
    }
}

/** The form's named inputs, in document order, by API field name. */
export function fields(form) {
    const byName = new Map();
    for (const element of form.querySelectorAll('[data-kind]')) {
        byName.set(element.name, element);
    }
    return byName;
}

function sourceOf(values) {
    if (values.model) {
        return 'model';
    }
    if (values.modelConfig) {
        return 'modelConfig';
    }
    return SOURCES.explicit.some((name) => values[name]) ? 'explicit' : 'model';
}

/** The state an address describes: {source, values}; an empty address gets the defaults. */
export function fromQuery(search, known) {
    const params = new URLSearchParams(search);
    const values = {};
    for (const [name, value] of params) {
        if (known.has(name)) {
            values[name] = value;
        }
    }
    if (Object.keys(values).length === 0) {
        Object.assign(values, DEFAULTS);
    }
    return { source: sourceOf(values), values };
}

/** The state the form holds. */
export function fromForm(form) {
    const values = {};
    for (const [name, element] of fields(form)) {
        values[name] = element.type === 'checkbox' ? (element.checked ? 'true' : '') : element.value.trim();
    }
    const source = form.querySelector('input[name="source"]:checked')?.value || 'model';
    return { source, values };
}

/** Puts a state into the form (unknown select values are added as options, so nothing is lost). */
export function toForm(form, state) {
    for (const [name, element] of fields(form)) {
        const value = state.values[name] ?? '';
        if (element.type === 'checkbox') {
            element.checked = value === 'true';
        } else if (element.tagName === 'SELECT') {
            if (value && ![...element.options].some((o) => o.value === value)) {
                element.add(new Option(value, value));
            }
            element.value = value;
        } else if (element.name === 'modelConfig' && value) {
            element.value = pretty(value);
        } else {
            element.value = value;
        }
    }
    for (const radio of form.querySelectorAll('input[name="source"]')) {
        radio.checked = radio.value === state.source;
    }
}

function pretty(json) {
    try {
        return JSON.stringify(JSON.parse(json), null, 2);
    } catch {
        return json;
    }
}

/** Whether a field takes part in the request the state describes. */
export function active(name, state) {
    for (const [source, names] of Object.entries(SOURCES)) {
        if (names.includes(name)) {
            return state.source === source;
        }
    }
    const engine = state.values.engine;
    if (name.startsWith('engine.')) {
        return Boolean(engine);
    }
    if (TEXTBOOK_ONLY.includes(name)) {
        return !engine;
    }
    return true;
}

function listOf(text) {
    return text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}

/** The query string of a state: the active, non-empty fields, lists comma-separated. */
export function toQuery(state, order) {
    const params = new URLSearchParams();
    for (const name of order) {
        const value = state.values[name];
        if (!value || !active(name, state)) {
            continue;
        }
        if (name === 'gpus') {
            params.set(name, listOf(value).join(','));
        } else if (name === 'modelConfig') {
            params.set(name, minified(value));
        } else {
            params.set(name, value);
        }
    }
    return params.toString().replaceAll('%2C', ',').replaceAll('%2F', '/');
}

function minified(json) {
    try {
        return JSON.stringify(JSON.parse(json));
    } catch {
        return json;
    }
}

/**
 * The request body of a state, and the problems found before sending it (only what cannot be sent at
 * all: a config.json that is not JSON). Everything else is left to the API, which names the field.
 */
export function toBody(state, order, kinds) {
    const body = {};
    const problems = [];
    for (const name of order) {
        const text = state.values[name];
        if (!text || !active(name, state)) {
            continue;
        }
        let value;
        switch (kinds.get(name)) {
            case 'int':
            case 'dec': {
                const plain = text.replace(/[\s,_]/g, '');
                const pattern = kinds.get(name) === 'int' ? WHOLE : DECIMAL;
                value = pattern.test(plain) ? new Raw(plain) : text;
                break;
            }
            case 'bool':
                value = true;
                break;
            case 'list':
                value = listOf(text);
                break;
            case 'json':
                try {
                    value = JSON.parse(text);
                } catch (e) {
                    problems.push({ field: name, message: `not valid JSON: ${e.message}` });
                    continue;
                }
                break;
            default:
                value = text;
        }
        if (name === 'engine') {
            body.engine = { name: value, ...(body.engine || {}) };
        } else if (name.startsWith('engine.')) {
            body.engine = body.engine || {};
            body.engine[name.substring('engine.'.length)] = value;
        } else {
            body[name] = value;
        }
    }
    return { body, problems };
}

/** JSON text of a body, numbers exactly as typed. */
export function json(body, indent) {
    return JSON.stringify(body, null, indent).replace(/"\\u0000([^"\\]*)\\u0000"/g, '$1');
}

/** A copyable curl command for the body. */
export function curl(url, body) {
    const quoted = json(body).replaceAll("'", "'\\''");
    return `curl -s '${url}' -H 'Content-Type: application/json' -d '${quoted}'`;
}
