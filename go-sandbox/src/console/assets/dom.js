// What the console's and the end-user page's scripts share, loaded before either
// (both `defer`, in order). `el` builds an element whose text and attributes are
// set as text (`textContent`, `setAttribute`), never parsed as markup.
'use strict';

// eslint-disable-next-line no-unused-vars
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null) continue;
    if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c) e.append(c);
  return e;
}
