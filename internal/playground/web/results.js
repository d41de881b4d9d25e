// results.js: a RunResponse drawn: the four charts, the comparison table,
// the explanations under them and the formulas.

import { el, byId } from "./dom.js";
import { lineChart, barChart, colorOf, dashOf } from "./charts.js";

export function platforms(resp) {
  return (resp.results && resp.results.platforms) || [];
}

export function pct(v) {
  return parseFloat((v * 100).toPrecision(3)) + "%";
}

function latencyChart(resp) {
  const series = platforms(resp).map((p, i) => ({
    name: p.name, color: colorOf(i), dash: dashOf(i),
    points: (p.latency_cdf_ms || []).filter((q) => q[0] > 0),
  }));
  lineChart(byId("chart-latency"), {
    title: "latency CDF", series, xLog: true, yMax: 1,
    xLabel: "end-to-end latency (ms, log scale)",
    yLabel: "requests at most x (%)",
    yFormat: (v) => Math.round(v * 100) + "%",
    emptyWhy: "No request completed in the measured window, so there is no latency to plot.",
  });
}

// timeUnit picks hours, minutes or seconds for a span of seconds.
function timeUnit(spanS) {
  if (spanS >= 3 * 3600) return { div: 3600, name: "h" };
  if (spanS >= 180) return { div: 60, name: "min" };
  return { div: 1, name: "s" };
}

function instancesChart(resp) {
  const ps = platforms(resp);
  const withTL = ps.filter((p) => p.timeline && p.timeline.instances && p.timeline.instances.length);
  const first = withTL[0];
  const span = first ? first.timeline.step_s * first.timeline.instances.length : 0;
  const u = timeUnit(span);
  const series = [];
  const legend = [];
  ps.forEach((p, i) => {
    const tl = p.timeline;
    if (!tl || !tl.instances) return;
    const at = (k) => (tl.start_s + k * tl.step_s) / u.div;
    series.push({ name: p.name, color: colorOf(i), dash: dashOf(i), points: tl.instances.map((v, k) => [at(k), v]) });
    if (tl.busy_instances) {
      series.push({ name: p.name + " busy", color: colorOf(i), dash: "3 3", width: 1.5,
        points: tl.busy_instances.map((v, k) => [at(k), v]) });
    }
    legend.push({ name: p.name, color: colorOf(i), dash: dashOf(i) });
  });
  if (legend.length) legend.push({ name: "busy (dashed)", color: "#555", dash: "3 3" });
  lineChart(byId("chart-instances"), {
    title: "instances over time", series, legend,
    xLabel: `time since the start of the run (${u.name})`, yLabel: "live instances",
    emptyWhy: "The results hold no timeline for any platform.",
  });
}

function coldChart(resp) {
  const bars = platforms(resp).map((p, i) => ({
    name: p.name, value: p.cold_start_ratio * 100, label: pct(p.cold_start_ratio), color: colorOf(i),
  }));
  barChart(byId("chart-cold"), {
    title: "cold-start ratio", bars, xLabel: "requests that started cold (%)",
    tickFormat: (v) => v + "%", emptyWhy: "No platform in the results.",
  });
}

// dollars writes an amount with cents, or with three significant digits
// when it is under a dollar (cents alone would make $0.042 and $0.054 look
// the same; the table has the cents as faassim run prints them).
function dollars(v) {
  if (Math.abs(v) >= 1) return "$" + v.toLocaleString("en-US", { maximumFractionDigits: 2, minimumFractionDigits: 2 });
  return "$" + parseFloat(v.toPrecision(3));
}

// costChart draws the platforms that have a price sheet: a textbook
// platform's $0 is no price, not a free platform, and is left out.
function costChart(resp) {
  const bars = [];
  platforms(resp).forEach((p, i) => {
    if (p.settings && !p.settings.price_sheet) return;
    bars.push({ name: p.name, value: p.monthly_cost_usd, color: colorOf(i), label: dollars(p.monthly_cost_usd) });
  });
  barChart(byId("chart-cost"), {
    title: "monthly cost", bars, xLabel: "cost per month (US$)",
    tickFormat: (v) => "$" + v,
    emptyWhy: platforms(resp).length
      ? "No platform here has a price sheet (textbook platforms), so there is no cost to draw."
      : "No platform in the results.",
  });
}

function table(resp) {
  const t = resp.table || { header: [], rows: [] };
  const box = byId("table");
  if (!t.rows || t.rows.length === 0) {
    box.replaceChildren(el("p", { class: "empty" }, "No platform in the results."));
    return;
  }
  const head = el("tr", {}, t.header.map((h) => el("th", { scope: "col" }, h)));
  const rows = t.rows.map((r) => el("tr", {}, r.map((c, k) =>
    k === 0 ? el("th", { scope: "row" }, c) : el("td", { "data-col": t.header[k] }, c))));
  box.replaceChildren(el("table", { id: "comparison" }, el("thead", {}, head), el("tbody", {}, rows)));
}

// renderFormula is one formula: name, equation, worked value and what the
// simulation measured for it.
export function renderFormula(f) {
  return el("div", { class: "formula", "data-formula": f.id },
    el("p", { class: "fname" }, f.name, f.platform ? el("span", { class: "muted" }, " · " + f.platform) : ""),
    el("p", { class: "equation" }, el("code", {}, f.equation)),
    el("p", {}, "Worked: ", el("code", {}, f.worked)),
    f.simulated_label ? el("p", {}, f.simulated_label) : "",
    f.source ? el("p", { class: "muted small" }, "Source: " + f.source) : "");
}

// formulas lists the closed forms; with one platform selected, only its
// own and the general ones (the rest are counted, one selector away).
function formulas(resp, platform) {
  const box = byId("formulas");
  const all = resp.formulas || [];
  const fs = platform ? all.filter((f) => !f.platform || f.platform === platform) : all;
  const out = fs.map(renderFormula);
  if (fs.length === 0) {
    out.push(el("p", { class: "empty" }, all.length
      ? "No closed form applies to " + platform + "."
      : "No closed form applies to this state (they need, for example, Poisson arrivals for e^(-λT))."));
  }
  if (fs.length < all.length) {
    out.push(el("p", { class: "muted small wide" }, `${all.length - fs.length} more for other platforms: choose "All platforms" to see them.`));
  }
  box.replaceChildren(...out);
}

function explain(id, text) {
  byId(id).textContent = text || "";
}

// renderResults draws everything a run returned; platform is the one
// selected ("" for all).
export function renderResults(resp, platform) {
  latencyChart(resp);
  instancesChart(resp);
  coldChart(resp);
  costChart(resp);
  table(resp);
  formulas(resp, platform);
  const x = resp.explanations || {};
  explain("explain-latency", x.latency);
  explain("explain-instances", x.instances);
  explain("explain-cold", x.cold_starts);
  explain("explain-cost", x.cost);
  explain("explain-table", x.table);
}
