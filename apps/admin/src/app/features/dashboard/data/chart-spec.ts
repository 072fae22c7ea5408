import type { EChartsCoreOption } from 'echarts/core';

/**
 * What a dashboard chart shows, independent of how it is drawn: echarts on wide screens, plain HTML bars and
 * an SVG line on phones (issue 18: echarts is 150 kB of compressed script, too slow on a throttled phone).
 */
export interface ChartSpec {
  kind: 'bar' | 'line';
  categories: string[];
  series: ChartSeries[];
}

export interface ChartSeries {
  name: string;
  color: string;
  data: number[];
  /** Bars of series with `stacked` are drawn on top of each other (solved + pending = the total). */
  stacked?: boolean;
}

/** The echarts option of a spec (the wide-screen chart). */
export function toEchartsOption(spec: ChartSpec): EChartsCoreOption {
  if (spec.kind === 'line') {
    return {
      aria: { enabled: true },
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 48 },
      xAxis: { type: 'category', data: spec.categories },
      yAxis: { type: 'value', minInterval: 1 },
      series: spec.series.map((s) => ({
        type: 'line',
        name: s.name,
        data: s.data,
        color: s.color,
        smooth: true,
      })),
    };
  }
  return {
    aria: { enabled: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0 },
    grid: { left: 40, right: 16, top: 16, bottom: 72, containLabel: true },
    xAxis: {
      type: 'category',
      data: spec.categories,
      axisLabel: { interval: 0, rotate: spec.categories.length > 5 ? 30 : 0 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: spec.series.map((s) => ({
      type: 'bar',
      ...(s.stacked ? { stack: 'cases' } : {}),
      name: s.name,
      data: s.data,
      color: s.color,
    })),
  };
}

/** One row of the phone's bar chart: widths in percent of the longest bar. */
export interface LightBarRow {
  label: string;
  /** The stacked series' segments, then each other series as a bar of its own. */
  stack: LightSegment[];
  bars: LightSegment[];
  /** The stacked total (or the first series' value when nothing is stacked). */
  total: number;
}
export interface LightSegment {
  name: string;
  color: string;
  value: number;
  percent: number;
}

/** The rows of the phone's bar chart: one per category, scaled to the largest stack or bar. */
export function lightBarRows(spec: ChartSpec): LightBarRow[] {
  const stacked = spec.series.filter((s) => s.stacked);
  const single = spec.series.filter((s) => !s.stacked);
  const sum = (i: number) => stacked.reduce((n, s) => n + (s.data[i] ?? 0), 0);
  const max = Math.max(
    1,
    ...spec.categories.map((_, i) => sum(i)),
    ...single.flatMap((s) => s.data.map((v) => v ?? 0)),
  );
  const seg = (s: ChartSeries, i: number): LightSegment => {
    const value = s.data[i] ?? 0;
    return { name: s.name, color: s.color, value, percent: Math.round((value / max) * 1000) / 10 };
  };
  return spec.categories.map((label, i) => ({
    label,
    stack: stacked.map((s) => seg(s, i)),
    bars: single.map((s) => seg(s, i)),
    total: stacked.length ? sum(i) : (single[0]?.data[i] ?? 0),
  }));
}

/** The phone's line chart: SVG polyline points in a `width`×`height` box, and the top of the scale. */
export function lightLines(
  spec: ChartSpec,
  width: number,
  height: number,
): { max: number; lines: { name: string; color: string; points: string }[] } {
  const max = Math.max(1, ...spec.series.flatMap((s) => s.data.map((v) => v ?? 0)));
  const n = spec.categories.length;
  const x = (i: number) => (n <= 1 ? width / 2 : (i / (n - 1)) * width);
  const y = (v: number) => height - (v / max) * height;
  const r = (v: number) => Math.round(v * 10) / 10;
  return {
    max,
    lines: spec.series.map((s) => ({
      name: s.name,
      color: s.color,
      points: s.data.map((v, i) => `${r(x(i))},${r(y(v ?? 0))}`).join(' '),
    })),
  };
}
