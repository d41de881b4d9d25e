// app.js: the playground page. It holds the state (an example and its
// --set overrides), keeps the address in step with it, runs it on the
// server after each change and draws what comes back.

import { el, byId } from "./dom.js";
import { Runner, getCatalog, postExport, fromURL, toURL, withSets, setPath } from "./state.js";
import { renderControls, selectorOptions } from "./controls.js";
import { platforms, renderResults } from "./results.js";
import { fillPicker, renderStep, showResult } from "./lessons.js";

const app = {
  catalog: { examples: [], lessons: [], default: "" },
  state: { example: "", sets: [] },
  lesson: null, // the Lesson being followed, or null
  step: 0,
  pick: null, // the choice waiting for its run's result
  resp: null, // the RunResponse shown
  sel: { platform: "", fn: "" },
  scales: {}, // multipliers of "x example" controls, by control id
  runs: 0,
  urls: [], // object URLs of the export's downloads
  missing: "", // why the address's example did not open, "" when it did
  push: false, // the next sync starts a new history entry
  dragging: false, // a pointer is down on the controls
  redraw: false, // the controls wait for the pointer's release to be drawn
};

const runner = new Runner(onStart, onDone, onError);

function offered(name) {
  return app.catalog.examples.find((o) => o.name === name);
}

function onStart() {
  byId("busy").hidden = false;
  document.body.dataset.state = "busy";
}

function onDone(resp) {
  app.resp = resp;
  app.runs++;
  byId("busy").hidden = true;
  byId("error").hidden = true;
  byId("results").classList.remove("stale");
  byId("elapsed").textContent = `simulated in ${Math.round(resp.elapsed_ms)} ms`;
  showAbout(resp);
  showControls();
  renderResults(resp, app.sel.platform);
  if (app.pick && app.lesson) {
    showResult(byId("lesson-result"), app.lesson.steps[app.step], app.pick, resp);
    veil(false);
  }
  document.body.dataset.runs = String(app.runs);
  document.body.dataset.state = "idle";
}

function onError(err) {
  byId("busy").hidden = true;
  byId("error").hidden = false;
  // What is drawn is the last state that ran, not this one: say so; with
  // nothing drawn yet (a shared address whose overrides no longer apply),
  // say how to get a run.
  byId("results").classList.toggle("stale", app.resp !== null);
  byId("error-title").textContent = app.resp !== null
    ? "The server refused this state (the charts show the last one that ran)"
    : "The server refused this state, so nothing ran" + (app.state.sets.length ? ": Reset drops the overrides" : "");
  byId("error-message").textContent = err.message;
  const list = byId("error-problems");
  list.replaceChildren();
  for (const row of document.querySelectorAll(".control .problem")) {
    row.hidden = true;
    row.textContent = "";
  }
  for (const p of err.problems || []) {
    // An override's problem names its --set path; the field repeats it.
    const field = (p.file || "").startsWith("--set ") ? "" : p.field;
    const where = [p.file, p.line ? "line " + p.line : "", field].filter(Boolean).join(", ");
    // A lone problem the message already says is not listed twice.
    const said = err.problems.length === 1 && err.message.includes(p.reason);
    if (!said) list.append(el("li", {}, where ? el("strong", {}, where + ": ") : "", p.reason));
    const row = controlOf(p);
    if (row) {
      const box = row.querySelector(".problem");
      box.hidden = false;
      box.textContent = (box.textContent ? box.textContent + " " : "") + p.reason;
    }
  }
  document.body.dataset.state = "error";
}

// controlOf is the control row writing the path a problem names (its
// field, or the "--set path" it came from).
function controlOf(p) {
  // Fields name list items as "platforms[0]", --set paths as "platforms.0".
  const field = (p.field || "").replace(/\[(\d+)\]/g, ".$1");
  const paths = [field, (p.file || "").replace(/^--set /, "")].filter(Boolean);
  for (const row of document.querySelectorAll(".control")) {
    const own = (row.dataset.paths || "").split(" ");
    if (paths.some((x) => own.includes(x) || own.includes(setPath(x)))) return row;
  }
  return null;
}

function showAbout(resp) {
  byId("title").textContent = resp.title || app.state.example;
  byId("description").textContent = resp.description || "";
  const notes = (resp.notes || []).slice();
  const o = offered(app.state.example);
  if (o && o.note && !notes.includes(o.note)) notes.unshift(o.note);
  if (app.missing) notes.unshift(app.missing);
  byId("notes").replaceChildren(...notes.map((n) => el("li", {}, n)));
  showCommand();
}

// showCommand writes the `faassim run` of the page's state.
function showCommand() {
  const o = offered(app.state.example);
  const args = ["faassim", "run", app.state.example === "@cli" ? "SCENARIO" : "example:" + app.state.example];
  for (const s of [...((o && o.sets) || []), ...app.state.sets]) args.push("--set", quote(s));
  byId("command").textContent = args.join(" ");
}

// quote writes a --set argument so that a shell passes it unchanged.
function quote(s) {
  return /^[A-Za-z0-9_.=:\/\[\]-]+$/.test(s) ? s : "'" + s.replace(/'/g, "'\\''") + "'";
}

function showControls() {
  const resp = app.resp;
  if (!resp) return;
  const names = platforms(resp).map((p) => p.name);
  const fns = [...new Set((resp.controls || []).filter((c) => c.scope === "function")
    .flatMap((c) => c.targets.map((t) => t.name)))];
  selectorOptions(byId("platform"), names, "All platforms", app.sel.platform);
  selectorOptions(byId("function"), fns, "All functions", app.sel.fn);
  byId("platform-label").hidden = names.length < 2;
  byId("function-label").hidden = fns.length < 2;
  app.sel.platform = byId("platform").value;
  app.sel.fn = byId("function").value;
  // The controls are drawn anew: a slider held by the pointer is left
  // alone until released (a redraw would end the drag), and the focus goes
  // back to the control that had it (a keyboard user keeps their place).
  if (app.dragging) {
    app.redraw = true;
    return;
  }
  const focused = document.activeElement && document.activeElement.id;
  renderControls(byId("controls"), resp.controls, app.sel, app.scales, change);
  const again = focused && document.getElementById(focused);
  if (again && again !== document.activeElement && byId("controls").contains(again)) again.focus();
}

// change applies a control's overrides and reruns, debounced.
function change(sets, reset) {
  app.state.sets = reset ? [] : withSets(app.state.sets, sets);
  if (app.lesson) app.pick = null;
  sync();
  runner.schedule(app.state);
}

function sync() {
  toURL(app.state, app.lesson ? app.lesson.id : "", app.step, app.push);
  app.push = false;
  showCommand();
  // An export is of the state it was asked for: a changed state needs its own.
  byId("export-box").hidden = true;
}

function veil(on) {
  byId("results").classList.toggle("veiled", on);
  byId("veil-note").hidden = !on;
}

// openExample switches to another scenario: its own overrides only, and no
// previous state to compare with (another scenario is not a change).
function openExample(name, sets) {
  app.missing = "";
  app.state = { example: name, sets: sets || [] };
  app.sel = { platform: "", fn: "" };
  app.scales = {};
  runner.previous = null;
  byId("example").value = name;
  const o = offered(name);
  byId("title").textContent = (o && o.title) || name;
  byId("description").textContent = (o && o.description) || "";
}

function openLesson(id, step, sets) {
  const lesson = app.catalog.lessons.find((l) => l.id === id) || null;
  if (!lesson) {
    closeLesson();
    sync();
    return;
  }
  app.lesson = lesson;
  byId("lesson").value = lesson.id;
  byId("lesson-box").hidden = false;
  if (lesson.example !== app.state.example) openExample(lesson.example, []);
  enterStep(Math.min(step, lesson.steps.length - 1), sets);
}

function closeLesson() {
  app.lesson = null;
  byId("lesson").value = "";
  byId("lesson-box").hidden = true;
  veil(false);
}

// enterStep sets the step's overrides (in place of the page's), asks its
// question with the results veiled, and runs the state for the controls.
function enterStep(i, sets) {
  const lesson = app.lesson;
  app.step = i;
  app.pick = null;
  app.state.sets = sets && sets.length ? sets : lesson.steps[i].sets.slice();
  // The controls act on the platform the step asks about.
  app.sel.platform = lesson.steps[i].platform || "";
  renderStep(byId("lesson-box"), lesson, i, (choice) => {
    app.pick = choice;
    byId("lesson-result").replaceChildren(el("p", { class: "muted" }, "Running…"));
    runner.run(app.state);
  }, (j) => {
    app.push = true;
    enterStep(j);
  });
  veil(true);
  sync();
  runner.run(app.state);
}

async function doExport() {
  const btn = byId("export");
  btn.disabled = true;
  try {
    const x = await postExport(app.state);
    for (const u of app.urls) URL.revokeObjectURL(u);
    const yaml = URL.createObjectURL(new Blob([x.yaml], { type: "application/yaml" }));
    const json = URL.createObjectURL(new Blob([x.results], { type: "application/json" }));
    app.urls = [yaml, json];
    const name = x.filename || "playground.yaml";
    const a = byId("download-yaml");
    a.href = yaml;
    a.download = name;
    a.textContent = "scenario YAML (" + name + ")";
    const b = byId("download-json");
    b.href = json;
    b.download = name.replace(/\.ya?ml$/, "") + "-results.json";
    b.textContent = "results JSON (" + b.download + ")";
    byId("export-command").textContent = `faassim run ${name} --format json`;
    byId("export-yaml").textContent = x.yaml;
    byId("export-box").hidden = false;
    byId("export-box").scrollIntoView({ behavior: "smooth", block: "nearest" });
  } catch (err) {
    onError(err);
  } finally {
    btn.disabled = false;
  }
}

async function start() {
  try {
    app.catalog = await getCatalog();
  } catch (err) {
    onError(err);
    return;
  }
  const ex = byId("example");
  ex.replaceChildren(...app.catalog.examples.map((o) =>
    el("option", { value: o.name }, o.name === "@cli" ? "command line: " + o.title : o.title || o.name)));
  fillPicker(byId("lesson"), app.catalog.lessons || []);
  ex.addEventListener("change", () => {
    closeLesson();
    openExample(ex.value, []);
    app.push = true;
    sync();
    runner.run(app.state);
  });
  byId("lesson").addEventListener("change", (e) => {
    app.push = true;
    openLesson(e.target.value, 0);
  });
  byId("platform").addEventListener("change", (e) => {
    app.sel.platform = e.target.value;
    showControls();
    if (app.resp) renderResults(app.resp, app.sel.platform);
  });
  byId("function").addEventListener("change", (e) => {
    app.sel.fn = e.target.value;
    showControls();
  });
  byId("controls").addEventListener("pointerdown", () => { app.dragging = true; });
  const release = () => {
    app.dragging = false;
    if (app.redraw) {
      app.redraw = false;
      showControls();
    }
  };
  window.addEventListener("pointerup", release);
  window.addEventListener("pointercancel", release);
  byId("export").addEventListener("click", doExport);
  byId("reset").addEventListener("click", () => {
    app.scales = {};
    if (app.lesson) enterStep(app.step);
    else change([], true);
  });

  // Back and Forward move between examples, lessons and steps.
  window.addEventListener("popstate", openURL);
  openURL();
}

// openURL opens the state the address holds.
function openURL() {
  const url = fromURL(location.search);
  if (url.lesson && app.catalog.lessons.some((l) => l.id === url.lesson)) {
    openLesson(url.lesson, url.step, url.sets);
    return;
  }
  closeLesson();
  const known = offered(url.example);
  const name = known ? url.example : app.catalog.default || (app.catalog.examples[0] || {}).name;
  if (!name) {
    onError(new Error("The server offers no example."));
    return;
  }
  // Overrides written for an example the server does not offer would
  // change another one: they are dropped, and the page says so.
  openExample(name, known ? url.sets : []);
  if (url.example && !known) {
    app.missing = `The address asks for example "${url.example}", which this server does not offer: ` +
      `${name} opened instead` + (url.sets.length ? `, without the address's ${url.sets.length} override(s).` : ".");
  }
  sync();
  runner.run(app.state);
}

start();
