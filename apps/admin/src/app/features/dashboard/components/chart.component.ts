import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import type { EChartsType } from 'echarts/core';
import { TPipe } from '../../../core/i18n/t.pipe';
import { type ChartSpec, toEchartsOption } from '../data/chart-spec';
import { LightChartComponent } from './light-chart.component';

/** Below this width the light chart is drawn instead of echarts (phones; issue 18). */
export const LIGHT_CHART_QUERY = '(max-width: 599px)';

function matchesLight(): boolean {
  return typeof matchMedia === 'function' && matchMedia(LIGHT_CHART_QUERY).matches;
}

/**
 * A dashboard chart. On a phone: the light chart (HTML bars, an SVG line), drawn at once. Elsewhere: an
 * echarts canvas; echarts is loaded on first use (`import()`), so it stays out of the initial bundle, and a
 * phone never loads it. The host carries `data-rendered` once the chart is drawn (the bench waits for it).
 */
@Component({
  selector: 'tz-chart',
  imports: [TPipe, LightChartComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '[attr.data-rendered]': 'rendered() ? "" : null',
    '[attr.data-chart]': 'light() ? "light" : "echarts"',
  },
  template: `
    @if (light()) {
      <tz-light-chart [spec]="spec()" [label]="label()" (itemClick)="itemClick.emit($event)" />
    } @else {
      <div #host class="chart" role="img" [attr.aria-label]="label()"></div>
    }
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
  readonly spec = input.required<ChartSpec>();
  readonly label = input('');
  /** The index of the clicked data item (bar / point). */
  readonly itemClick = output<number>();

  /** The light chart on a narrow screen (followed as the window is resized or turned). */
  protected readonly light = signal(matchesLight());
  private readonly host = viewChild<ElementRef<HTMLDivElement>>('host');
  private readonly chart = signal<EChartsType | null>(null);
  private readonly echartsDrawn = signal(false);
  private readonly viewReady = signal(false);
  protected readonly failed = signal(false);
  protected readonly rendered = computed(() => this.viewReady() && (this.light() || this.echartsDrawn()));
  private readonly option = computed(() => toEchartsOption(this.spec()));

  constructor() {
    const destroyRef = inject(DestroyRef);
    let observer: ResizeObserver | null = null;
    let loading = false;
    let destroyed = false;
    destroyRef.onDestroy(() => {
      destroyed = true;
      observer?.disconnect();
      this.chart()?.dispose();
    });
    if (typeof matchMedia === 'function') {
      const query = matchMedia(LIGHT_CHART_QUERY);
      const onChange = (e: MediaQueryListEvent) => this.light.set(e.matches);
      query.addEventListener('change', onChange);
      destroyRef.onDestroy(() => query.removeEventListener('change', onChange));
    }
    afterNextRender(() => this.viewReady.set(true));

    // echarts only when the wide chart is shown: loaded once, bound to the canvas' element while it exists
    effect(() => {
      const el = this.host()?.nativeElement;
      const current = this.chart();
      if (current && current.getDom() !== el) {
        observer?.disconnect();
        current.dispose();
        this.chart.set(null);
        this.echartsDrawn.set(false);
        return;
      }
      if (!el || current || loading) return;
      loading = true;
      import('./echarts-setup')
        .then(({ init }) => {
          loading = false;
          if (destroyed || this.host()?.nativeElement !== el) return;
          const chart = init(el, undefined, { renderer: 'canvas' });
          chart.on('click', (params) => {
            if (typeof params.dataIndex === 'number') this.itemClick.emit(params.dataIndex);
          });
          chart.on('finished', () => this.echartsDrawn.set(true));
          if (typeof ResizeObserver !== 'undefined') {
            observer = new ResizeObserver(() => chart.resize());
            observer.observe(el);
          }
          this.chart.set(chart);
        })
        .catch(() => {
          loading = false;
          this.failed.set(true);
        });
    });
    effect(() => {
      const chart = this.chart();
      if (chart) chart.setOption(this.option(), { notMerge: true });
    });
  }
}
