/**
 * Similar problems in Chinese text, measured on overlapping character bigrams.
 *
 * Why bigrams and not pg_trgm: Chinese words are mostly two characters long (返岗, 焊工, 口罩, 贷款). pg_trgm
 * builds 3-character grams per word, and a Chinese title is one long "word" (no spaces), so two titles that
 * share the two-character words 焊工 and 短缺 in another order share no trigram at all
 * (`similarity('缺少熟练焊工', '焊工短缺') = 0` in PostgreSQL). Overlapping bigrams catch every
 * two-character word wherever it stands. Latin words and numbers are kept as whole tokens; digits are
 * dropped (30 名 vs 20 名 is the same problem).
 *
 * The score of two cases is the Dice coefficient of their token sets: mostly the title's, partly the
 * description's (see `caseSimilarity`). Quality on problem titles taken from the seeds' reports is measured
 * by `similarity.spec.ts` against a hand-labelled fixture (`similarity.fixture.ts`); see docs/common-problems.md.
 */

/** Bigrams that say nothing about the problem (they occur in most titles): left out of every token set. */
export const SIMILARITY_STOP_BIGRAMS: ReadonlySet<string> = new Set([
  '企业',
  '需要',
  '问题',
  '协调',
  '帮助',
  '解决',
  '申请',
  '办理',
  '咨询',
  '影响',
  '目前',
  '情况',
  '仍需',
  '已自',
  '自行',
  '行协',
  '急需',
  '无法',
  '困难',
]);

/** Title and description weigh 0.7 and 0.3 in `caseSimilarity`. */
export const TITLE_WEIGHT = 0.7;

/** Cases at or above this score are suggested as similar (measured: see similarity.spec.ts). */
export const SIMILARITY_THRESHOLD = 0.2;

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;

/** The text's tokens: overlapping bigrams of each run of Chinese characters (a lone character stands for itself), Latin words. */
export function bigramTokens(text: string): Set<string> {
  const out = new Set<string>();
  const norm = text.normalize('NFKC').toLowerCase();
  // runs of Chinese characters, or of Latin letters; anything else (digits, spaces, punctuation) splits them
  for (const run of norm.match(/[\u3400-\u9fff\uf900-\ufaff]+|[a-z]+/gu) ?? []) {
    if (!CJK.test(run)) {
      if (run.length > 1) out.add(run);
      continue;
    }
    const chars = Array.from(run);
    if (chars.length === 1) {
      out.add(chars[0]);
      continue;
    }
    for (let i = 0; i + 1 < chars.length; i++) {
      const g = chars[i] + chars[i + 1];
      if (!SIMILARITY_STOP_BIGRAMS.has(g)) out.add(g);
    }
  }
  return out;
}

/** Dice coefficient of two token sets: 2·|A∩B| / (|A|+|B|), 0 when both are empty. */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (!a.size && !b.size) return 0;
  let common = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const t of small) if (large.has(t)) common++;
  return (2 * common) / (a.size + b.size);
}

export function textSimilarity(a: string, b: string): number {
  return dice(bigramTokens(a), bigramTokens(b));
}

export interface ProblemText {
  title: string;
  description?: string | null;
}

/**
 * How alike two problems are, 0…1: the title's bigram Dice weighs TITLE_WEIGHT, title and description
 * together the rest. Without descriptions on both sides, the title alone.
 */
export function caseSimilarity(a: ProblemText, b: ProblemText): number {
  const title = textSimilarity(a.title, b.title);
  if (!a.description?.trim() || !b.description?.trim()) return title;
  const full = textSimilarity(`${a.title} ${a.description}`, `${b.title} ${b.description}`);
  return TITLE_WEIGHT * title + (1 - TITLE_WEIGHT) * full;
}

/** The candidates at or above the threshold, most similar first, at most `limit`. */
export function rankSimilar<T extends ProblemText>(
  probe: ProblemText,
  candidates: readonly T[],
  limit = 10,
  threshold = SIMILARITY_THRESHOLD,
): { item: T; score: number }[] {
  return candidates
    .map((item) => ({ item, score: caseSimilarity(probe, item) }))
    .filter((x) => x.score >= threshold)
    .sort((x, y) => y.score - x.score)
    .slice(0, limit);
}
