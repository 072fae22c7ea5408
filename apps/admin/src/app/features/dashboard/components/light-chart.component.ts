import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { TPipe } from '../../../core/i18n/t.pipe';
import { type ChartSpec, lightBarRows, lightLines } from '../data/chart-spec';

const LINE_W = 320;
const LINE_H = 120;

/**
 * The dashboard's charts on a phone: bars as plain HTML (one row per category, the stacked series in one bar,
 * the others as thin bars below it), the trend as an SVG line. No script beyond this component, drawn in the
 * first frame (issue 18: echarts is too heavy for a throttled phone).
 */
@Component({
  selector: 'tz-light-chart',
  imports: [TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (spec().kind === 'bar') {
      <ul class="bars" [attr.aria-label]="label()">
        @for (row of rows(); track $index; let i = $index) {
          <li>
            <button type="button" class="row" (click)="itemClick.emit(i)" data-testid="light-chart-row">
              <span class="row-head">
                <span class="row-label">{{ row.label }}</span>
                <span class="row-values">
                  @for (s of row.stack; track s.name; let last = $last) {
                    <span [style.color]="s.color">{{ s.value }}</span>
                    @if (!last) {
                      /
                    }
                  }
                  @for (b of row.bars; track b.name) {
                    · <span [style.color]="b.color">{{ b.value }}</span>
                  }
                </span>
              </span>
              @if (row.stack.length) {
                <span class="track" aria-hidden="true">
                  @for (s of row.stack; track s.name) {
                    <span class="seg" [style.width.%]="s.percent" [style.background]="s.color"></span>
                  }
                </span>
              }
              @for (b of row.bars; track b.name) {
                <span class="track thin" aria-hidden="true">
                  <span class="seg" [style.width.%]="b.percent" [style.background]="b.color"></span>
                </span>
              }
              <span class="tz-visually-hidden">
                @for (s of row.stack.concat(row.bars); track s.name) {
                  {{ s.name }} {{ s.value }};
                }
              </span>
            </button>
          </li>
        } @empty {
          <li class="none">{{ 'common.empty' | t }}</li>
        }
      </ul>
    } @else {
      <div class="line" role="img" [attr.aria-label]="label()">
        <span class="max">{{ lines().max }}</span>
        <svg
          [attr.viewBox]="'0 0 ' + w + ' ' + h"
          preserveAspectRatio="none"
          aria-hidden="true"
          focusable="false"
        >
          <line x1="0" [attr.y1]="h" [attr.x2]="w" [attr.y2]="h" class="axis" />
          @for (l of lines().lines; track l.name) {
            <polyline [attr.points]="l.points" [attr.stroke]="l.color" fill="none" />
          }
        </svg>
        <span class="dates">
          <span>{{ spec().categories[0] }}</span>
          <span>{{ spec().categories[spec().categories.length - 1] }}</span>
        </span>
      </div>
    }
    <p class="legend" aria-hidden="true">
      @for (s of spec().series; track s.name) {
        <span class="key"><span class="swatch" [style.background]="s.color"></span>{{ s.name }}</span>
      }
    </p>
  `,
  styles: `
    :host {
      display: block;
    }
    .bars {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .row {
      display: flex;
      flex-direction: column;
      gap: 3px;
      width: 100%;
      padding: 6px 0;
      border: 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      background: none;
      color: inherit;
      font: inherit;
      text-align: left;
      cursor: pointer;
    }
    .row-head {
      display: flex;
      justify-content: space-between;
      gap: 8px;
    }
    .row-label {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .row-values {
      white-space: nowrap;
      font-variant-numeric: tabular-nums;
    }
    .track {
      display: flex;
      height: 10px;
      background: var(--mat-sys-surface-container);
      border-radius: 2px;
      overflow: hidden;
    }
    .track.thin {
      height: 4px;
    }
    .seg {
      display: block;
      height: 100%;
    }
    .line {
      position: relative;
      padding-top: 16px;
    }
    .line svg {
      display: block;
      width: 100%;
      height: 140px;
    }
    .line polyline {
      stroke-width: 2;
      vector-effect: non-scaling-stroke;
    }
    .axis {
      stroke: var(--mat-sys-outline-variant);
      vector-effect: non-scaling-stroke;
    }
    .max {
      position: absolute;
      top: 0;
      left: 0;
    }
    .max,
    .dates {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .dates {
      display: flex;
      justify-content: space-between;
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 12px;
      margin: 8px 0 0;
      font: var(--mat-sys-body-small);
    }
    .key {
      display: inline-flex;
      align-items: center;
      gap: 4px;
    }
    .swatch {
      width: 10px;
      height: 10px;
      border-radius: 2px;
    }
    .none {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class LightChartComponent {
  readonly spec = input.required<ChartSpec>();
  readonly label = input('');
  /** The index of the clicked row (bars only). */
  readonly itemClick = output<number>();

  protected readonly w = LINE_W;
  protected readonly h = LINE_H;
  protected readonly rows = computed(() => lightBarRows(this.spec()));
  protected readonly lines = computed(() => lightLines(this.spec(), LINE_W, LINE_H));
}
