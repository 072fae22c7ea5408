import { type ChartSpec, lightBarRows, lightLines, toEchartsOption } from './chart-spec';

const bars: ChartSpec = {
  kind: 'bar',
  categories: ['甲镇', '乙镇'],
  series: [
    { name: '已办结', color: 'green', data: [3, 1], stacked: true },
    { name: '办理中', color: 'orange', data: [1, 0], stacked: true },
    { name: '超期', color: 'red', data: [2, 0] },
  ],
};

describe('chart specs', () => {
  it('give echarts stacked bars with the overdue bar beside them', () => {
    const option = toEchartsOption(bars) as { series: Record<string, unknown>[]; xAxis: { data: string[] } };
    expect(option.xAxis.data).toEqual(['甲镇', '乙镇']);
    expect(option.series.map((s) => [s['type'], s['stack'], s['name'], s['data']])).toEqual([
      ['bar', 'cases', '已办结', [3, 1]],
      ['bar', 'cases', '办理中', [1, 0]],
      ['bar', undefined, '超期', [2, 0]],
    ]);
  });

  it('give echarts smooth lines for a trend', () => {
    const option = toEchartsOption({
      kind: 'line',
      categories: ['2026-11-01', '2026-11-02'],
      series: [{ name: '新登记', color: 'blue', data: [1, 2] }],
    }) as { series: Record<string, unknown>[] };
    expect(option.series).toEqual([
      { type: 'line', name: '新登记', data: [1, 2], color: 'blue', smooth: true },
    ]);
  });

  it('scale the phone bars to the longest stack', () => {
    const rows = lightBarRows(bars);
    expect(rows.map((r) => r.total)).toEqual([4, 1]);
    expect(rows[0].stack.map((s) => s.percent)).toEqual([75, 25]);
    expect(rows[0].bars.map((b) => [b.name, b.value, b.percent])).toEqual([['超期', 2, 50]]);
    expect(rows[1].stack.map((s) => s.percent)).toEqual([25, 0]);
  });

  it('never divide by zero', () => {
    const rows = lightBarRows({ ...bars, series: bars.series.map((s) => ({ ...s, data: [0, 0] })) });
    expect(rows.flatMap((r) => r.stack.map((s) => s.percent))).toEqual([0, 0, 0, 0]);
    const { max, lines } = lightLines(
      { kind: 'line', categories: ['a'], series: [{ name: 'x', color: 'blue', data: [0] }] },
      100,
      50,
    );
    expect(max).toBe(1);
    expect(lines[0].points).toBe('50,50');
  });

  it('draw the phone line from the left to the right edge, the top at the largest value', () => {
    const { max, lines } = lightLines(
      {
        kind: 'line',
        categories: ['a', 'b', 'c'],
        series: [
          { name: 'x', color: 'blue', data: [0, 4, 2] },
          { name: 'y', color: 'green', data: [1, 1, 1] },
        ],
      },
      100,
      40,
    );
    expect(max).toBe(4);
    expect(lines.map((l) => l.points)).toEqual(['0,40 50,0 100,20', '0,30 50,30 100,30']);
  });
});
