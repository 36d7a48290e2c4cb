/* test-intervals.c: merging watched intervals. The expected figures are
 * worked out by hand in the comments. */
#include "config.h"

#include "pln-intervals.h"

static GArray *
make (const gint64 *pairs,
      guint         n_pairs)
{
  GArray *intervals = g_array_new (FALSE, FALSE, sizeof (PlnInterval));

  for (guint i = 0; i < n_pairs; i++)
    {
      PlnInterval interval = { pairs[2 * i], pairs[2 * i + 1] };
      g_array_append_val (intervals, interval);
    }
  return intervals;
}

static void
test_replay_counts_once (void)
{
  /* 0–60 s watched, then 30–90 s again: 90 s, not 120 s. */
  const gint64 pairs[] = { 0, 60000, 30000, 90000 };
  g_autoptr(GArray) intervals = make (pairs, 2);

  pln_intervals_merge (intervals);
  g_assert_cmpuint (intervals->len, ==, 1);
  g_assert_cmpint (pln_intervals_covered (intervals, 0), ==, 90000);
}

static void
test_seek_ahead_does_not_count (void)
{
  /* 0–10 s, then a seek to 50 s and 50–70 s: 30 s, the 40 s skipped do not count. */
  const gint64 pairs[] = { 50000, 70000, 0, 10000 };
  g_autoptr(GArray) intervals = make (pairs, 2);

  pln_intervals_merge (intervals);
  g_assert_cmpuint (intervals->len, ==, 2);
  g_assert_cmpint (g_array_index (intervals, PlnInterval, 0).start_ms, ==, 0);
  g_assert_cmpint (pln_intervals_covered (intervals, 0), ==, 30000);
}

static void
test_touching_and_nested (void)
{
  /* 0–10, 10–20 touch → 0–20; 5–8 is inside; 30–40 and 35–36 → 30–40: 30 s. */
  const gint64 pairs[] = { 10000, 20000, 0, 10000, 5000, 8000, 35000, 36000, 30000, 40000 };
  g_autoptr(GArray) intervals = make (pairs, 5);

  pln_intervals_merge (intervals);
  g_assert_cmpuint (intervals->len, ==, 2);
  g_assert_cmpint (pln_intervals_covered (intervals, 0), ==, 30000);
}

static void
test_bad_intervals_dropped_and_clipped (void)
{
  /* an inverted 9–3 and an empty 4–4 are dropped; 80–200 s of a 100 s
   * recording counts 20 s; -5–5 counts 5 s: 25 s. */
  const gint64 pairs[] = { 9000, 3000, 4000, 4000, 80000, 200000, -5000, 5000 };
  g_autoptr(GArray) intervals = make (pairs, 4);

  pln_intervals_merge (intervals);
  g_assert_cmpuint (intervals->len, ==, 2);
  g_assert_cmpint (pln_intervals_covered (intervals, 100000), ==, 25000);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/progress/intervals/replay-counts-once", test_replay_counts_once);
  g_test_add_func ("/progress/intervals/seek-ahead-does-not-count", test_seek_ahead_does_not_count);
  g_test_add_func ("/progress/intervals/touching-and-nested", test_touching_and_nested);
  g_test_add_func ("/progress/intervals/bad-dropped-and-clipped", test_bad_intervals_dropped_and_clipped);

  return g_test_run ();
}
