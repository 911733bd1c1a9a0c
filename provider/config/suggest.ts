// "Did you mean ...?" for a misspelt setting or profile name: the closest known name by edit
// distance (a swap of two neighbours counts as one edit), ignoring case, `_` and `-`, so that
// `clientSecert`, `client_secret` and `ClientSecret` all find `clientSecret`.

function normalised(word: string): string {
  return word.toLowerCase().replace(/[-_\s]/g, "");
}

/** Edits between two words: insertions, deletions, substitutions and swaps of neighbours (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known name `word` most likely stands for, or undefined when none is close. `aliases` maps
 * other spellings that stand for a known name (an environment variable such as
 * `AZURE_CLIENT_SECRET`) to it.
 */
export function closestName(word: string, known: readonly string[], aliases: Readonly<Record<string, string>> = {}): string | undefined {
  const target = normalised(word);
  if (target === "") return undefined;
  for (const [alias, name] of Object.entries(aliases)) if (normalised(alias) === target) return name;
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const candidate = normalised(name);
    if (candidate === target) return name;
    const distance = editDistance(target, candidate);
    if (!best || distance < best.distance) best = { name, distance };
  }
  if (!best) return undefined;
  const allowed = Math.min(3, Math.max(1, Math.floor(target.length / 4)));
  if (best.distance <= allowed) return best.name;
  // A name cut short or run on (`tenant` for `tenantId`, `endpointUrl` for `endpoint`).
  const prefixed = known.filter((name) => {
    const candidate = normalised(name);
    return target.length >= 4 && (candidate.startsWith(target) || target.startsWith(candidate));
  });
  return prefixed.length === 1 ? prefixed[0] : undefined;
}
