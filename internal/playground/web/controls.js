// controls.js: the settings the server offers (RunResponse.controls), drawn
// as sliders and selects that write --set overrides.

import { el } from "./dom.js";

// fmtNumber writes v with at most 6 significant digits and no exponent
// for everyday sizes: what a --set value and a label both read well as.
export function fmtNumber(v) {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e-4 && a < 1e15) return String(parseFloat(v.toPrecision(6)));
  return v.toExponential(4);
}

// fmtDuration writes seconds as a Go duration ("90s", "10m", "1h30m",
// "250ms"), which --set reads.
export function fmtDuration(sec) {
  if (!(sec > 0)) return "0s";
  if (sec < 1) return fmtNumber(sec * 1000) + "ms";
  let s = Math.round(sec * 1000) / 1000;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s = parseFloat((s - m * 60).toFixed(3));
  let out = "";
  if (h) out += h + "h";
  if (m) out += m + "m";
  if (s || !out) out += fmtNumber(s) + "s";
  return out;
}

// parseDuration reads "90s", "1h30m", "250ms" or a bare number of seconds.
export function parseDuration(text) {
  const t = text.trim();
  if (/^[0-9.]+$/.test(t)) return parseFloat(t);
  const re = /([0-9.]+)(ms|h|m|s)/gy;
  let total = 0;
  let m;
  let end = 0;
  while ((m = re.exec(t)) !== null) {
    const v = parseFloat(m[1]);
    total += v * { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2]];
    end = re.lastIndex;
  }
  return end === t.length && end > 0 ? total : NaN;
}

// formatValue writes a control's value as --set wants it.
export function formatValue(format, v) {
  switch (format) {
    case "integer": return String(Math.round(v));
    case "duration": return fmtDuration(v);
    default: return fmtNumber(v);
  }
}

// setsFor is the overrides that put target at value (a number, or a choice).
export function setsFor(ctl, target, value) {
  return target.paths.map((p) => {
    if (p.fixed) return p.path + "=" + p.fixed;
    if (ctl.kind === "choice") return p.path + "=" + value;
    return p.path + "=" + formatValue(ctl.format, value * (p.factor || 1));
  });
}

// Multipliers of each target's own value, when a control acts on several
// targets that differ: "x example".
const MultMin = 0.1;
const MultMax = 10;

// mode says how a control acts under the current selection: on the one
// selected target (absolute), on all targets with one value (absolute), or
// on all as a multiplier of each target's example value. Functions with
// "all" selected always scale (a rate doubled on every function keeps
// their mix), platforms only when their values differ (a TTL on every
// platform of a one-TTL scenario is simply a TTL).
export function mode(ctl, selected) {
  if (selected !== "") {
    const t = ctl.targets.find((x) => x.name === selected);
    return t ? { kind: "one", targets: [t] } : { kind: "none", targets: [] };
  }
  if (ctl.kind === "range" && ctl.targets.length > 1) {
    const differ = ctl.targets.some((t) => t.base !== ctl.targets[0].base);
    if (ctl.scope === "function" || differ) return { kind: "scale", targets: ctl.targets };
  }
  return { kind: "all", targets: ctl.targets };
}

// Slider positions for log scales: 0..LogSteps over [min, max].
const LogSteps = 1000;

function toSlider(ctl, v, min, max, log) {
  if (!log) return v;
  const lo = Math.log(min);
  return Math.round(((Math.log(Math.max(v, min)) - lo) / (Math.log(max) - lo)) * LogSteps);
}

function fromSlider(ctl, pos, min, max, log) {
  if (!log) return parseFloat(pos);
  const lo = Math.log(min);
  const v = Math.exp(lo + (pos / LogSteps) * (Math.log(max) - lo));
  return ctl.format === "integer" ? Math.round(v) : parseFloat(v.toPrecision(3));
}

// shown is a value as the page writes it: four significant digits are
// plenty to read, and fit the box.
function shown(ctl, v, scaled) {
  if (scaled) return fmtNumber(parseFloat(v.toPrecision(3)));
  if (ctl.format === "duration") return fmtDuration(parseFloat(v.toPrecision(4)));
  if (ctl.format === "integer") return String(Math.round(v));
  return fmtNumber(parseFloat(v.toPrecision(4)));
}

// choiceLabel reads a choice written as a YAML flow mapping ("{policy:
// fixed, ttl: 10m}") as words ("fixed, ttl 10m").
export function choiceLabel(c) {
  const m = /^\{(.*)\}$/.exec(c.trim());
  if (!m) return c;
  return m[1].replace(/^\s*policy:\s*/, "").replace(/:\s*/g, " ");
}

// renderControls fills box with resp's controls for the selection sel
// ({platform, fn}: "" for all), calling onSets(sets) when one moves.
// scales remembers each scaling control's multiplier between renders.
export function renderControls(box, controls, sel, scales, onSets) {
  box.replaceChildren();
  if (!controls || controls.length === 0) {
    box.append(el("p", { class: "muted" }, "This scenario offers no controls."));
    return;
  }
  for (const ctl of controls) {
    const selected = ctl.scope === "function" ? sel.fn : sel.platform;
    const m = mode(ctl, selected);
    const row = el("div", { class: "control", "data-control": ctl.id });
    row.dataset.paths = ctl.targets.flatMap((t) => t.paths.map((p) => p.path)).join(" ");
    const id = "ctl-" + ctl.id;
    // A duration is shown and typed as "90s" or "10m": its unit is in it.
    const unit = m.kind === "scale" ? "x example" : ctl.format === "duration" ? "" : ctl.unit || "";
    const label = el("label", { for: id }, ctl.label, unit ? el("span", { class: "unit" }, " (" + unit + ")") : "");
    row.append(label);
    if (m.kind === "none") {
      row.classList.add("disabled");
      row.append(el("p", { class: "muted small" }, "Not on " + selected + "."));
      box.append(row);
      continue;
    }
    const first = m.targets[0];
    if (ctl.kind === "choice") {
      const select = el("select", { id });
      for (const c of ctl.choices || []) select.append(el("option", { value: c }, choiceLabel(c)));
      const same = m.targets.every((t) => t.choice === first.choice);
      if (!same) select.prepend(el("option", { value: "", disabled: "" }, "(differs)"));
      select.value = same ? first.choice : "";
      select.addEventListener("change", () => {
        onSets(m.targets.flatMap((t) => setsFor(ctl, t, select.value)));
      });
      row.append(select);
    } else {
      const scaled = m.kind === "scale";
      const log = scaled || ctl.log;
      const max = scaled ? MultMax : ctl.max;
      // A log scale cannot start at 0: it starts three decades below max.
      const min = scaled ? MultMin : log && !(ctl.min > 0) ? max / 1000 : ctl.min;
      const value = scaled ? scales[ctl.id] || first.value / (first.base || 1) : first.value;
      const slider = el("input", {
        id, type: "range", "aria-label": ctl.label,
        min: log ? 0 : min, max: log ? LogSteps : max,
        step: log ? 1 : ctl.step || (ctl.format === "integer" ? 1 : "any"),
      });
      slider.value = toSlider(ctl, value, min, max, log);
      const text = el("input", { id: id + "-value", type: "text", class: "value", inputmode: "decimal", "aria-label": ctl.label + " value" });
      text.value = shown(ctl, value, scaled);
      const commit = (v) => {
        const problem = row.querySelector(".problem");
        if (!Number.isFinite(v)) {
          // Nothing is sent: say why next to the box (a red border alone
          // tells a screen reader nothing).
          text.classList.add("bad");
          text.setAttribute("aria-invalid", "true");
          problem.hidden = false;
          problem.textContent = `"${text.value}" is not ${!scaled && ctl.format === "duration"
            ? "a duration: write 90s, 10m or 1h30m" : "a number"}; nothing was run.`;
          return;
        }
        text.classList.remove("bad");
        text.removeAttribute("aria-invalid");
        problem.hidden = true;
        if (scaled) {
          scales[ctl.id] = v;
          onSets(m.targets.flatMap((t) => setsFor(ctl, t, clamp(t.base * v, ctl.min, ctl.max))));
        } else {
          onSets(m.targets.flatMap((t) => setsFor(ctl, t, v)));
        }
      };
      slider.addEventListener("input", () => {
        const v = fromSlider(ctl, slider.value, min, max, log);
        text.value = shown(ctl, v, scaled);
        commit(v);
      });
      text.addEventListener("change", () => {
        const v = !scaled && ctl.format === "duration" ? parseDuration(text.value) : parseFloat(text.value);
        if (Number.isFinite(v)) slider.value = toSlider(ctl, v, min, max, log);
        commit(v);
      });
      row.append(el("div", { class: "slider" }, slider, text));
      if (!scaled && m.kind === "all" && m.targets.length > 1) {
        row.append(el("p", { class: "muted small" }, "On every target: " + m.targets.map((t) => t.name).join(", ")));
      }
      if (scaled) {
        row.append(el("p", { class: "muted small" }, m.targets.map((t) =>
          t.name + " " + shown(ctl, t.value, false) + (ctl.unit && ctl.format !== "duration" ? " " + ctl.unit : "")).join(" · ")));
      }
    }
    if (ctl.help) row.append(el("p", { class: "help" }, ctl.help));
    row.append(el("p", { class: "problem", role: "alert", hidden: "" }));
    box.append(row);
  }
}

function clamp(v, lo, hi) {
  if (Number.isFinite(lo) && lo && v < lo) return lo;
  if (Number.isFinite(hi) && hi && v > hi) return hi;
  return v;
}

// selectorOptions fills a platform or function selector with "all" and
// each name, selecting want when it is one of them.
export function selectorOptions(select, names, allLabel, want) {
  select.replaceChildren(el("option", { value: "" }, allLabel));
  for (const n of names) select.append(el("option", { value: n }, n));
  select.value = names.includes(want) ? want : "";
}
