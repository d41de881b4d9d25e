// charts.js: the page's SVG charts, drawn here so that the page needs no
// library: line charts (linear or log x) and horizontal bar charts. Each
// chart is a viewBox that scales with its container.

import { el, svg } from "./dom.js";

// Colours spaced in lightness (CIE L* about 20, 43, 58, 71, 81) so that
// platforms stay apart printed in grey; beyond five, lines also dash.
export const palette = ["#1b2a6b", "#c2185b", "#009e73", "#e69f00", "#7fb8e0"];
const longDash = "9 4";

export function colorOf(i) {
  return palette[i % palette.length];
}

export function dashOf(i) {
  return i >= palette.length ? longDash : null;
}

const FONT = 13;

// widthOf is a chart's viewBox width: its box's width when drawn, so that
// text is drawn at about its font size on a laptop and on a phone alike
// (the viewBox still scales the chart when the box changes later).
function widthOf(box) {
  const w = box.clientWidth || 520;
  return Math.max(300, Math.min(720, Math.round(w)));
}
const M = { top: 12, right: 16, bottom: 46, left: 58 };

// niceTicks returns about n round values covering [lo, hi].
export function niceTicks(lo, hi, n = 5) {
  if (!(hi > lo)) hi = lo + 1;
  const raw = (hi - lo) / n;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= raw) || 10 * mag;
  // The last tick is at or above hi, so that the highest value stays
  // inside the axis.
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  const out = [];
  for (let k = first; k <= last; k++) out.push(parseFloat((k * step).toPrecision(12)));
  return out;
}

// logTicks returns powers of ten over [lo, hi], with 2 and 5 between them
// when they stay within maxN ticks.
export function logTicks(lo, hi, maxN = 8) {
  const out = [];
  const a = Math.floor(Math.log10(lo));
  const b = Math.ceil(Math.log10(hi));
  const subs = 3 * (b - a) <= maxN ? [1, 2, 5] : [1];
  for (let e = a; e <= b; e++) {
    for (const s of subs) {
      const v = s * Math.pow(10, e);
      if (v >= lo * 0.999 && v <= hi * 1.001) out.push(v);
    }
  }
  return out;
}

export function tickLabel(v) {
  const a = Math.abs(v);
  if (a >= 1e6) return parseFloat((v / 1e6).toPrecision(3)) + "M";
  if (a >= 1e4) return parseFloat((v / 1e3).toPrecision(3)) + "k";
  return String(parseFloat(v.toPrecision(4)));
}

// empty replaces a chart with the reason it has nothing to draw.
function empty(box, why) {
  box.replaceChildren(el("p", { class: "empty" }, why));
}

function legend(items) {
  const ul = el("ul", { class: "legend" });
  for (const it of items) {
    const sw = svg("svg", { viewBox: "0 0 28 10", width: 28, height: 10, "aria-hidden": "true" },
      svg("line", { x1: 1, y1: 5, x2: 27, y2: 5, stroke: it.color, "stroke-width": 3, "stroke-dasharray": it.dash }));
    ul.append(el("li", {}, sw, it.name));
  }
  return ul;
}

// lineChart draws opt.series ([{name, color, dash, width, points: [[x, y]]}])
// into box, with axes opt.xLabel and opt.yLabel; opt.xLog for a log x axis,
// opt.yMax to fix the y range, opt.yFormat for y tick labels.
export function lineChart(box, opt) {
  const series = opt.series.filter((s) => s.points.length > 0);
  if (series.length === 0) {
    empty(box, opt.emptyWhy || "Nothing to draw.");
    return;
  }
  const W = widthOf(box);
  const H = opt.height || Math.round(Math.min(300, Math.max(220, W * 0.55)));
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  let xs = series.flatMap((s) => s.points.map((p) => p[0]));
  if (opt.xLog) xs = xs.filter((x) => x > 0);
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  let x0 = Math.min(...xs);
  let x1 = Math.max(...xs);
  if (opt.xLog) {
    x0 = Math.pow(10, Math.floor(Math.log10(x0) * 4) / 4);
    x1 = Math.pow(10, Math.ceil(Math.log10(x1) * 4) / 4);
    if (!(x1 > x0)) x1 = x0 * 10;
  } else if (!(x1 > x0)) {
    x1 = x0 + 1;
  }
  const y0 = 0;
  let y1 = opt.yMax !== undefined ? opt.yMax : Math.max(...ys, 0);
  const yt = niceTicks(y0, y1 > 0 ? y1 : 1, 4);
  if (opt.yMax === undefined) y1 = yt[yt.length - 1];
  const sx = opt.xLog
    ? (x) => M.left + ((Math.log10(Math.max(x, x0)) - Math.log10(x0)) / (Math.log10(x1) - Math.log10(x0))) * pw
    : (x) => M.left + ((x - x0) / (x1 - x0)) * pw;
  const sy = (y) => M.top + ph - ((y - y0) / (y1 - y0 || 1)) * ph;
  const g = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": opt.title || "" });
  const fit = Math.max(3, Math.floor(pw / 55)); // ticks whose labels do not touch
  const xt = opt.xLog ? logTicks(x0, x1, fit) : niceTicks(x0, x1, Math.min(5, fit));
  for (const v of yt) {
    g.append(svg("line", { class: "grid", x1: M.left, x2: M.left + pw, y1: sy(v), y2: sy(v) }));
    g.append(svg("text", { class: "tick", x: M.left - 6, y: sy(v) + 4, "text-anchor": "end", "font-size": FONT },
      (opt.yFormat || tickLabel)(v)));
  }
  for (const v of xt) {
    if (v < x0 || v > x1) continue;
    g.append(svg("line", { class: "grid", x1: sx(v), x2: sx(v), y1: M.top, y2: M.top + ph }));
    g.append(svg("text", { class: "tick", x: sx(v), y: M.top + ph + 16, "text-anchor": "middle", "font-size": FONT },
      tickLabel(v)));
  }
  g.append(svg("line", { class: "axis", x1: M.left, x2: M.left + pw, y1: M.top + ph, y2: M.top + ph }));
  g.append(svg("line", { class: "axis", x1: M.left, x2: M.left, y1: M.top, y2: M.top + ph }));
  g.append(svg("text", { class: "label", x: M.left + pw / 2, y: H - 8, "text-anchor": "middle", "font-size": FONT }, opt.xLabel));
  g.append(svg("text", {
    class: "label", x: 0, y: 0, "text-anchor": "middle", "font-size": FONT,
    transform: `translate(14 ${M.top + ph / 2}) rotate(-90)`,
  }, opt.yLabel));
  for (const s of series) {
    const pts = s.points.filter((p) => !opt.xLog || p[0] > 0);
    const d = pts.map((p, i) => (i ? "L" : "M") + sx(p[0]).toFixed(1) + " " + sy(p[1]).toFixed(1)).join("");
    g.append(svg("path", {
      d, fill: "none", stroke: s.color, "stroke-width": s.width || 2.5,
      "stroke-dasharray": s.dash, "stroke-linejoin": "round",
    }, svg("title", {}, s.name)));
  }
  box.replaceChildren(g, legend(opt.legend || series));
}

// barChart draws opt.bars ([{name, value, color, label}]) as horizontal
// bars, one per row, each with its value written at its end.
export function barChart(box, opt) {
  const bars = opt.bars.filter((b) => Number.isFinite(b.value));
  if (bars.length === 0) {
    empty(box, opt.emptyWhy || "Nothing to draw.");
    return;
  }
  const W = widthOf(box);
  const rowH = 30;
  // Names take at most a third of the width; longer ones are cut (the
  // bar's tooltip and the table have them whole).
  const charW = 7.5;
  const left = Math.min(W / 3, 12 + charW * Math.max(...bars.map((b) => b.name.length)));
  const fitChars = Math.floor((left - 12) / charW);
  const cut = (n) => (n.length > fitChars ? n.slice(0, fitChars - 1) + "…" : n);
  const valueW = 90;
  const H = M.top + bars.length * rowH + 40;
  const pw = W - left - valueW;
  const max = Math.max(...bars.map((b) => b.value), 0);
  const ticks = niceTicks(0, max > 0 ? max : 1, Math.max(2, Math.min(4, Math.floor(pw / 70))));
  const top = ticks[ticks.length - 1];
  const sx = (v) => left + (Math.max(v, 0) / top) * pw;
  const g = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": opt.title || "" });
  const base = M.top + bars.length * rowH;
  for (const v of ticks) {
    g.append(svg("line", { class: "grid", x1: sx(v), x2: sx(v), y1: M.top, y2: base }));
    g.append(svg("text", { class: "tick", x: sx(v), y: base + 16, "text-anchor": "middle", "font-size": FONT },
      (opt.tickFormat || tickLabel)(v)));
  }
  bars.forEach((b, i) => {
    const y = M.top + i * rowH;
    g.append(svg("text", { class: "tick", x: left - 8, y: y + rowH / 2 + 4, "text-anchor": "end", "font-size": FONT }, cut(b.name)));
    g.append(svg("rect", {
      x: left, y: y + 5, width: Math.max(sx(b.value) - left, 1), height: rowH - 10, fill: b.color,
    }, svg("title", {}, b.name + ": " + b.label)));
    g.append(svg("text", { class: "value", x: sx(b.value) + 6, y: y + rowH / 2 + 4, "font-size": FONT }, b.label));
  });
  g.append(svg("line", { class: "axis", x1: left, x2: left, y1: M.top, y2: base }));
  g.append(svg("text", { class: "label", x: left + pw / 2, y: H - 6, "text-anchor": "middle", "font-size": FONT }, opt.xLabel));
  box.replaceChildren(g);
}
