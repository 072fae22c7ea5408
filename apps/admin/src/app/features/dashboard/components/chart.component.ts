import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  afterNextRender,
  effect,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import { TPipe } from '../../../core/i18n/t.pipe';

/**
 * An echarts canvas. echarts is loaded on first use (`import()`), so it stays out of the initial
 * bundle; the chart follows its option signal and its container's size.
 */
@Component({
  selector: 'tz-chart',
  imports: [TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div #host class="chart" role="img" [attr.aria-label]="label()"></div>
    @if (failed()) {
      <p class="tz-error-text" role="alert">{{ 'dashboard.chartFailed' | t }}</p>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .chart {
      width: 100%;
      height: 280px;
    }
  `,
})
export class ChartComponent {
  readonly option = input.required<EChartsCoreOption>();
  readonly label = input('');
  /** The index of the clicked data item (bar / point). */
  readonly itemClick = output<number>();

  private readonly host = viewChild.required<ElementRef<HTMLDivElement>>('host');
  private readonly chart = signal<EChartsType | null>(null);
  protected readonly failed = signal(false);

  constructor() {
    const destroyRef = inject(DestroyRef);
    afterNextRender(() => {
      let observer: ResizeObserver | null = null;
      let destroyed = false;
      destroyRef.onDestroy(() => {
        destroyed = true;
        observer?.disconnect();
        this.chart()?.dispose();
      });
      import('./echarts-setup')
        .then(({ init }) => {
          if (destroyed) return;
          const chart = init(this.host().nativeElement, undefined, { renderer: 'canvas' });
          chart.on('click', (params) => {
            if (typeof params.dataIndex === 'number') this.itemClick.emit(params.dataIndex);
          });
          if (typeof ResizeObserver !== 'undefined') {
            observer = new ResizeObserver(() => chart.resize());
            observer.observe(this.host().nativeElement);
          }
          this.chart.set(chart);
        })
        .catch(() => this.failed.set(true));
    });
    effect(() => {
      const chart = this.chart();
      if (chart) chart.setOption(this.option(), { notMerge: true });
    });
  }
}
