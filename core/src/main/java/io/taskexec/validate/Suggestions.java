package io.taskexec.validate;

import java.util.Optional;

/**
 * "Did you mean ...?" for misspelt ids, keys, types and enum values: the closest candidate by
 * edit distance (insertions, deletions, substitutions and swaps of neighbours each cost one),
 * offered only when it is close enough to be a plausible typo.
 *
 * <p>An instance carries a budget of comparisons, so that a batch with many unknown names and many
 * candidates stays linear: once the budget is spent, {@link #closest} returns empty. Not
 * thread-safe; make one per validation run. The static {@link #closestOf} has no budget.
 */
public final class Suggestions {
  private long budget;

  /** @param maxComparisons how many candidate comparisons this instance may make in all */
  public Suggestions(long maxComparisons) {
    this.budget = maxComparisons;
  }

  /** The closest candidate to {@code word}, unbudgeted; for short candidate lists such as keys. */
  public static Optional<String> closestOf(String word, Iterable<String> candidates) {
    return new Suggestions(Long.MAX_VALUE).closest(word, candidates);
  }

  /** The candidate closest to {@code word} if it is a plausible typo of it, else empty. */
  public Optional<String> closest(String word, Iterable<String> candidates) {
    if (word == null || word.isEmpty()) return Optional.empty();
    int limit = maxDistance(word.length());
    String best = null;
    int bestDistance = limit + 1;
    for (String c : candidates) {
      if (budget <= 0) break;
      budget--;
      if (c == null || c.equals(word) || Math.abs(c.length() - word.length()) >= bestDistance) continue;
      int d = distance(word, c, bestDistance - 1);
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
        if (d == 1) break;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Formats a suggestion as {@code "did you mean 'x'? "}, or the empty string. */
  public static String didYouMean(Optional<String> suggestion) {
    return suggestion.map(s -> "did you mean '" + s + "'? ").orElse("");
  }

  static int maxDistance(int length) {
    if (length <= 3) return 1;
    if (length <= 7) return 2;
    return 3;
  }

  /**
   * Optimal string alignment distance between {@code a} and {@code b}, or {@code limit + 1} as
   * soon as it is certain to exceed {@code limit}. Case differences count as edits.
   */
  static int distance(String a, String b, int limit) {
    int n = a.length();
    int m = b.length();
    if (Math.abs(n - m) > limit) return limit + 1;
    int[] prev2 = new int[m + 1];
    int[] prev = new int[m + 1];
    int[] cur = new int[m + 1];
    for (int j = 0; j <= m; j++) prev[j] = j;
    for (int i = 1; i <= n; i++) {
      cur[0] = i;
      int rowMin = cur[0];
      char ca = a.charAt(i - 1);
      for (int j = 1; j <= m; j++) {
        char cb = b.charAt(j - 1);
        int cost = ca == cb ? 0 : 1;
        int v = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
        if (i > 1 && j > 1 && ca == b.charAt(j - 2) && a.charAt(i - 2) == cb) {
          v = Math.min(v, prev2[j - 2] + 1);
        }
        cur[j] = v;
        rowMin = Math.min(rowMin, v);
      }
      if (rowMin > limit) return limit + 1;
      int[] t = prev2;
      prev2 = prev;
      prev = cur;
      cur = t;
    }
    return Math.min(prev[m], limit + 1);
  }
}
