// lessons.js: guided lessons (Catalog.lessons). Each step sets the
// controls, asks the student to predict a metric, then shows the measured
// value, whether the prediction held it, the formula behind it and why.

import { el } from "./dom.js";
import { platforms, pct, renderFormula } from "./results.js";

// metricValue is a lesson metric of the named platform in resp's results,
// or undefined when the platform is not there.
export function metricValue(resp, platform, metric) {
  const p = platforms(resp).find((x) => x.name === platform);
  if (!p) return undefined;
  switch (metric) {
    case "cold_start_ratio": return p.cold_start_ratio;
    case "rejected_ratio": return p.requests > 0 ? p.rejected / p.requests : 0;
    case "p50_ms": return p.latency_ms.p50;
    case "p99_ms": return p.latency_ms.p99;
    case "monthly_cost_usd": return p.monthly_cost_usd;
    case "mean_instances": return p.instances.mean;
    default: return undefined;
  }
}

const metricNames = {
  cold_start_ratio: "cold-start ratio",
  rejected_ratio: "rejected requests",
  p50_ms: "median latency",
  p99_ms: "p99 latency",
  monthly_cost_usd: "monthly cost",
  mean_instances: "mean instances",
};

// fmtMetric writes a metric's value in its unit.
export function fmtMetric(metric, v) {
  if (v === undefined || !Number.isFinite(v)) return "n/a";
  switch (metric) {
    case "cold_start_ratio":
    case "rejected_ratio": return pct(v);
    case "p50_ms":
    case "p99_ms": return fmtLatency(v);
    case "monthly_cost_usd": return "$" + v.toFixed(2);
    default: return String(parseFloat(v.toPrecision(4)));
  }
}

// fmtLatency writes milliseconds as the choices do: "753 ms", "73.1 s",
// "29 min" (a p99 of "1739000 ms" reads as nothing).
export function fmtLatency(ms) {
  const p3 = (x) => parseFloat(x.toPrecision(3)).toLocaleString("en-US");
  if (ms < 1000) return p3(ms) + " ms";
  if (ms < 120000) return p3(ms / 1000) + " s"; // "73.1 s" reads better than "1.22 min"
  return p3(ms / 60000) + " min";
}

// held says whether a choice's range [low, high) holds v; a high of 0 (an
// omitted bound) means no upper bound.
export function held(choice, v) {
  const high = choice.high === 0 && choice.low > 0 ? Infinity : choice.high;
  return v >= choice.low && v < high;
}

// fillPicker lists the lessons in select, "" for none.
export function fillPicker(select, lessons) {
  select.replaceChildren(el("option", { value: "" }, lessons.length ? "Free play (no lesson)" : "No lessons"));
  for (const l of lessons) select.append(el("option", { value: l.id }, l.title));
}

// renderStep draws step i of lesson into box: its text, the question and a
// button per choice (onPick(choice)), and previous/next (onNav(i)).
export function renderStep(box, lesson, i, onPick, onNav) {
  const step = lesson.steps[i];
  const nav = el("div", { class: "nav" });
  const prev = el("button", { type: "button", id: "lesson-prev" }, "← Previous");
  const next = el("button", { type: "button", id: "lesson-next" }, "Next →");
  prev.disabled = i === 0;
  next.disabled = i >= lesson.steps.length - 1;
  prev.addEventListener("click", () => onNav(i - 1));
  next.addEventListener("click", () => onNav(i + 1));
  nav.append(prev, el("span", { class: "muted" }, `Step ${i + 1} of ${lesson.steps.length}`), next);
  const choices = el("div", { class: "choices", role: "group", "aria-label": "your prediction" });
  step.choices.forEach((c, k) => {
    const b = el("button", { type: "button", class: "choice", "data-choice": k }, c.label);
    b.addEventListener("click", () => {
      for (const o of choices.querySelectorAll("button")) o.classList.toggle("picked", o === b);
      onPick(c);
    });
    choices.append(b);
  });
  box.replaceChildren(
    el("p", { class: "muted small" }, lesson.title + (i === 0 && lesson.summary ? ": " + lesson.summary : "")),
    el("h3", {}, step.title),
    el("p", {}, step.text),
    el("p", { class: "question" }, step.question),
    choices,
    el("div", { id: "lesson-result", "aria-live": "polite" }),
    nav,
  );
}

// showResult says, under the step, what the run measured and why.
export function showResult(box, step, choice, resp) {
  const v = metricValue(resp, step.platform, step.metric);
  const ok = v !== undefined && held(choice, v);
  const name = metricNames[step.metric] || step.metric;
  const out = [
    el("p", { class: ok ? "verdict good" : "verdict bad" },
      ok ? "✓ Your prediction held: " : "✗ Not quite: ",
      `${name} on ${step.platform} measured `, el("strong", { class: "measured" }, fmtMetric(step.metric, v)),
      ok ? "." : `, outside “${choice.label}”.`),
  ];
  const right = step.choices.find((c) => v !== undefined && held(c, v));
  if (!ok && right) out.push(el("p", {}, "The range that holds it: " + right.label + "."));
  if (step.formula) {
    const all = (resp.formulas || []).filter((f) => f.id === step.formula);
    const f = all.find((x) => x.platform === step.platform) || all[0];
    out.push(f ? renderFormula(f) : el("p", { class: "muted small" }, "The formula " + step.formula + " does not apply to this state."));
  }
  if (step.reveal) out.push(el("p", { class: "reveal" }, step.reveal));
  box.replaceChildren(...out);
}
