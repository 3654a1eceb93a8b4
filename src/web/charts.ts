/**
 * Charts of the pages, drawn by Apache ECharts on the server as SVG (no script in the browser,
 * printable). A chart is built from a plain spec by the view models; this module only renders it.
 */
import * as echarts from 'echarts';

export interface RateSeries {
  name: string;
  /** Rates 0..1 per category; null where there is no data (a gap, not a zero). */
  values: ReadonlyArray<number | null>;
}

export interface RateChartSpec {
  /** Accessible name of the chart (aria-label of the SVG). */
  title: string;
  categories: readonly string[];
  series: readonly RateSeries[];
  /** A target line (e.g. ≥ 98 %), labelled. */
  target?: { value: number; label: string } | undefined;
  width?: number;
  height?: number;
}

const palette = ['#0b5cad', '#b35900', '#2e7d32', '#7b1fa2'];

/** The SVG markup of a line chart of rates in percent, with an optional target line. */
export function rateChartSvg(spec: RateChartSpec): string {
  const width = spec.width ?? 720;
  const height = spec.height ?? 280;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      color: palette,
      aria: { enabled: true, label: { description: spec.title } },
      grid: { left: 48, right: 24, top: 36, bottom: 32 },
      legend: { top: 4, data: spec.series.map((s) => s.name) },
      xAxis: { type: 'category', data: [...spec.categories] },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
      series: spec.series.map((s, index) => ({
        type: 'line',
        name: s.name,
        connectNulls: false,
        symbol: index === 0 ? 'circle' : 'rect',
        data: s.values.map((v) => (v === null ? null : Math.round(v * 1000) / 10)),
        ...(index === 0 && spec.target
          ? {
              markLine: {
                silent: true,
                symbol: 'none',
                lineStyle: { type: 'dashed', color: '#b00020' },
                label: { formatter: spec.target.label, position: 'insideEndTop' },
                data: [{ yAxis: spec.target.value * 100 }],
              },
            }
          : {}),
      })),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
