// Only the parts of ECharts the trend needs (bars, a line, axes, legend, tooltip, canvas), so its chunk stays small.
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { t } from '../i18n/i18n.ts';
import type { TrendMonth } from './dashboard-api.ts';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const COLOURS = { found: '#5b3f8c', closed: '#2e7d5b', major: '#b3261e' };

/** Hazards found and closed per month as bars, major ones as a line on their own axis (they are few). */
export function createTrendChart(el: HTMLElement) {
  const chart = echarts.init(el, undefined, { renderer: 'canvas' });
  let months: TrendMonth[] = [];

  function render() {
    chart.setOption({
      animationDuration: 300,
      color: Object.values(COLOURS),
      tooltip: { trigger: 'axis' },
      legend: { top: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 11 } },
      grid: { left: 8, right: 8, top: 28, bottom: 4, containLabel: true },
      xAxis: { type: 'category', data: months.map((m) => m.month), axisLabel: { fontSize: 10, formatter: (v: string) => v.slice(2) } },
      yAxis: [
        { type: 'value', minInterval: 1, axisLabel: { fontSize: 10 } },
        { type: 'value', minInterval: 1, axisLabel: { fontSize: 10 }, splitLine: { show: false } },
      ],
      series: [
        { id: 'found', name: t('dashboard.trend.found'), type: 'bar', data: months.map((m) => m.found) },
        { id: 'closed', name: t('dashboard.trend.closed'), type: 'bar', data: months.map((m) => m.closed) },
        { id: 'major', name: t('dashboard.trend.major'), type: 'line', yAxisIndex: 1, data: months.map((m) => m.major) },
      ],
    }, { notMerge: true });
  }

  // The panel opens and the window changes size: the canvas follows its box.
  const resize = new ResizeObserver(() => chart.resize());
  resize.observe(el);

  return {
    chart,
    setMonths(next: TrendMonth[]) {
      months = next;
      render();
    },
    /** Again, with the series named in the current language. */
    render,
    dispose() {
      resize.disconnect();
      chart.dispose();
    },
  };
}
