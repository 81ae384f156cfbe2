// targetsim's page: every control re-runs the scenario on the same random
// paths through the server's API and shows what changed. Everything shown
// is set with textContent or SVG attributes, never parsed as HTML.
"use strict";

const TEXT = {
  en: {
    app: "targetsim", scenario: "Scenario", paths: "Paths", seed: "Seed",
    assumptions: "Assumptions", reset_all: "Reset all", reset: "Reset to the scenario's value",
    assumptions_hint: "Move any control: the targets are re-simulated on the same random paths, so a change shows what the assumption did, not noise.",
    targets: "Targets", target: "Target", condition: "Condition", probability: "Probability",
    interval: "95% interval", change: "Change from the scenario as written",
    met_title: "How many targets are met together",
    fans_title: "Each indicator: 5-95% and 25-75% of paths, median, observed values and target",
    save: "Save scenario (TOML)", report: "Report (HTML)", json: "Results (JSON)", csv: "Results (CSV)",
    save_hint: "Save scenario writes a TOML file that extends this scenario with only your changes, the paths and the seed: `targetsim run` on it gives the numbers on this page.",
    joint: "All targets met on the same path", working: "Simulating {n} paths…",
    preliminary: "Preliminary: {n} paths; refining to {m}…", done: "{n} paths, seed {s}, {t} s",
    unchanged: "as written", no_change: "no change",
    take: "What would it take?", drivers: "Drivers", seek: "Find the value", param: "Parameter",
    goal: "Probability to reach", seek_result: "{k} = {v} reaches {p} (95% interval {a} to {b}); the scenario has {c}. {sims} simulations, {paths} paths.",
    seek_none: "{k}: no value in reach gives {p}.", apply: "Use this value", close: "Close",
    tornado_title: "What moves “{t}” most: probability with each input swung down and up (one sd of a mean, 25% of anything else)",
    low: "down", high: "up", elapsed: "working… {s} s", source: "Source", base_year: "base",
    observed: "observed", lower_bound: "observed lower bound", target_mark: "target",
    median: "median", year: "year", error: "Error", met_n: "{k} met",
    changed_n: "{n} changed", f_impact: "Impact on {x}", group_shock: "Shock: {n}", group_correlation: "Correlations",
    group_firms: "Firm population", group_target: "Target values",
  },
  zh: {
    app: "targetsim", scenario: "情景", paths: "路径数", seed: "随机种子",
    assumptions: "假设", reset_all: "全部还原", reset: "还原为情景中的值",
    assumptions_hint: "拖动任一控件：各目标在同一组随机路径上重新模拟，变化只反映假设的作用，而非抽样噪声。",
    targets: "目标", target: "目标", condition: "条件", probability: "达成概率",
    interval: "95% 区间", change: "相对原情景的变化",
    met_title: "同时达成的目标个数",
    fans_title: "各指标：5-95% 与 25-75% 路径区间、中位数、观测值与目标",
    save: "保存情景（TOML）", report: "报告（HTML）", json: "结果（JSON）", csv: "结果（CSV）",
    save_hint: "“保存情景”生成一个继承本情景的 TOML 文件，只写入您的修改、路径数和种子：用 `targetsim run` 运行它，得到与本页相同的数字。",
    joint: "所有目标在同一路径上同时达成", working: "正在模拟 {n} 条路径…",
    preliminary: "初步结果：{n} 条路径；正在细化到 {m} 条…", done: "{n} 条路径，种子 {s}，{t} 秒",
    unchanged: "原情景", no_change: "无变化",
    take: "需要什么条件？", drivers: "驱动因素", seek: "求解", param: "参数",
    goal: "目标概率", seek_result: "{k} = {v} 时达成概率为 {p}（95% 区间 {a} 至 {b}）；原情景为 {c}。共 {sims} 次模拟，{paths} 条路径。",
    seek_none: "{k}：在可及范围内没有值能达到 {p}。", apply: "采用此值", close: "关闭",
    tornado_title: "对“{t}”影响最大的假设：各输入下调与上调时的达成概率（均值调一个标准差，其他调 25%）",
    low: "下调", high: "上调", elapsed: "计算中… {s} 秒", source: "来源", base_year: "基期",
    observed: "观测值", lower_bound: "观测下限", target_mark: "目标",
    median: "中位数", year: "年份", error: "错误", met_n: "达成 {k} 个",
    changed_n: "已修改 {n} 项", f_impact: "对{x}的冲击", group_shock: "冲击：{n}", group_correlation: "相关系数",
    group_firms: "企业群体", group_target: "目标值",
  },
};

const state = {
  scenarios: [], id: null, desc: null, set: {}, paths: null, seed: null, lang: "en",
  run: null, comparison: null, controller: null, busy: false, dirty: false, refining: false, changedAt: null,
};
const token = new URLSearchParams(location.search).get("token");
const $ = (sel) => document.querySelector(sel);

function t(key, vars) {
  let s = (TEXT[state.lang] && TEXT[state.lang][key]) || TEXT.en[key] || key;
  for (const [k, v] of Object.entries(vars || {})) s = s.split("{" + k + "}").join(String(v));
  return s;
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c != null) e.append(c);
  return e;
}

function svg(tag, attrs, ...children) {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "title") e.append(svg("title", {}, String(v)));
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c != null) e.append(typeof c === "string" ? document.createTextNode(c) : c);
  return e;
}

// ---- talking to the server ----

async function api(path, body, signal) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = "Bearer " + token;
  const init = body === undefined ? { headers, signal } : { method: "POST", headers, body: JSON.stringify(body), signal };
  const response = await fetch(path, init);
  const type = response.headers.get("Content-Type") || "";
  const payload = type.startsWith("application/json") ? await response.json() : await response.text();
  if (!response.ok) throw new Error(payload && payload.error ? payload.error : String(response.status));
  return payload;
}

function request(extra) {
  return Object.assign({ scenario: state.id, paths: state.paths, seed: state.seed, set: { ...state.set } }, extra || {});
}

// ---- numbers ----

function pct(p) { return (100 * p).toFixed(1) + "%"; }
function signedPct(d) { return (d >= 0 ? "+" : "−") + Math.abs(100 * d).toFixed(1) + " pp"; }
function num(x) {
  if (!isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString("en-US");
  if (a >= 10) return x.toFixed(1).replace(/\.0$/, "");
  return String(Number(x.toPrecision(4)));
}
const UNITS_ZH = { "100m_yuan": "亿元", "10k_yuan": "万元", yuan: "元", firms: "家", institutions: "家", percent: "%" };
function unit(u) { return state.lang === "zh" && UNITS_ZH[u] ? UNITS_ZH[u] : u.replace(/_/g, " "); }
function light(p) { return p < 0.5 ? "red" : p <= 0.8 ? "amber" : "green"; }

// ---- the address holds the state ----

function readAddress() {
  const q = new URLSearchParams(location.hash.slice(1));
  const set = {};
  for (const [k, v] of q) if (k.startsWith("set.")) set[k.slice(4)] = Number(v);
  return {
    id: q.get("scenario"), paths: q.get("paths") ? Number(q.get("paths")) : null,
    seed: q.get("seed") ? Number(q.get("seed")) : null, lang: q.get("lang"), set,
  };
}

function writeAddress() {
  const q = new URLSearchParams();
  q.set("scenario", state.id);
  q.set("paths", state.paths);
  q.set("seed", state.seed);
  if (state.lang !== "en") q.set("lang", state.lang);
  for (const [k, v] of Object.entries(state.set)) q.set("set." + k, v);
  history.replaceState(null, "", location.pathname + location.search + "#" + q.toString());
}

// ---- labels ----

function indicatorLabel(id) {
  const ind = state.desc && state.desc.indicators.find((i) => i.id === id);
  if (!ind) return id;
  return state.lang === "zh" && ind.label_zh ? ind.label_zh : ind.label;
}

function targetLabel(target) {
  return indicatorLabel(target.indicator) + " " + target.year;
}

function groupLabel(group) {
  if (group.startsWith("shock ")) return t("group_shock", { n: group.slice(6) });
  if (group === "correlation") return t("group_correlation");
  if (group === "firms") return t("group_firms");
  if (group === "target") return t("group_target");
  return indicatorLabel(group);
}

function fieldLabel(param) {
  const key = param.key;
  if (param.group === "target") {
    const id = key.slice("target.".length, -".value".length);
    const target = state.desc.targets.find((x) => x.id === id);
    return target ? targetLabel(target) + " " + target.op : id;
  }
  if (param.group === "correlation") {
    const pair = key.slice("correlation.".length, -".rho".length).split("~");
    return pair.map(indicatorLabel).join(" ~ ");
  }
  const prefix = param.group.startsWith("shock ") ? "shock." + param.group.slice(6) + "." : param.group + ".";
  const field = key.startsWith(prefix) ? key.slice(prefix.length) : key;
  if (field.startsWith("impact.")) return t("f_impact", { x: indicatorLabel(field.slice(7)) });
  const byYear = field.match(/^growth_by_year\.(\d+)\.(.+)$/);
  if (byYear) return byYear[1] + ": " + fieldName("growth." + byYear[2]);
  return fieldName(field);
}

// Plain names of the fields a scenario's numbers sit under; the `--set`
// key shows on hover.
const FIELDS = {
  en: {
    base: "Base-year value", at_least: "Revenue threshold",
    "growth.mean": "Mean yearly growth (0.05 = 5%)", "growth.sd": "Year-to-year spread of growth (sd)",
    "growth.mean_sd": "Uncertainty of the mean growth (sd)", "growth.df": "Degrees of freedom (fat tails)",
    "growth.min": "Lowest growth", "growth.mode": "Most likely growth", "growth.max": "Highest growth",
    "additions.mean": "New ones a year (mean)", "additions.dispersion": "Dispersion of new ones (lower: more spread)",
    "exits.mean": "Exits a year (mean)", "exits.dispersion": "Dispersion of exits",
    probability: "Probability in a year", rho: "Correlation of yearly growth",
    noise_sd: "Spread of a firm's growth around its sector's (sd)", top_alpha: "Tail of the largest firms (Pareto alpha)",
    "body.count": "Smaller firms modelled", "body.median": "Their median revenue", "body.sigma": "Their spread (log sd)",
    "exit.hazard": "Exit probability a year", "exit.elasticity": "How exit varies with size", "exit.reference": "Reference revenue for exits",
    "entry.rate": "New firms a year", "entry.median": "New firms' median revenue", "entry.sigma": "New firms' spread (log sd)",
    value: "Target value",
  },
  zh: {
    base: "基期值", at_least: "营收门槛",
    "growth.mean": "年均增长率均值（0.05 = 5%）", "growth.sd": "年增长率波动（标准差）",
    "growth.mean_sd": "增长率均值的不确定性（标准差）", "growth.df": "自由度（厚尾）",
    "growth.min": "最低增长率", "growth.mode": "最可能增长率", "growth.max": "最高增长率",
    "additions.mean": "每年新增（均值）", "additions.dispersion": "新增的离散参数（越小越分散）",
    "exits.mean": "每年退出（均值）", "exits.dispersion": "退出的离散参数",
    probability: "每年发生概率", rho: "年增长率相关系数",
    noise_sd: "企业增长相对行业的波动（标准差）", top_alpha: "头部企业尾部参数（帕累托 α）",
    "body.count": "建模的中小企业数", "body.median": "其营收中位数", "body.sigma": "其离散度（对数标准差）",
    "exit.hazard": "每年退出概率", "exit.elasticity": "退出率随规模的变化", "exit.reference": "退出的参考营收",
    "entry.rate": "每年新设企业数", "entry.median": "新设企业营收中位数", "entry.sigma": "新设企业离散度（对数标准差）",
    value: "目标值",
  },
};

function fieldName(field) {
  return (FIELDS[state.lang] && FIELDS[state.lang][field]) || FIELDS.en[field] || field;
}

// ---- controls ----

// A slider's range around the scenario's value: wide enough to explore,
// fine enough to move smoothly. The number box beside it takes any value.
function sliderRange(p) {
  const v = p.value, k = p.key, a = Math.abs(v);
  if (k.endsWith(".rho")) return [-0.95, 0.95, 0.01];
  if (k.endsWith(".probability") || k.endsWith(".hazard")) return [0, Math.max(1, v), 0.005];
  if (k.endsWith("growth.mean") || /growth_by_year\.\d+\.mean$/.test(k)) return [v - 0.1, v + 0.1, 0.001];
  if (/(sd|sigma|mean_sd)$/.test(k)) return [0, Math.max(3 * v, 0.05), Math.max(v, 0.01) / 100];
  if (k.includes(".impact.")) return [Math.min(3 * v, -0.2), Math.max(0, -v), 0.005];
  if (k.endsWith("elasticity")) return [v - 1, v + 1, 0.01];
  if (p.integer) return [0, Math.max(2 * v, 10), Math.max(1, Math.round(a / 100))];
  if (a === 0) return [0, 1, 0.01];
  return [Math.min(0, 2 * v), Math.max(0, 2 * v), a / 100];
}

function currentValue(p) {
  return Object.prototype.hasOwnProperty.call(state.set, p.key) ? state.set[p.key] : p.value;
}

function setParam(p, value) {
  if (!isFinite(value)) return;
  if (Math.abs(value - p.value) < 1e-12) delete state.set[p.key];
  else state.set[p.key] = value;
  syncControl(p);
  writeAddress();
  schedule();
}

function syncControl(p) {
  const row = document.querySelector(`.control[data-key="${CSS.escape(p.key)}"]`);
  if (!row) return;
  const v = currentValue(p);
  const slider = row.querySelector("input[type=range]");
  const box = row.querySelector("input[type=number]");
  if (document.activeElement !== box) box.value = String(v);
  slider.value = String(v);
  row.classList.toggle("changed", Object.prototype.hasOwnProperty.call(state.set, p.key));
  updateChangedCount();
}

function updateChangedCount() {
  const n = Object.keys(state.set).length;
  $("#reset-all").textContent = n ? t("reset_all") + " (" + t("changed_n", { n }) + ")" : t("reset_all");
  $("#reset-all").disabled = n === 0;
}

function control(p) {
  const [lo, hi, step] = sliderRange(p);
  const slider = el("input", { type: "range", min: lo, max: hi, step, "aria-label": p.key });
  const box = el("input", { type: "number", step: p.integer ? 1 : "any", "data-key": p.key, "aria-label": p.key });
  slider.addEventListener("input", () => setParam(p, Number(slider.value)));
  box.addEventListener("change", () => setParam(p, Number(box.value)));
  const reset = el("button", { type: "button", class: "reset", title: t("reset"), text: "↺", onclick: () => setParam(p, p.value) });
  const note = p.source ? el("details", {}, el("summary", { text: t("source") }), el("p", { text: p.source })) : null;
  const row = el("div", { class: "control", "data-key": p.key },
    el("label", { text: fieldLabel(p), title: p.key }),
    el("div", { class: "inputs" }, slider, box, reset),
    el("div", { class: "as-written", text: t("unchanged") + ": " + num(p.value) }), note);
  return row;
}

function drawControls() {
  const host = $("#controls");
  host.replaceChildren();
  const groups = new Map();
  for (const p of state.desc.parameters) {
    if (!groups.has(p.group)) groups.set(p.group, []);
    groups.get(p.group).push(p);
  }
  let first = true;
  for (const [group, params] of groups) {
    const box = el("details", { class: "group" }, el("summary", { text: groupLabel(group) }));
    if (first || params.some((p) => p.key in state.set)) box.open = true;
    first = false;
    for (const p of params) box.append(control(p));
    host.append(box);
  }
  for (const p of state.desc.parameters) syncControl(p);
}

// ---- running ----

// Answers follow the controls while they move: a change is computed at
// once when nothing is running; changes made meanwhile collapse into one
// computation of the latest state, started when the running one ends. A
// firm-level scenario answers first on fewer paths (marked preliminary)
// and then refines; a change during the refinement cancels it.
function schedule() {
  if (state.changedAt == null) state.changedAt = performance.now();
  state.dirty = true;
  if (state.refining && state.controller) state.controller.abort();
  if (!state.busy) pump();
}

async function pump() {
  state.busy = true;
  while (state.dirty) {
    state.dirty = false;
    const changedAt = state.changedAt;
    state.changedAt = null;
    await recompute(changedAt);
  }
  state.busy = false;
}

function status(kind, text) {
  const s = $("#status");
  s.dataset.state = kind;
  s.textContent = text;
}

// Paths of a firm-level scenario's first, preliminary answer: about a
// tenth of a second of simulation on this project's 2-core machine.
const PRELIMINARY_PATHS = 500;

/// Latencies from a change to its numbers on screen, for measurement.
window.targetsimLatencies = [];

async function recompute(changedAt) {
  const controller = new AbortController();
  state.controller = controller;
  const full = state.paths;
  const address = location.hash;
  const steps = state.desc.firms && full > 2000 ? [PRELIMINARY_PATHS, full] : [full];
  const count = (n) => n.toLocaleString("en-US");
  try {
    for (const paths of steps) {
      const preliminary = paths < full;
      state.refining = !preliminary && steps.length > 1;
      if (state.refining && state.dirty) return;
      status(preliminary ? "preliminary-working" : "working", t(preliminary ? "preliminary" : "working", { n: count(paths), m: count(full) }));
      const started = performance.now();
      const changed = Object.keys(state.set).length > 0;
      const [run, comparison] = await Promise.all([
        api("/api/run", request({ paths }), controller.signal),
        changed ? api("/api/compare", {
          scenarios: [state.id, { scenario: state.id, set: { ...state.set } }], paths, seed: state.seed,
        }, controller.signal) : null,
      ]);
      state.run = run;
      state.comparison = comparison;
      drawResults();
      if (changedAt != null && paths === steps[0]) window.targetsimLatencies.push({ paths, ms: performance.now() - changedAt });
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      if (preliminary) {
        status("preliminary", t("preliminary", { n: count(paths), m: count(full) }));
      } else {
        status("done", t("done", { n: count(paths), s: state.seed, t: seconds }));
        $("#status").dataset.address = address;
      }
    }
  } catch (e) {
    if (e.name !== "AbortError") status("error", t("error") + ": " + e.message);
  } finally {
    state.refining = false;
  }
}

// ---- results ----

function drawResults() {
  drawScoreboard();
  drawMet();
  drawFans();
}

function drawScoreboard() {
  const body = $("#scoreboard tbody");
  body.replaceChildren();
  const rows = state.comparison ? state.comparison.rows : [];
  for (const r of state.run.targets) {
    const cell = el("span", { class: "prob " + light(r.probability), "data-value": String(r.probability), text: pct(r.probability) });
    const row = rows.find((x) => x.id === r.id);
    const changedCell = row && row.scenarios[1] ? row.scenarios[1] : null;
    let change = el("span", { class: "muted", text: state.comparison ? t("no_change") : "–" });
    const moved = changedCell && changedCell.difference != null &&
      (changedCell.difference !== 0 || changedCell.difference_ci95[0] !== 0 || changedCell.difference_ci95[1] !== 0);
    if (moved) {
      const [a, b] = changedCell.difference_ci95;
      const sign = a > 0 ? "up" : b < 0 ? "down" : "flat";
      change = el("span", { class: "diff " + sign, "data-value": String(changedCell.difference),
        text: `${signedPct(changedCell.difference)} (${signedPct(a)} … ${signedPct(b)})` });
    }
    const target = { indicator: r.indicator, year: r.year };
    body.append(el("tr", { "data-target": r.id },
      el("td", { text: targetLabel(target), title: r.source || r.id }),
      el("td", { text: `${r.op} ${num(r.value)}${r.unit ? " " + unit(r.unit) : ""}` }),
      el("td", {}, cell),
      el("td", { text: `${pct(r.ci95[0])} – ${pct(r.ci95[1])}` }),
      el("td", {}, change),
      el("td", { class: "actions" },
        el("button", { type: "button", class: "take", text: t("take"), onclick: () => openGoalSeek(r) }),
        el("button", { type: "button", class: "drivers", text: t("drivers"), onclick: () => openTornado(r) }))));
  }
  const p = state.run.all_targets_probability;
  $("#joint").replaceChildren(t("joint") + ": ", el("strong", { class: "prob " + light(p), "data-value": String(p), text: pct(p) }),
    ` (${pct(state.run.all_targets_ci95[0])} – ${pct(state.run.all_targets_ci95[1])})`);
}

function drawMet() {
  const dist = state.run.targets_met_distribution;
  const w = 520, h = 140, pad = 24, bw = (w - 2 * pad) / dist.length;
  const top = Math.max(...dist.map((d) => d.probability), 0.01);
  const chart = svg("svg", { viewBox: `0 0 ${w} ${h}`, class: "chart", role: "img" });
  dist.forEach((d, i) => {
    const bh = (h - 2 * pad) * d.probability / top;
    chart.append(svg("rect", { x: pad + i * bw + 2, y: h - pad - bh, width: bw - 4, height: bh, class: "bar",
      title: `${t("met_n", { k: d.met })}: ${pct(d.probability)}` }));
    chart.append(svg("text", { x: pad + (i + 0.5) * bw, y: h - 8, "text-anchor": "middle", class: "tick" }, String(d.met)));
    if (d.probability >= 0.005) {
      chart.append(svg("text", { x: pad + (i + 0.5) * bw, y: h - pad - bh - 3, "text-anchor": "middle", class: "tick" }, pct(d.probability)));
    }
  });
  $("#met").replaceChildren(chart);
}

function drawFans() {
  const host = $("#fans");
  host.replaceChildren();
  for (const ind of state.run.indicators) host.append(fan(ind));
}

function fan(ind) {
  const w = 340, h = 210, left = 56, right = 12, top = 28, bottom = 26;
  const base = state.run.base_year;
  const years = [base, ...ind.years.map((y) => y.year)];
  const first = Math.min(base, ...ind.history.map((o) => o[0]));
  const last = state.run.target_year;
  const targets = state.run.targets.filter((x) => x.indicator === ind.id);
  const values = [ind.base, ...ind.years.flatMap((y) => [y.p5, y.p95]), ...ind.history.map((o) => o[1]), ...targets.map((x) => x.value)];
  let lo = Math.min(...values), hi = Math.max(...values);
  if (hi === lo) { hi += 1; lo -= 1; }
  const span = hi - lo;
  lo -= 0.05 * span; hi += 0.05 * span;
  const x = (year) => left + (w - left - right) * (year - first) / Math.max(1, last - first);
  const y = (v) => top + (h - top - bottom) * (1 - (v - lo) / (hi - lo));
  const chart = svg("svg", { viewBox: `0 0 ${w} ${h}`, class: "chart fan", role: "img", "data-indicator": ind.id });
  chart.append(svg("text", { x: 4, y: 16, class: "title" }, indicatorLabel(ind.id) + (ind.unit ? ` (${unit(ind.unit)})` : "")));
  const band = (a, b, cls) => {
    const upper = [[base, ind.base], ...ind.years.map((s) => [s.year, s[b]])];
    const lower = [[base, ind.base], ...ind.years.map((s) => [s.year, s[a]])].reverse();
    const pts = [...upper, ...lower].map(([yr, v]) => `${x(yr)},${y(v)}`).join(" ");
    chart.append(svg("polygon", { points: pts, class: cls }));
  };
  band("p5", "p95", "band-outer");
  band("p25", "p75", "band-inner");
  const median = [[base, ind.base], ...ind.years.map((s) => [s.year, s.p50])];
  chart.append(svg("polyline", { points: median.map(([yr, v]) => `${x(yr)},${y(v)}`).join(" "), class: "median" }));
  for (const s of ind.years) {
    chart.append(svg("circle", { cx: x(s.year), cy: y(s.p50), r: 3, class: "median-dot",
      title: `${s.year}: ${t("median")} ${num(s.p50)}; 25-75% ${num(s.p25)} – ${num(s.p75)}; 5-95% ${num(s.p5)} – ${num(s.p95)}` }));
  }
  const kinds = new Map((state.desc.indicators.find((i) => i.id === ind.id) || { observed: [] }).observed.map((o) => [o.year + ":" + o.value, o.kind]));
  for (const [year, value] of ind.history) {
    const lower = kinds.get(year + ":" + value) === "lower_bound";
    chart.append(svg(lower ? "path" : "circle", lower
      ? { d: `M${x(year) - 5},${y(value) + 4} L${x(year) + 5},${y(value) + 4} L${x(year)},${y(value) - 5} Z`, class: "observed lower", title: `${year}: ${t("lower_bound")} ${num(value)}` }
      : { cx: x(year), cy: y(value), r: 4, class: "observed", title: `${year}: ${t("observed")} ${num(value)}` }));
  }
  for (const target of targets) {
    chart.append(svg("line", { x1: x(target.year) - 14, x2: x(target.year) + 6, y1: y(target.value), y2: y(target.value), class: "target",
      title: `${t("target_mark")} ${target.op} ${num(target.value)} (${target.year}): ${pct(target.probability)}` }));
  }
  for (const v of [lo + 0.05 * (hi - lo), (lo + hi) / 2, hi - 0.05 * (hi - lo)]) {
    chart.append(svg("text", { x: left - 4, y: y(v) + 4, "text-anchor": "end", class: "tick" }, num(v)));
  }
  for (const yr of years.filter((_, i) => i % Math.ceil(years.length / 6) === 0 || i === years.length - 1)) {
    chart.append(svg("text", { x: x(yr), y: h - 8, "text-anchor": "middle", class: "tick" }, String(yr)));
  }
  return chart;
}

// ---- what would it take, and what drives it ----

function toolPanel(title) {
  const panel = el("div", { class: "tool" }, el("div", { class: "tool-head" }, el("h3", { text: title }),
    el("button", { type: "button", text: t("close"), onclick: () => panel.remove() })));
  $("#tools").replaceChildren(panel);
  return panel;
}

function ticking(out) {
  const started = Date.now();
  const timer = setInterval(() => { out.textContent = t("elapsed", { s: Math.round((Date.now() - started) / 1000) }); }, 500);
  out.textContent = t("elapsed", { s: 0 });
  return () => clearInterval(timer);
}

function openGoalSeek(r) {
  const panel = toolPanel(t("take") + " " + targetLabel(r));
  const params = state.desc.parameters.filter((p) => p.group !== "target");
  const pick = el("select", { class: "seek-param" });
  for (const p of params) pick.append(el("option", { value: p.key, text: `${groupLabel(p.group)}: ${fieldLabel(p)}` }));
  const preferred = params.find((p) => p.key === r.indicator + ".growth.mean") || params.find((p) => p.group === r.indicator);
  if (preferred) pick.value = preferred.key;
  const goal = el("input", { type: "number", min: 0.01, max: 0.99, step: 0.05, value: 0.8, class: "seek-goal" });
  const out = el("p", { class: "seek-out", role: "status" });
  const go = el("button", { type: "button", class: "seek-run", text: t("seek"), onclick: async () => {
    go.disabled = true;
    const stop = ticking(out);
    try {
      const answer = await api("/api/goal-seek", request({ target: r.id, probability: Number(goal.value), param: pick.value }));
      stop();
      const p = params.find((x) => x.key === pick.value);
      out.dataset.value = String(answer.value);
      if (answer.interval) {
        out.replaceChildren(t("seek_result", { k: pick.value, v: num(answer.value), p: pct(answer.achieved), a: num(answer.interval[0]), b: num(answer.interval[1]),
          c: num(currentValue(p)), sims: answer.simulations, paths: answer.total_paths.toLocaleString("en-US") }), " ",
          el("button", { type: "button", class: "apply", text: t("apply"), onclick: () => setParam(p, answer.value) }));
      } else {
        out.textContent = t("seek_result", { k: pick.value, v: num(answer.value), p: pct(answer.achieved), a: "?", b: "?", c: num(currentValue(p)), sims: answer.simulations, paths: answer.total_paths });
      }
    } catch (e) {
      stop();
      out.textContent = t("error") + ": " + e.message;
    } finally {
      go.disabled = false;
    }
  } });
  panel.append(el("div", { class: "tool-form" }, el("label", {}, t("param") + " ", pick), el("label", {}, t("goal") + " ", goal), go), out);
}

async function openTornado(r) {
  const panel = toolPanel(t("tornado_title", { t: targetLabel(r) }));
  const out = el("p", { role: "status" });
  panel.append(out);
  const stop = ticking(out);
  try {
    const a = await api("/api/sensitivity", request({ target: r.id, paths: Math.min(state.paths, 10000) }));
    stop();
    out.remove();
    panel.append(tornado(a));
  } catch (e) {
    stop();
    out.textContent = t("error") + ": " + e.message;
  }
}

function tornado(a) {
  const base = a.base[0];
  // An input whose ordering was clear early stopped on fewer paths than the
  // base: its bar is its change over the swing on its own paths, from the base.
  const bars = a.inputs.map((input) => {
    const middle = input.probabilities[(input.probabilities.length - 1) / 2][0];
    const at = (k) => Math.min(1, Math.max(0, base + (input.probabilities[k] ? input.probabilities[k][0] : middle) - middle));
    return { key: input.key, low: at(0), high: at(input.probabilities.length - 1), values: input.values };
  }).filter((b) => b.low !== base || b.high !== base)
    .sort((p, q) => Math.max(Math.abs(q.low - base), Math.abs(q.high - base)) - Math.max(Math.abs(p.low - base), Math.abs(p.high - base)))
    .slice(0, 12);
  const w = 640, row = 24, left = 300, h = row * bars.length + 40;
  const x = (p) => left + (w - left - 20) * p;
  const chart = svg("svg", { viewBox: `0 0 ${w} ${h}`, class: "chart tornado" });
  chart.append(svg("line", { x1: x(base), x2: x(base), y1: 10, y2: h - 20, class: "base" }));
  bars.forEach((b, i) => {
    const y = 14 + i * row;
    chart.append(svg("text", { x: left - 6, y: y + 13, "text-anchor": "end", class: "tick" }, b.key));
    for (const [p, cls, v] of [[b.low, "low", b.values[0]], [b.high, "high", b.values[b.values.length - 1]]]) {
      chart.append(svg("rect", { x: Math.min(x(base), x(p)), y, width: Math.max(1, Math.abs(x(p) - x(base))), height: row - 6, class: "bar " + cls,
        title: `${b.key} = ${num(v)} (${t(cls)}): ${pct(p)}` }));
    }
  });
  for (const p of [0, 0.5, 1]) chart.append(svg("text", { x: x(p), y: h - 4, "text-anchor": "middle", class: "tick" }, pct(p)));
  return chart;
}

// ---- downloads ----

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function downloadFrom(path, extra, name, type) {
  try {
    const body = await api(path, request(extra));
    download(name, typeof body === "string" ? body : JSON.stringify(body, null, 2) + "\n", type);
  } catch (e) {
    status("error", t("error") + ": " + e.message);
  }
}

// ---- language ----

function applyLanguage() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  $("#lang").textContent = state.lang === "zh" ? "English" : "中文";
  if (state.desc) {
    drawControls();
    $("#description").textContent = state.desc.description || "";
  }
  if (state.run) drawResults();
  updateChangedCount();
}

// ---- start ----

async function openScenario(id, keep) {
  state.id = id;
  state.desc = await api("/api/scenarios/" + encodeURIComponent(id));
  if (!keep) { state.set = {}; state.paths = null; state.seed = null; }
  state.paths = state.paths || Math.min(state.desc.paths, 10000);
  state.seed = state.seed != null ? state.seed : state.desc.seed;
  $("#paths").value = state.paths;
  $("#seed").value = state.seed;
  $("#scenario").value = id;
  $("#description").textContent = state.desc.description || "";
  $("#tools").replaceChildren();
  drawControls();
  writeAddress();
  schedule();
}

async function start() {
  const wanted = readAddress();
  state.lang = wanted.lang === "zh" ? "zh" : "en";
  applyLanguage();
  try {
    state.scenarios = await api("/api/scenarios");
  } catch (e) {
    status("error", t("error") + ": " + e.message);
    return;
  }
  const pick = $("#scenario");
  for (const s of state.scenarios) pick.append(el("option", { value: s.id, text: s.title }));
  pick.addEventListener("change", () => openScenario(pick.value, false));
  $("#paths").addEventListener("change", () => {
    const n = Math.round(Number($("#paths").value));
    if (n >= 1) { state.paths = n; writeAddress(); schedule(); }
  });
  $("#seed").addEventListener("change", () => {
    const n = Math.round(Number($("#seed").value));
    if (n >= 0) { state.seed = n; writeAddress(); schedule(); }
  });
  $("#lang").addEventListener("click", () => {
    state.lang = state.lang === "zh" ? "en" : "zh";
    const answered = $("#status").dataset.address === location.hash;
    writeAddress();
    if (answered) $("#status").dataset.address = location.hash;
    applyLanguage();
  });
  $("#reset-all").addEventListener("click", () => { state.set = {}; drawControls(); writeAddress(); schedule(); });
  $("#save").addEventListener("click", () => downloadFrom("/api/save", {}, state.id + "-changed.toml", "application/toml"));
  $("#report").addEventListener("click", () => downloadFrom("/api/report", { lang: state.lang }, state.id + "-report.html", "text/html"));
  $("#json").addEventListener("click", () => downloadFrom("/api/run", {}, state.id + ".json", "application/json"));
  $("#csv").addEventListener("click", () => downloadFrom("/api/run", { format: "csv" }, state.id + ".csv", "text/csv"));
  // A link pasted into the same tab changes only the address's hash.
  window.addEventListener("hashchange", () => followAddress(readAddress()));
  await followAddress(wanted);
}

async function followAddress(wanted) {
  const lang = wanted.lang === "zh" ? "zh" : "en";
  if (lang !== state.lang) { state.lang = lang; applyLanguage(); }
  const known = state.scenarios.some((s) => s.id === wanted.id);
  const id = known ? wanted.id : (state.scenarios.find((s) => s.id.endsWith("baseline")) || state.scenarios[0]).id;
  if (known) { state.set = wanted.set; state.paths = wanted.paths; state.seed = wanted.seed; }
  try {
    await openScenario(id, known);
  } catch (e) {
    status("error", t("error") + ": " + e.message);
  }
}

document.addEventListener("DOMContentLoaded", start);
