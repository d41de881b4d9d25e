// dom.js: a small element builder, so that the page never writes HTML
// strings (nothing the server sends is parsed as markup).

// el makes an element with attributes (a value of "" sets a boolean
// attribute) and children (strings become text; null, false and "" are
// skipped).
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    e.setAttribute(k, v === true ? "" : String(v));
  }
  append(e, children);
  return e;
}

const SVGNS = "http://www.w3.org/2000/svg";

// svg makes an SVG element the same way.
export function svg(tag, attrs, ...children) {
  const e = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    e.setAttribute(k, String(v));
  }
  append(e, children);
  return e;
}

function append(e, children) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false || c === "") continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// byId is document.getElementById that says which element is missing.
export function byId(id) {
  const e = document.getElementById(id);
  if (!e) throw new Error("the page has no #" + id);
  return e;
}
