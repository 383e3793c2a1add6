// A uPlot line graph of GetMetricData results (the Metrics page and dashboards' metric widgets).
// uPlot and its stylesheet are loaded on the first graph, not with the console.
import { html, useEffect, useRef } from './html.mjs';

let uplotLoading = null;
function loadUplot() {
  if (!uplotLoading) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = new URL('../vendor/uplot.css', import.meta.url).href;
    document.head.append(link);
    uplotLoading = import('../vendor/uplot.mjs').then((m) => m.default);
  }
  return uplotLoading;
}

const COLORS = ['#0972d3', '#d45b07', '#037f0c', '#8456ce', '#c33d69', '#047d95'];
const seconds = (t) => (typeof t === 'number' ? t : Date.parse(t) / 1000);

// `series`: GetMetricData's MetricDataResults; `span`: [start, end] in epoch seconds, the x axis
// (so a metric with one point is drawn within the chosen time range, not a range of its own).
// `onDrawn` runs once the canvas is painted (bench/console.py measures response → drawn).
export function Graph({ series, span, height = 300, label = 'Metric graph', onDrawn }) {
  const box = useRef(null);
  useEffect(() => {
    if (!series || !box.current) return;
    let plot;
    let live = true;
    loadUplot().then((uPlot) => {
      if (!live) return;
      const times = [...new Set(series.flatMap((s) => s.Timestamps.map(seconds)))].sort((a, b) => a - b);
      const data = [times, ...series.map((s) => {
        const at = new Map(s.Timestamps.map((t, i) => [seconds(t), s.Values[i]]));
        return times.map((t) => (at.has(t) ? at.get(t) : null));
      })];
      plot = new uPlot({ width: Math.max(box.current.clientWidth - 16, 200), height,
        series: [{}, ...series.map((s, i) => ({ label: s.Label, stroke: COLORS[i % COLORS.length], width: 2, spanGaps: true }))],
        scales: { x: { time: true, range: () => span } },
        axes: [{}, { size: 60 }] }, data, box.current);
      requestAnimationFrame(() => onDrawn && onDrawn());
    });
    return () => { live = false; if (plot) plot.destroy(); };
  }, [series]);
  const empty = series && series.every((s) => !s.Timestamps.length);
  return html`<div class="graph" ref=${box} role="img" aria-label=${label}></div>
    ${empty && html`<p class="help">No data points in this time range.</p>`}`;
}
