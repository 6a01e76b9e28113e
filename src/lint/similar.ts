/**
 * Up to two candidates closest to `word` by edit distance, for "did you mean" hints: those
 * within `max(3, length / 3)` edits of it, or containing it, or contained in it. Ties go to
 * the first in collation order, then in the list.
 */
export function closest(word: string, candidates: readonly string[]): string[] {
  const index = indexOf(candidates);
  const length = word.length;
  let first: Scored | undefined;
  let second: Scored | undefined;
  const consider = (entry: Entry, distance: number): void => {
    const scored = { ...entry, distance };
    if (first === undefined || compare(scored, first) < 0) {
      second = first;
      first = scored;
    } else if (second === undefined || compare(scored, second) < 0) second = scored;
  };
  // One string inside the other is exactly the length difference away (that many insertions, no
  // fewer). Shorter candidates inside the word are found among its substrings, not by a scan.
  const inside = new Set<string>();
  for (const n of index.lengths) {
    if (n >= length) break;
    for (let start = 0; start + n <= length; start += 1) {
      const part = word.slice(start, start + n);
      if (inside.has(part)) continue;
      const entries = index.byText.get(part);
      if (entries === undefined) continue;
      inside.add(part);
      for (const entry of entries) consider(entry, length - n);
    }
  }
  const counts = countChars(word);
  for (const n of index.lengths) {
    const bound = Math.max(3, Math.floor(n / 3));
    // Hints compare one word with every name of a kind in the run: most are too long, too short
    // or made of other characters to be near, which is cheaper to tell than the distance.
    const near = Math.abs(n - length) <= bound;
    if (n < length && !near) continue;
    for (const entry of index.byLength.get(n)!) {
      if (n >= length && entry.candidate.includes(word)) consider(entry, n - length);
      else if (near && !inside.has(entry.candidate) && (counts === null || charLowerBound(counts, length, entry.candidate) <= bound)) {
        const distance = boundedEditDistance(word, entry.candidate, bound);
        if (distance <= bound) consider(entry, distance);
      }
    }
  }
  if (counts !== null) counts.fill(0);
  return [first, second].flatMap((s) => (s === undefined ? [] : [s.candidate]));
}

/** Counts of the word's characters, or null when it is not ASCII (then every near candidate gets the full distance). */
const wordCounts = new Int32Array(128);

function countChars(word: string): Int32Array | null {
  for (let i = 0; i < word.length; i += 1) {
    const code = word.charCodeAt(i);
    if (code >= 128) {
      wordCounts.fill(0);
      return null;
    }
    wordCounts[code]! += 1;
  }
  return wordCounts;
}

/**
 * A lower bound of the edit distance from the characters alone: the word's characters the
 * candidate lacks, or the candidate's the word lacks (counted with repeats), whichever is more;
 * each edit fixes at most one of each. Leaves `counts` as it found them.
 */
function charLowerBound(counts: Int32Array, wordLength: number, candidate: string): number {
  let extra = 0;
  let end = 0;
  for (; end < candidate.length; end += 1) {
    const code = candidate.charCodeAt(end);
    if (code >= 128) break;
    if (counts[code]! <= 0) extra += 1;
    counts[code]! -= 1;
  }
  for (let i = 0; i < end; i += 1) counts[candidate.charCodeAt(i)]! += 1;
  // A non-ASCII character: no bound, the distance decides.
  if (end < candidate.length) return 0;
  const missing = wordLength - (candidate.length - extra);
  return Math.max(extra, missing);
}

interface Entry {
  candidate: string;
  /** Place in the candidate list, the last tie-breaker. */
  position: number;
}

interface Scored extends Entry {
  distance: number;
}

interface CandidateIndex {
  /** Distinct lengths, shortest first. */
  lengths: number[];
  byLength: Map<number, Entry[]>;
  byText: Map<string, Entry[]>;
}

/** Candidate lists are often asked about again (every missing name of a run against the same names). */
const indexes = new WeakMap<readonly string[], CandidateIndex>();

function indexOf(candidates: readonly string[]): CandidateIndex {
  let index = indexes.get(candidates);
  if (index === undefined) {
    const byLength = new Map<number, Entry[]>();
    const byText = new Map<string, Entry[]>();
    for (const [position, candidate] of candidates.entries()) {
      const entry = { candidate, position };
      const sameLength = byLength.get(candidate.length);
      if (sameLength === undefined) byLength.set(candidate.length, [entry]);
      else sameLength.push(entry);
      const sameText = byText.get(candidate);
      if (sameText === undefined) byText.set(candidate, [entry]);
      else sameText.push(entry);
    }
    index = { lengths: [...byLength.keys()].sort((a, b) => a - b), byLength, byText };
    indexes.set(candidates, index);
  }
  return index;
}

/** The default collation, as `String.prototype.localeCompare` without arguments, without building it per call. */
const collator = new Intl.Collator();

function compare(a: Scored, b: Scored): number {
  return a.distance - b.distance || collator.compare(a.candidate, b.candidate) || a.position - b.position;
}

let previous = new Int32Array(64);
let current = new Int32Array(64);

/**
 * Levenshtein distance when it is at most `bound`, else some number above `bound`: a candidate
 * is dismissed as soon as a whole row of the table exceeds the bound.
 */
function boundedEditDistance(a: string, b: string, bound: number): number {
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  if (b.length + 1 > previous.length) {
    previous = new Int32Array(b.length + 1);
    current = new Int32Array(b.length + 1);
  }
  for (let j = 0; j <= b.length; j += 1) previous[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j += 1) {
      let value = previous[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const del = previous[j]! + 1;
      const ins = current[j - 1]! + 1;
      if (del < value) value = del;
      if (ins < value) value = ins;
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > bound) return bound + 1;
    const swap = previous;
    previous = current;
    current = swap;
  }
  return previous[b.length]!;
}
