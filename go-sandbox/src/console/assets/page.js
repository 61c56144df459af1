// The hosted end-user page: renders the current interaction as a form built from
// its task schema, submits through the sandbox, and marks violations at their
// fields. Every value goes into the page with textContent or a form control's
// value, never as markup. It shows only what this page's user typed.
'use strict';

(function () {
  const meta = (name) => {
    const m = document.querySelector(`meta[name="${name}"]`);
    return m ? m.getAttribute('content') : '';
  };
  const token = meta('gbg-sandbox-token');
  const instanceId = meta('gbg-instance');
  if (!instanceId || !document.getElementById('interaction-form')) return;

  const $ = (id) => document.getElementById(id);
  const form = $('interaction-form');
  const fieldsBox = $('fields');
  const formErrors = $('form-errors');
  const notice = $('notice');

  let current = null; // the PageInteraction being shown
  let root = null; // its schema, for $ref
  let top = null; // the root field
  let byPointer = new Map(); // document pointer -> field, as built
  let submitted = new Map(); // document pointer -> field, as last submitted (after removals)
  let imageMembers = [];
  let propertyOrder = {}; // schema pointer -> the author's order of its properties
  const typed = new Map(); // pointer -> what the user typed (shown in "What you entered")


  const escapeToken = (t) => String(t).replace(/~/g, '~0').replace(/\//g, '~1');
  let fieldSeq = 0;
  const nextId = () => `f${++fieldSeq}`;

  // Follow local `$ref`s (`#/definitions/x`, `#/$defs/x`); anything else is left
  // to the JSON fallback. Gives the schema and its pointer in the task schema.
  function resolveAt(schema, at) {
    let s = schema;
    for (let hops = 0; s && typeof s === 'object' && typeof s.$ref === 'string' && hops < 32; hops++) {
      const ref = s.$ref;
      if (!ref.startsWith('#')) return [{ __unsupported: true }, at];
      let target = root;
      for (const raw of ref.slice(1).split('/').filter((t) => t !== '')) {
        const t = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
        target = target && typeof target === 'object' ? target[t] : undefined;
      }
      if (target === undefined) return [{ __unsupported: true }, at];
      s = target;
      at = decodeURIComponent(ref.slice(1));
    }
    return [s === true ? {} : s, at];
  }
  const resolve = (schema) => resolveAt(schema, '')[0];

  function typeOf(s) {
    let t = s.type;
    if (Array.isArray(t)) t = t.find((x) => x !== 'null');
    if (t) return t;
    if (s.properties) return 'object';
    if (s.items) return 'array';
    return undefined;
  }

  // A field: { node, get(at): value | undefined, pointer, errors }.
  function messageBox(pointer) {
    return el('div', { class: 'field-errors', 'data-pointer': pointer, role: 'alert' });
  }

  // Each field's `read(at)` gives its value, and notes that the field's value goes
  // to the server under `at`: array items shift when one is removed, so a
  // violation's pointer is matched against where the value went, not where the field
  // was first built.
  function register(field) {
    byPointer.set(field.pointer, field);
    field.node.setAttribute('data-member', field.pointer);
    const read = field.get;
    field.get = (at) => {
      const where = at === undefined ? field.pointer : at;
      submitted.set(where, field);
      return read(where);
    };
    return field;
  }

  // `at`: where `schema` lies in the task schema (for the author's member order).
  function build(schema, pointer, name, required, at) {
    const [s, sat] = resolveAt(schema, at || '');
    const label = (s && s.title) || name || 'value';
    if (!s || typeof s !== 'object' || s.__unsupported) return jsonField(s, pointer, label);
    const branches = s.anyOf || s.oneOf;
    if (Array.isArray(branches) && !s.properties && !s.type) {
      return branchField(s, branches, pointer, label, required, `${sat}/${s.anyOf ? 'anyOf' : 'oneOf'}`);
    }
    if (Array.isArray(s.enum)) return enumField(s, pointer, label, required);
    switch (typeOf(s)) {
      case 'object': return objectField(s, pointer, label, required, sat);
      case 'array': return arrayField(s, pointer, label, required, sat);
      case 'string':
        if (isImage(s, name)) return imageField(s, pointer, label, required);
        return inputField(s, pointer, label, required, s.format === 'date' ? 'date' : 'text');
      case 'integer':
      case 'number': return inputField(s, pointer, label, required, 'number');
      case 'boolean': return booleanField(s, pointer, label, required);
      default: return jsonField(s, pointer, label);
    }
  }

  function isImage(s, name) {
    return imageMembers.includes(name) || s.contentEncoding === 'base64' ||
      (typeof s.contentMediaType === 'string' && s.contentMediaType.startsWith('image/'));
  }

  function labelFor(id, label, required, s) {
    const l = el('label', { for: id, text: label });
    if (required) l.append(el('span', { class: 'required', text: ' *' }));
    if (s && s.description) l.append(el('small', { class: 'hint', text: s.description }));
    return l;
  }

  function inputField(s, pointer, label, required, kind) {
    const id = nextId();
    const input = el('input', { id, type: kind, name: pointer, 'data-pointer': pointer });
    if (kind === 'number' && s.type === 'integer') input.setAttribute('step', '1');
    if (kind === 'number' && s.type !== 'integer') input.setAttribute('step', 'any');
    const errors = messageBox(pointer);
    const node = el('div', { class: 'field' }, labelFor(id, label, required, s), input, errors);
    return register({
      node, pointer, errors,
      get() {
        if (input.value === '') return undefined;
        if (kind === 'number') {
          const n = Number(input.value);
          return Number.isFinite(n) ? n : input.value;
        }
        return input.value;
      },
    });
  }

  function booleanField(s, pointer, label, required) {
    const id = nextId();
    const select = el('select', { id, 'data-pointer': pointer },
      el('option', { value: '', text: '—' }),
      el('option', { value: 'true', text: 'Yes' }),
      el('option', { value: 'false', text: 'No' }));
    const errors = messageBox(pointer);
    const node = el('div', { class: 'field' }, labelFor(id, label, required, s), select, errors);
    return register({
      node, pointer, errors,
      get: () => (select.value === '' ? undefined : select.value === 'true'),
    });
  }

  function enumField(s, pointer, label, required) {
    const id = nextId();
    const select = el('select', { id, 'data-pointer': pointer }, el('option', { value: '', text: '—' }));
    s.enum.forEach((v, i) => {
      select.append(el('option', { value: String(i), text: typeof v === 'string' ? v : JSON.stringify(v) }));
    });
    const errors = messageBox(pointer);
    const node = el('div', { class: 'field' }, labelFor(id, label, required, s), select, errors);
    return register({
      node, pointer, errors,
      get: () => (select.value === '' ? undefined : s.enum[Number(select.value)]),
    });
  }

  function jsonField(s, pointer, label) {
    const id = nextId();
    const area = el('textarea', { id, rows: '3', 'data-pointer': pointer, placeholder: 'JSON' });
    const errors = messageBox(pointer);
    const node = el('div', { class: 'field json' }, labelFor(id, `${label} (JSON)`, false, s), area, errors);
    return register({
      node, pointer, errors,
      get() {
        if (area.value.trim() === '') return undefined;
        try {
          return JSON.parse(area.value);
        } catch (_) {
          throw { pointer, message: 'not valid JSON' };
        }
      },
    });
  }

  // An image: a file, read as base64, or a placeholder drawn here.
  function imageField(s, pointer, label, required) {
    const id = nextId();
    let data;
    const file = el('input', { id, type: 'file', accept: 'image/*', 'data-pointer': pointer });
    const status = el('span', { class: 'image-status', text: 'no image' });
    const placeholder = el('button', { type: 'button', class: 'placeholder', 'data-pointer': pointer, text: 'Use a placeholder image' });
    file.addEventListener('change', () => {
      const f = file.files && file.files[0];
      if (!f) return;
      const reader = new FileReader();
      reader.onload = () => {
        data = String(reader.result).replace(/^data:[^,]*,/, '');
        status.textContent = `${f.name} (${f.size} bytes)`;
      };
      reader.readAsDataURL(f);
    });
    placeholder.addEventListener('click', () => {
      const c = document.createElement('canvas');
      c.width = 320;
      c.height = 200;
      const g = c.getContext('2d');
      g.fillStyle = '#dde6f0';
      g.fillRect(0, 0, c.width, c.height);
      g.fillStyle = '#334';
      g.font = '20px sans-serif';
      g.fillText(`placeholder: ${label}`, 16, 100);
      data = c.toDataURL('image/png').replace(/^data:[^,]*,/, '');
      status.textContent = 'placeholder image';
    });
    const errors = messageBox(pointer);
    const node = el('div', { class: 'field image' }, labelFor(id, label, required, s), file, placeholder, status, errors);
    return register({ node, pointer, errors, image: true, get: () => data });
  }

  function objectField(s, pointer, label, required, at) {
    const props = s.properties || {};
    const req = Array.isArray(s.required) ? s.required : [];
    const children = [];
    const box = el('fieldset', { class: 'object', 'data-pointer': pointer }, el('legend', { text: label }));
    if (s.description) box.append(el('p', { class: 'hint', text: s.description }));
    // The schema comes sorted (serde_json): the server sends the author's order;
    // where it has none, required members come first, in `required`'s order.
    const authored = (propertyOrder[at] || []).filter((k) => k in props);
    const fallback = [...req.filter((k) => k in props), ...Object.keys(props).filter((k) => !req.includes(k))];
    const keys = [...authored, ...fallback.filter((k) => !authored.includes(k))];
    for (const key of keys) {
      const sub = props[key];
      const child = build(sub, `${pointer}/${escapeToken(key)}`, key, req.includes(key), `${at}/properties/${escapeToken(key)}`);
      children.push([key, child]);
      box.append(child.node);
    }
    if (Object.keys(props).length === 0) {
      const child = jsonField(s, pointer, label);
      return child;
    }
    const errors = messageBox(pointer);
    box.append(errors);
    return register({
      node: box, pointer, errors,
      get(at) {
        const out = {};
        for (const [key, child] of children) {
          const v = child.get(`${at}/${escapeToken(key)}`);
          if (v !== undefined) out[key] = v;
        }
        return Object.keys(out).length ? out : undefined;
      },
    });
  }

  function arrayField(s, pointer, label, required, at) {
    const items = [];
    const list = el('div', { class: 'items' });
    const errors = messageBox(pointer);
    const add = el('button', { type: 'button', class: 'add', 'data-pointer': pointer, text: `Add ${label}` });
    const box = el('fieldset', { class: 'array', 'data-pointer': pointer }, el('legend', { text: label }));
    if (s.description) box.append(el('p', { class: 'hint', text: s.description }));
    box.append(list, add, errors);
    const itemSchema = Array.isArray(s.items) ? {} : (s.items || {});
    function addItem() {
      // Items are keyed by position at submit time; rebuild pointers by index.
      const index = items.length;
      const child = build(itemSchema, `${pointer}/${index}`, `${label} ${index + 1}`, true, `${at}/items`);
      const remove = el('button', { type: 'button', class: 'remove', text: 'Remove' });
      const row = el('div', { class: 'item' }, child.node, remove);
      const entry = { child, row };
      remove.addEventListener('click', () => {
        const at = items.indexOf(entry);
        if (at >= 0) items.splice(at, 1);
        row.remove();
      });
      items.push(entry);
      list.append(row);
    }
    add.addEventListener('click', addItem);
    if (required || (s.minItems || 0) > 0) addItem();
    return register({
      node: box, pointer, errors,
      get(at) {
        const out = [];
        for (const { child } of items) {
          const v = child.get(`${at}/${out.length}`);
          if (v !== undefined) out.push(v);
        }
        return out.length ? out : undefined;
      },
    });
  }

  function branchField(s, branches, pointer, label, required, at) {
    const id = nextId();
    const select = el('select', { id, class: 'branch', 'data-pointer': pointer });
    branches.forEach((b, i) => {
      const r = resolve(b) || {};
      select.append(el('option', { value: String(i), text: r.title || `Option ${i + 1}` }));
    });
    const slot = el('div', { class: 'branch-body' });
    const errors = messageBox(pointer);
    const node = el('div', { class: 'field branch' }, labelFor(id, `${label}: choose one`, required, s), select, slot, errors);
    let child;
    function show() {
      slot.textContent = '';
      // Merge the parent's members a branch leaves out (common in GO's exports).
      const [branch, branchAt] = resolveAt(branches[Number(select.value)], `${at}/${select.value}`);
      const chosen = Object.assign({}, s, branch || {});
      delete chosen.anyOf;
      delete chosen.oneOf;
      child = build(chosen, pointer, label, required, branchAt);
      slot.append(child.node);
    }
    select.addEventListener('change', show);
    show();
    return register({ node, pointer, errors, get: (at) => child.get(at) });
  }

  // --- the page ---

  // The form is the subject's: [its schema, its document pointer, its schema pointer].
  function subjectSchema(schema) {
    const [ctx, at] = resolveAt((schema.properties || {}).context || {}, '/properties/context');
    const subject = ctx && ctx.properties && ctx.properties.subject;
    return subject ? [subject, '/context/subject', `${at}/properties/subject`] : [schema, '', ''];
  }

  function render(page) {
    document.title = page.journeyName || document.title;
    $('journey-name').textContent = page.journeyName;
    const i = page.interaction;
    if (!i) {
      form.hidden = true;
      notice.textContent = page.processing
        ? 'Thank you. Your details are being checked…'
        : `This journey is ${page.status === 'Completed' ? 'complete' : page.status}. Thank you.`;
      return false;
    }
    const fresh = !current || current.interactionId !== i.interactionId;
    current = i;
    if (fresh) {
      root = i.schema;
      imageMembers = i.imageMembers || [];
      propertyOrder = i.propertyOrder || {};
      byPointer = new Map();
      fieldsBox.textContent = '';
      $('interaction-name').textContent = i.name;
      const [schema, pointer, at] = subjectSchema(i.schema);
      top = build(schema, pointer, 'subject', true, at);
      fieldsBox.append(top.node);
    }
    form.hidden = false;
    const back = (i.instructions || []).includes('Side2Required');
    notice.textContent = back
      ? 'The document is two-sided: add a picture of its back, then continue.'
      : (i.outstanding && i.outstanding.length
        ? `Still needed: ${i.outstanding.join(', ')}`
        : '');
    notice.className = back ? 'side2' : '';
    return true;
  }

  function clearErrors() {
    formErrors.textContent = '';
    for (const box of document.querySelectorAll('.field-errors')) box.textContent = '';
    for (const f of document.querySelectorAll('.invalid')) f.classList.remove('invalid');
  }

  // A violation is shown at its field, or at the nearest field above it.
  function showViolation(v) {
    let p = v.pointer;
    for (;;) {
      const field = submitted.get(p) || byPointer.get(p);
      if (field) {
        field.errors.append(el('div', { text: `${v.message} (${v.keyword})` }));
        field.node.classList.add('invalid');
        return;
      }
      if (!p) break;
      p = p.slice(0, p.lastIndexOf('/'));
    }
    formErrors.append(el('li', { text: `${v.pointer || '(the whole form)'}: ${v.message} (${v.keyword})` }));
  }

  function remember(value, pointer) {
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) remember(v, `${pointer}/${escapeToken(k)}`);
      return;
    }
    const field = submitted.get(pointer) || byPointer.get(pointer);
    typed.set(pointer, field && field.image ? '(image)' : String(value));
  }

  function showTyped() {
    const list = $('typed-list');
    list.textContent = '';
    for (const [pointer, value] of typed) {
      list.append(el('dt', { text: pointer.replace(/^\/context\/subject/, '') || '/' }), el('dd', { text: value }));
    }
  }

  async function load() {
    const r = await fetch(`/_sandbox/page/${encodeURIComponent(instanceId)}`, { headers: { accept: 'application/json' } });
    const body = await r.json();
    if (!r.ok) {
      form.hidden = true;
      notice.textContent = (body.errors || []).map((e) => e.problem).join('; ') || 'This journey cannot be shown.';
      return false;
    }
    return render(body);
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors();
    let subject;
    submitted = new Map();
    try {
      subject = (top && top.get(top.pointer)) || {};
    } catch (bad) {
      showViolation({ pointer: bad.pointer, message: bad.message, keyword: 'syntax' });
      return;
    }
    const button = $('submit');
    button.disabled = true;
    try {
      const r = await fetch(`/_sandbox/page/${encodeURIComponent(instanceId)}/submit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sandbox-token': token },
        body: JSON.stringify({ interactionId: current.interactionId, subject }),
      });
      const body = await r.json();
      if (body.ok) {
        remember(subject, '/context/subject');
        showTyped();
      } else if (body.violations) {
        for (const v of body.violations) showViolation(v);
      } else {
        for (const e of body.errors || []) formErrors.append(el('li', { text: e.problem }));
      }
      if (!(await load())) setTimeout(tick, 1000);
    } finally {
      button.disabled = false;
    }
  });

  // Poll while the journey moves on elsewhere (modules running, another device).
  async function tick() {
    try {
      const active = await load();
      if (!active) setTimeout(tick, 1000);
    } catch (_) {
      setTimeout(tick, 2000);
    }
  }
  tick();
})();
