// uPlot line charts over the last five minutes, sized to their container.
import uPlot from "uplot";

import { checkSession } from "./api.js";
import { h } from "./dom.js";
import { subscribe } from "./metrics.js";

export const COLORS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2"];
const SPAN = 300;
const HEIGHT = 190;

function fmtValue(v) {
  if (v === null || v === undefined) return "—";
  const a = Math.abs(v);
  if (a >= 1e9) return (v / 1e9).toFixed(1) + "G";
  if (a >= 1e6) return (v / 1e6).toFixed(1) + "M";
  if (a >= 1e4) return (v / 1e3).toFixed(1) + "k";
  if (a >= 100 || Number.isInteger(v)) return v.toFixed(0);
  if (a >= 1) return v.toFixed(2);
  return v.toPrecision(2);
}

function clock(sec) {
  const d = new Date(sec * 1000);
  const p = (n) => String(n).padStart(2, "0");
  return `${p(d.getHours())}:${p(d.getMinutes())}` + (d.getSeconds() ? ":" + p(d.getSeconds()) : "");
}

// Creates a chart inside `parent`; returns {el, update(data), destroy()}.
// series: [{label, color?}]; data: [xs, ys1, ys2, ...] with xs in epoch seconds.
export function timeChart(parent, { title, series, unit = "", testid }) {
  const box = h("figure", { class: "chart", testid },
    h("figcaption", null, title));
  const plotEl = h("div", { class: "chart-plot" });
  box.appendChild(plotEl);
  parent.appendChild(box);

  const width = () => Math.max(200, Math.floor(plotEl.clientWidth || parent.clientWidth || 600));
  let end = Date.now() / 1000;
  const fmt = (v) => (v === null || v === undefined ? "—" : fmtValue(v) + (unit ? " " + unit : ""));
  const opts = {
    width: width(),
    height: HEIGHT,
    cursor: { drag: { x: false, y: false } },
    legend: { live: true },
    scales: {
      x: { time: true, range: () => [end - SPAN, end] },
      y: {
        range: (u, min, max) => {
          const hi = max === null || !Number.isFinite(max) || max <= 0 ? 1 : max * 1.1;
          return [0, hi];
        },
      },
    },
    axes: [
      {
        stroke: "#555",
        grid: { stroke: "#eee" },
        ticks: { stroke: "#ddd" },
        space: 70,
        values: (u, vals) => vals.map(clock),
      },
      {
        stroke: "#555",
        grid: { stroke: "#eee" },
        ticks: { stroke: "#ddd" },
        size: 56,
        values: (u, vals) => vals.map((v) => fmtValue(v)),
      },
    ],
    series: [
      { value: (u, v) => (v === null ? "—" : new Date(v * 1000).toLocaleTimeString()) },
      ...series.map((s, i) => ({
        label: s.label,
        stroke: s.color || COLORS[i % COLORS.length],
        width: 1.5,
        spanGaps: false,
        points: { show: false },
        value: (u, v) => fmt(v),
      })),
    ],
  };
  const empty = [[], ...series.map(() => [])];
  const plot = new uPlot(opts, empty, plotEl);

  const ro = new ResizeObserver(() => {
    const w = width();
    if (w !== plot.width) plot.setSize({ width: w, height: HEIGHT });
  });
  ro.observe(plotEl);

  return {
    el: box,
    update(data) {
      end = Date.now() / 1000;
      plot.setData(data);
    },
    destroy() {
      ro.disconnect();
      plot.destroy();
      box.remove();
    },
  };
}

// Joins series computed separately ([xs, ys] each) onto the first one's times.
export function join(first, ...rest) {
  const out = [first[0], first[1]];
  for (const [xs, ys] of rest) {
    if (xs.length === first[0].length) {
      out.push(ys);
    } else {
      const m = new Map(xs.map((x, i) => [x, ys[i]]));
      out.push(first[0].map((x) => (m.has(x) ? m.get(x) : null)));
    }
  }
  return out;
}

// Live charts for a page: polls metrics while the page is shown, updates every chart and
// calls onTick after each poll; when /metrics is refused shows a note instead of the charts.
// defs: [{title, series, unit, testid, data: () => [xs, ...ys]}]
export function liveCharts(ctx, holder, defs, onTick = () => {}) {
  const grid = h("div", { class: "chart-grid" });
  holder.appendChild(grid);
  let charts = defs.map((d) => ({ d, c: timeChart(grid, d) }));
  let note = null;
  let checked = false;
  const drop = () => {
    for (const { c } of charts) c.destroy();
    charts = [];
  };
  const unsubscribe = subscribe((st) => {
    if (!ctx.alive()) return;
    if (!st.ok && st.code === 401 && !checked) {
      checked = true;
      checkSession();
    }
    if (!st.ok && (st.code === 401 || st.code === 403)) {
      drop();
      for (const el of holder.querySelectorAll(".stats")) el.hidden = true;
      if (!note) {
        note = h("p", { class: "note", testid: "metrics-note" },
          `Live metrics are not available: GET /metrics answered ${st.code}. ` +
            "Reading them needs cloudwatch:GetMetricData.");
        holder.insertBefore(note, grid);
      }
      onTick(st);
      return;
    }
    if (!st.ok) return;
    for (const { d, c } of charts) c.update(d.data());
    onTick(st);
  });
  ctx.onCleanup(() => {
    unsubscribe();
    drop();
  });
}
