import { LABELLED_TITLES } from './similarity.fixture';
import {
  SIMILARITY_THRESHOLD,
  bigramTokens,
  caseSimilarity,
  rankSimilar,
  textSimilarity,
} from './similarity';

/** Every pair of fixture titles in one category, scored, with the hand label. */
function scoredPairs() {
  const pairs: { score: number; same: boolean }[] = [];
  LABELLED_TITLES.forEach((a, i) =>
    LABELLED_TITLES.slice(i + 1).forEach((b) => {
      if (a.category === b.category)
        pairs.push({ score: textSimilarity(a.title, b.title), same: a.problem === b.problem });
    }),
  );
  return pairs;
}

function precisionRecall(threshold: number) {
  const pairs = scoredPairs();
  const tp = pairs.filter((p) => p.same && p.score >= threshold).length;
  const fp = pairs.filter((p) => !p.same && p.score >= threshold).length;
  const fn = pairs.filter((p) => p.same && p.score < threshold).length;
  return { precision: tp / (tp + fp), recall: tp / (tp + fn), tp, fp, fn };
}

describe('bigramTokens', () => {
  it.each([
    ['焊工短缺', ['焊工', '工短', '短缺']],
    ['缺少熟练焊工', ['缺少', '少熟', '熟练', '练焊', '焊工']],
    ['普工30名', ['普工', '名']], // digits split runs and are dropped
    ['ETC 服务', ['etc', '服务']],
    ['口罩、消毒液', ['口罩', '消毒', '毒液']],
    ['企业需要帮助', ['业需', '要帮']], // stop bigrams left out
    ['', []],
  ])('%s → %j', (text, tokens) => {
    expect([...bigramTokens(text)].sort()).toEqual([...tokens].sort());
  });
});

describe('textSimilarity', () => {
  it.each([
    // shares the two-character word 焊工 in another order: pg_trgm scores this 0
    ['缺少熟练焊工', '焊工短缺', 0.25],
    ['红外测温仪采购困难', '红外测温仪采购困难', 1],
    ['口罩短缺', '施工许可证办理', 0],
  ])('%s ~ %s = %d', (a, b, want) => {
    expect(textSimilarity(a, b)).toBeCloseTo(want, 2);
  });
});

describe('caseSimilarity', () => {
  it('weighs the title most and the description the rest', () => {
    const a = { title: '焊工短缺', description: '订单交付受影响' };
    const sameTitleOtherText = { title: '焊工短缺', description: '宿舍不够住' };
    const sameText = { title: '焊工短缺', description: '订单交付受影响' };
    expect(caseSimilarity(a, sameText)).toBe(1);
    expect(caseSimilarity(a, sameTitleOtherText)).toBeGreaterThan(0.7);
    expect(caseSimilarity(a, sameTitleOtherText)).toBeLessThan(1);
  });
  it('uses the title alone when a description is missing', () => {
    expect(caseSimilarity({ title: '焊工短缺' }, { title: '焊工短缺', description: 'x' })).toBe(1);
  });
});

describe('rankSimilar', () => {
  it('keeps candidates at or above the threshold, most similar first', () => {
    const got = rankSimilar({ title: '熟练焊工缺口20人' }, [
      { title: '口罩短缺' },
      { title: '焊工短缺，急需熟练焊工' },
      { title: '熟练焊工缺口30人' },
    ]);
    expect(got.map((x) => x.item.title)).toEqual(['熟练焊工缺口30人', '焊工短缺，急需熟练焊工']);
  });
});

describe('quality on the seeds’ problem titles (hand-labelled fixture)', () => {
  // Measured at SIMILARITY_THRESHOLD = 0.2 over 166 same-category pairs, 39 of them the same problem:
  // precision 0.84, recall 0.79 (docs/common-problems.md). The test holds the line a little below.
  it(`precision ≥ 0.8 and recall ≥ 0.75 at the threshold ${SIMILARITY_THRESHOLD}`, () => {
    const { precision, recall } = precisionRecall(SIMILARITY_THRESHOLD);
    expect(precision).toBeGreaterThanOrEqual(0.8);
    expect(recall).toBeGreaterThanOrEqual(0.75);
  });
  // the table in docs/common-problems.md ("Measured quality"), reproduced: `npx jest -c libs/domain/jest.config.cjs
  // libs/domain/src/common-problem/similarity.spec.ts` prints it and fails when a figure there goes stale
  it('reproduces the documented precision/recall table', () => {
    const table = [0.15, 0.2, 0.25, 0.3].map((threshold) => {
      const { precision, recall, tp, fp, fn } = precisionRecall(threshold);
      return { threshold, precision: +precision.toFixed(2), recall: +recall.toFixed(2), tp, fp, fn };
    });
    const pairs = scoredPairs();
    console.log(
      `bigram Dice on ${LABELLED_TITLES.length} titles, ${pairs.length} same-category pairs, ` +
        `${pairs.filter((p) => p.same).length} of them the same problem:\n` +
        table.map((r) => `  ${JSON.stringify(r)}`).join('\n'),
    );
    expect(table.map(({ threshold, precision, recall }) => [threshold, precision, recall])).toEqual([
      [0.15, 0.77, 0.85],
      [0.2, 0.84, 0.79],
      [0.25, 0.9, 0.67],
      [0.3, 0.96, 0.59],
    ]);
    expect([LABELLED_TITLES.length, pairs.length, pairs.filter((p) => p.same).length]).toEqual([44, 166, 39]);
  });
  it('the fixture has enough labelled pairs to mean something', () => {
    const pairs = scoredPairs();
    expect(pairs.length).toBeGreaterThanOrEqual(150);
    expect(pairs.filter((p) => p.same).length).toBeGreaterThanOrEqual(35);
  });
});
