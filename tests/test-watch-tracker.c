/* test-watch-tracker.c: what counts as watched, from the notifications a
 * player sends (PlnWatchTracker), without video. Each case is a sequence
 * of notifications with the wall clock at which it arrives, written as
 * GTK 4.8's GStreamer media file sends them (its timestamps are sampled
 * every 100 ms in the player's thread and reach the main loop late: one
 * can arrive after a pause or while a seek is under way), and the exact
 * intervals that must be saved, worked out by hand in the comments. The
 * last case feeds it from GTK's GStreamer media file playing a real
 * recording, under Xvfb (skipped without a display). */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>

#include "pln-intervals.h"
#include "pln-watch-tracker.h"

typedef enum
{
  PLAY,        /* playing TRUE */
  PAUSE,       /* playing FALSE */
  SEEKING,     /* seeking TRUE (gtk_media_stream_seek) */
  SEEK_DONE,   /* seeking FALSE */
  REQUEST,     /* the page is about to seek (chapter, resume point) */
  TS,          /* timestamp, @value ms */
  ENDED,
  CHECKPOINT,
  CLOSE,
} Kind;

typedef struct
{
  gint64 clock;
  Kind   kind;
  gint64 value;
} Step;

/* Feeds @steps to a new tracker for a stream of @duration_ms and returns
 * every interval it yielded, in order. */
static GArray *
run (const Step *steps,
     guint       n_steps,
     gint64      duration_ms,
     gint64     *counted_ms,
     gint64     *playing_ms)
{
  g_autoptr(PlnWatchTracker) tracker = pln_watch_tracker_new ();
  GArray *all = g_array_new (FALSE, FALSE, sizeof (PlnInterval));
  gint64 clock = 0;

  pln_watch_tracker_set_duration (tracker, duration_ms);
  for (guint i = 0; i < n_steps; i++)
    {
      const Step *step = &steps[i];
      g_autoptr(GArray) taken = NULL;

      g_assert_cmpint (step->clock, >=, clock);   /* the script goes forward */
      clock = step->clock;
      switch (step->kind)
        {
        case PLAY:       pln_watch_tracker_playing_changed (tracker, TRUE, clock); break;
        case PAUSE:      pln_watch_tracker_playing_changed (tracker, FALSE, clock); break;
        case SEEKING:    pln_watch_tracker_seeking_changed (tracker, TRUE, clock); break;
        case SEEK_DONE:  pln_watch_tracker_seeking_changed (tracker, FALSE, clock); break;
        case REQUEST:    pln_watch_tracker_seek_requested (tracker, clock); break;
        case TS:         pln_watch_tracker_timestamp (tracker, step->value, clock); break;
        case ENDED:      pln_watch_tracker_ended (tracker, clock); break;
        case CHECKPOINT: pln_watch_tracker_checkpoint (tracker, clock); break;
        case CLOSE:      pln_watch_tracker_close (tracker, clock); break;
        default:         g_assert_not_reached ();
        }
      taken = pln_watch_tracker_take_intervals (tracker);
      if (taken != NULL)
        g_array_append_vals (all, taken->data, taken->len);
    }
  pln_watch_tracker_close (tracker, clock);
  {
    g_autoptr(GArray) taken = pln_watch_tracker_take_intervals (tracker);

    if (taken != NULL)
      g_array_append_vals (all, taken->data, taken->len);
  }
  if (counted_ms != NULL)
    *counted_ms = pln_watch_tracker_get_counted_ms (tracker);
  if (playing_ms != NULL)
    *playing_ms = pln_watch_tracker_get_playing_ms (tracker, clock);
  return all;
}

static char *
describe (GArray *intervals)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < intervals->len; i++)
    {
      const PlnInterval *interval = &g_array_index (intervals, PlnInterval, i);

      g_string_append_printf (text, "%s[%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", i > 0 ? " " : "",
                              interval->start_ms, interval->end_ms);
    }
  return g_string_free (text, FALSE);
}

/* Asserts that @got holds exactly the intervals in @pairs. */
static void
assert_intervals (GArray       *got,
                  const gint64 *pairs,
                  guint         n_pairs)
{
  g_autofree char *text = describe (got);

  g_test_message ("saved: %s", text);
  g_assert_cmpuint (got->len, ==, n_pairs);
  for (guint i = 0; i < n_pairs; i++)
    {
      g_assert_cmpint (g_array_index (got, PlnInterval, i).start_ms, ==, pairs[2 * i]);
      g_assert_cmpint (g_array_index (got, PlnInterval, i).end_ms, ==, pairs[2 * i + 1]);
    }
}

/* A stream that plays from @from for @ms, a timestamp every 100 ms (the
 * player's tick), starting at @clock. Writes its steps to @steps from
 * @n and returns the new count. */
static guint
play_ticks (Step   *steps,
            guint   n,
            gint64  clock,
            gint64  from,
            gint64  ms)
{
  for (gint64 t = 100; t <= ms; t += 100)
    steps[n++] = (Step) { clock + t, TS, from + t };
  return n;
}

/* ---- Cases -------------------------------------------------------------- */

static void
test_play_pause (void)
{
  /* From 0, 1.2 s of play, paused 30 ms after the 1 200 ms tick: 0–1 200. */
  Step steps[32] = { { 0, PLAY, 0 } };
  guint n = play_ticks (steps, 1, 0, 0, 1200);
  g_autoptr(GArray) got = NULL;
  const gint64 expected[] = { 0, 1200 };

  steps[n++] = (Step) { 1230, PAUSE, 0 };
  got = run (steps, n, 6000, NULL, NULL);
  assert_intervals (got, expected, 1);
}

/* The sequence the Library test made (tests/test-ui-library.c with a
 * play–pause added after the resume), as GTK 4.8 delivered it on a 6 s
 * recording (logged on a real one): the resume seek to 1 225 ms on
 * prepare, play, pause 200 ms later, a seek to 0 while paused (a tick
 * sampled before the pause arrives during the seek: 1 401), play until
 * 800 ms, pause (one more tick sampled before the pause arrives after
 * it: 859). Watched: 1 225–1 326 and 0–855; nothing else. */
static void
test_resume_play_pause_seek0_play (void)
{
  const Step steps[] = {
    { 6350, REQUEST, 0 }, { 6350, SEEKING, 0 },          /* resume at 1 225 */
    { 7165, SEEK_DONE, 0 }, { 7166, TS, 1225 },
    { 7166, PLAY, 0 }, { 7296, TS, 1326 },
    { 7368, PAUSE, 0 },
    { 7368, SEEKING, 0 }, { 7371, TS, 1401 },             /* stale */
    { 7377, SEEK_DONE, 0 }, { 7377, TS, 0 },
    { 7573, PLAY, 0 },
    { 7749, TS, 120 }, { 7795, TS, 220 }, { 7950, TS, 324 }, { 8061, TS, 451 },
    { 8154, TS, 552 }, { 8233, TS, 652 }, { 8330, TS, 755 }, { 8431, TS, 855 },
    { 8431, PAUSE, 0 }, { 8436, TS, 859 },                /* stale */
  };
  const gint64 expected[] = { 1225, 1326, 0, 855 };
  g_autoptr(GArray) got = run (steps, G_N_ELEMENTS (steps), 6000, NULL, NULL);

  assert_intervals (got, expected, 2);
}

/* The same, on a loaded machine: play is pressed before the seek to 0 is
 * done, so the stream's timestamp at play is still 1 326 and stale ticks
 * (1 401, 1 463) arrive while it seeks. The old page opened the interval
 * at the timestamp play found (1 326) and took the ticks after the seek
 * for playing on; here nothing counts until the seek has landed. */
static void
test_play_before_seek_lands (void)
{
  const Step steps[] = {
    { 0, PLAY, 0 }, { 100, TS, 100 }, { 200, TS, 200 }, { 230, PAUSE, 0 },
    { 240, SEEKING, 0 }, { 250, PLAY, 0 },
    { 260, TS, 260 },                                      /* stale, during the seek */
    { 700, SEEK_DONE, 0 }, { 700, TS, 0 },
    { 800, TS, 100 }, { 900, TS, 200 }, { 1000, TS, 300 }, { 1010, PAUSE, 0 },
  };
  const gint64 expected[] = { 0, 200, 0, 300 };
  g_autoptr(GArray) got = run (steps, G_N_ELEMENTS (steps), 6000, NULL, NULL);

  assert_intervals (got, expected, 2);
}

/* Paused at 1 000, a seek 2 s ahead and play at once, before it lands:
 * the 2 s skipped never count. (The old page counted 1 000–3 300: a
 * forward step under 2.5 s passed for playing.) */
static void
test_skip_ahead_while_paused_then_play (void)
{
  const Step steps[] = {
    { 0, TS, 1000 },                                       /* where it stands */
    { 10, SEEKING, 0 }, { 20, PLAY, 0 },
    { 300, SEEK_DONE, 0 }, { 300, TS, 3000 },
    { 400, TS, 3100 }, { 500, TS, 3200 }, { 600, TS, 3300 }, { 620, PAUSE, 0 },
  };
  const gint64 expected[] = { 3000, 3300 };
  g_autoptr(GArray) got = run (steps, G_N_ELEMENTS (steps), 6000, NULL, NULL);

  assert_intervals (got, expected, 1);
}

/* The video's own controls skip ahead 1 s while playing: 0–1 000 and
 * 2 000–2 300, not 0–2 300. */
static void
test_skip_ahead_while_playing (void)
{
  Step steps[32] = { { 0, PLAY, 0 } };
  guint n = play_ticks (steps, 1, 0, 0, 1000);
  g_autoptr(GArray) got = NULL;
  const gint64 expected[] = { 0, 1000, 2000, 2300 };

  steps[n++] = (Step) { 1050, SEEKING, 0 };
  steps[n++] = (Step) { 1060, TS, 1080 };                  /* stale */
  steps[n++] = (Step) { 1200, SEEK_DONE, 0 };
  steps[n++] = (Step) { 1200, TS, 2000 };
  n = play_ticks (steps, n, 1200, 2000, 300);
  steps[n++] = (Step) { 1510, PAUSE, 0 };
  got = run (steps, n, 6000, NULL, NULL);
  assert_intervals (got, expected, 2);
}

/* Chapter jumps from the page, ahead and back: 0–500, then 3 000–3 400,
 * then back to 1 000, where a tick sampled before that jump (3 460)
 * lands after the seek is done: it is a jump ahead of where the stream
 * now is, so it breaks the interval at 1 000, and the next tick (1 100)
 * is a jump back from it. Counted: 0–500, 3 000–3 400, 1 100–1 300 (the
 * 100 ms the stale tick cut off are lost, never added). */
static void
test_chapter_jumps (void)
{
  Step steps[48] = { { 0, PLAY, 0 } };
  guint n = play_ticks (steps, 1, 0, 0, 500);
  g_autoptr(GArray) got = NULL;
  const gint64 expected[] = { 0, 500, 3000, 3400, 1100, 1300 };

  steps[n++] = (Step) { 520, REQUEST, 0 };
  steps[n++] = (Step) { 520, SEEKING, 0 };
  steps[n++] = (Step) { 600, SEEK_DONE, 0 };
  steps[n++] = (Step) { 600, TS, 3000 };
  n = play_ticks (steps, n, 600, 3000, 400);
  steps[n++] = (Step) { 1020, REQUEST, 0 };
  steps[n++] = (Step) { 1020, SEEKING, 0 };
  steps[n++] = (Step) { 1100, SEEK_DONE, 0 };
  steps[n++] = (Step) { 1100, TS, 1000 };
  steps[n++] = (Step) { 1105, TS, 3460 };                  /* stale, after the seek */
  steps[n++] = (Step) { 1200, TS, 1100 };
  steps[n++] = (Step) { 1300, TS, 1200 };
  steps[n++] = (Step) { 1400, TS, 1300 };
  steps[n++] = (Step) { 1400, PAUSE, 0 };
  got = run (steps, n, 6000, NULL, NULL);
  assert_intervals (got, expected, 3);
}

/* Seeking back and forth while paused, stale ticks included: nothing was
 * watched, nothing is saved. */
static void
test_seeking_while_paused (void)
{
  const Step steps[] = {
    { 0, TS, 500 },
    { 100, SEEKING, 0 }, { 120, TS, 520 }, { 300, SEEK_DONE, 0 }, { 300, TS, 4000 },
    { 400, SEEKING, 0 }, { 600, SEEK_DONE, 0 }, { 600, TS, 200 },
    { 700, TS, 4100 },                                     /* stale */
    { 800, REQUEST, 0 }, { 800, SEEKING, 0 }, { 900, SEEK_DONE, 0 }, { 900, TS, 2500 },
  };
  g_autoptr(GArray) got = run (steps, G_N_ELEMENTS (steps), 6000, NULL, NULL);

  assert_intervals (got, NULL, 0);
}

/* Played to the end: the last tick is 5 800 and the end of the stream
 * arrives 150 ms later; it counts up to 5 950, what 150 ms of playing
 * allow, not to the 6 000 ms duration. In GTK's other order (playing
 * goes FALSE before ended) it is the same, the page tells the end first. */
static void
test_ended (void)
{
  Step steps[80] = { { 0, TS, 5000 }, { 0, PLAY, 0 } };
  guint n = play_ticks (steps, 2, 0, 5000, 800);
  g_autoptr(GArray) got = NULL;
  const gint64 expected[] = { 5000, 5950 };

  steps[n++] = (Step) { 950, ENDED, 0 };
  steps[n++] = (Step) { 950, PAUSE, 0 };
  got = run (steps, n, 6000, NULL, NULL);
  assert_intervals (got, expected, 1);

  /* Replayed from the start after the end (GstPlayer seeks back to 0 on
   * play): 0–300 more, nothing from 6 000 back to 0. */
  {
    Step again[80] = { { 0, TS, 5800 }, { 0, PLAY, 0 }, { 200, ENDED, 0 }, { 200, PAUSE, 0 },
                       { 1000, PLAY, 0 }, { 1010, TS, 0 } };
    guint m = play_ticks (again, 6, 1010, 0, 300);
    g_autoptr(GArray) got_again = NULL;
    const gint64 expected_again[] = { 5800, 6000, 0, 300 };

    again[m++] = (Step) { 1320, PAUSE, 0 };
    got_again = run (again, m, 6000, NULL, NULL);
    assert_intervals (got_again, expected_again, 2);
  }
}

/* A timestamp that makes no sense (a broken stream, a wrapped clock) in
 * the middle of playing: 0–1 000 and 1 100–1 500, not 0–10⁹. */
static void
test_absurd_jump (void)
{
  Step steps[32] = { { 0, PLAY, 0 } };
  guint n = play_ticks (steps, 1, 0, 0, 1000);
  g_autoptr(GArray) got = NULL;
  gint64 counted = 0, playing = 0;
  const gint64 expected[] = { 0, 1000, 1100, 1500 };

  steps[n++] = (Step) { 1050, TS, 1000000000 };
  n = play_ticks (steps, n, 1000, 1000, 500);
  steps[n++] = (Step) { 1520, PAUSE, 0 };
  got = run (steps, n, 0, &counted, &playing);
  assert_intervals (got, expected, 2);
  g_assert_cmpint (counted, ==, 1400);
  g_assert_cmpint (playing, ==, 1520);
}

/* Timestamps running at twice the wall clock (whatever the reason): what
 * counts never gets ahead of the time spent playing by more than the
 * tolerance, however the intervals are cut. A tick every 50 ms says
 * twice as much: 600 at 300 ms is within 300 + 300 of the anchor, 700 at
 * 350 ms is not, so 0–600 closes and 700 is the next anchor; from there
 * the budget left (playing time + 300 − 600 counted) holds the interval
 * to 700–1 050 until 1 400 at 700 ms breaks it again. */
static void
test_faster_than_wall_clock (void)
{
  Step steps[64] = { { 0, PLAY, 0 } };
  guint n = 1;
  g_autoptr(GArray) got = NULL;
  gint64 counted = 0, playing = 0;

  for (gint64 t = 50; t <= 2000; t += 50)
    steps[n++] = (Step) { t, TS, 2 * t };
  steps[n++] = (Step) { 2010, PAUSE, 0 };
  got = run (steps, n, 0, &counted, &playing);
  g_test_message ("counted %" G_GINT64_FORMAT " ms of %" G_GINT64_FORMAT " ms playing", counted, playing);
  g_assert_cmpint (playing, ==, 2010);
  g_assert_cmpint (counted, <=, 2000 + PLN_WATCH_TRACKER_TOLERANCE_MS);
  g_assert_cmpuint (got->len, >=, 2);
  g_assert_cmpint (g_array_index (got, PlnInterval, 0).start_ms, ==, 0);
  g_assert_cmpint (g_array_index (got, PlnInterval, 0).end_ms, ==, 600);
  g_assert_cmpint (g_array_index (got, PlnInterval, 1).start_ms, ==, 700);
  g_assert_cmpint (g_array_index (got, PlnInterval, 1).end_ms, ==, 1050);
}

/* The page's main loop stalls for 700 ms (a loaded machine) and the
 * ticks sampled meanwhile arrive together: they were played, they count. */
static void
test_late_ticks_count (void)
{
  const Step steps[] = {
    { 0, PLAY, 0 }, { 100, TS, 100 },
    { 800, TS, 200 }, { 800, TS, 300 }, { 800, TS, 400 }, { 800, TS, 500 },
    { 800, TS, 600 }, { 800, TS, 700 }, { 800, TS, 800 },
    { 900, TS, 900 }, { 910, PAUSE, 0 },
  };
  const gint64 expected[] = { 0, 900 };
  g_autoptr(GArray) got = run (steps, G_N_ELEMENTS (steps), 6000, NULL, NULL);

  assert_intervals (got, expected, 1);
}

/* Long playing is saved in pieces every 5 s (a crash loses little), and
 * a checkpoint (the viewer changes) cuts where it stands. */
static void
test_saved_in_pieces (void)
{
  Step steps[160] = { { 0, PLAY, 0 } };
  guint n = play_ticks (steps, 1, 0, 0, 12000);
  g_autoptr(GArray) got = NULL;
  const gint64 expected[] = { 0, 5000, 5000, 10000, 10000, 11000, 11000, 12500 };

  /* The checkpoint goes at 11 000, between ticks. */
  for (guint i = 0; i < n; i++)
    if (steps[i].clock == 11000)
      {
        memmove (&steps[i + 2], &steps[i + 1], (n - i - 1) * sizeof (Step));
        steps[i + 1] = (Step) { 11000, CHECKPOINT, 0 };
        n++;
        break;
      }
  n = play_ticks (steps, n, 12000, 12000, 500);
  steps[n++] = (Step) { 12510, PAUSE, 0 };
  got = run (steps, n, 60000, NULL, NULL);
  assert_intervals (got, expected, 4);
}

/* ---- A real stream ------------------------------------------------------ */

/* The same tracker fed by GTK's own GStreamer media file playing a real
 * recording (made with `plenary record test://…` and packaged), through
 * the sequence that once counted 5 s that had not been watched: resumed
 * at 1 225 ms while paused, 200 ms of play, pause, a seek to 0, play to
 * 800 ms, pause; then a jump near the end, played to its end. Every
 * interval saved must lie in what the stream really showed while playing:
 * from the resume point to where the first pause found it, from 0 to
 * where the second pause found it, or from the jump to the end. The
 * waits are for conditions, never for a time. */

static gboolean have_display;

typedef struct
{
  GtkMediaStream  *stream;
  PlnWatchTracker *tracker;
  GArray          *intervals;
  gint64           t0;
} RealStream;

static gint64
clock_now (void)
{
  return g_get_monotonic_time () / 1000;
}

static void
on_real_notify_cb (GObject    *object,
                   GParamSpec *pspec,
                   RealStream *real)
{
  GtkMediaStream *stream = real->stream;
  const char *name = g_param_spec_get_name (pspec);
  g_autoptr(GArray) taken = NULL;

  g_test_message ("%5" G_GINT64_FORMAT " ms  %-9s timestamp %5" G_GINT64_FORMAT "  playing %d  seeking %d  ended %d",
                  clock_now () - real->t0, name, gtk_media_stream_get_timestamp (stream) / 1000,
                  gtk_media_stream_get_playing (stream), gtk_media_stream_is_seeking (stream),
                  gtk_media_stream_get_ended (stream));
  /* As the recording detail page feeds it. */
  if (g_str_equal (name, "timestamp"))
    pln_watch_tracker_timestamp (real->tracker, gtk_media_stream_get_timestamp (stream) / 1000, clock_now ());
  else if (g_str_equal (name, "playing"))
    {
      if (!gtk_media_stream_get_playing (stream) && gtk_media_stream_get_ended (stream))
        pln_watch_tracker_ended (real->tracker, clock_now ());
      pln_watch_tracker_playing_changed (real->tracker, gtk_media_stream_get_playing (stream), clock_now ());
    }
  else if (g_str_equal (name, "seeking"))
    pln_watch_tracker_seeking_changed (real->tracker, gtk_media_stream_is_seeking (stream), clock_now ());
  else if (g_str_equal (name, "ended"))
    {
      if (gtk_media_stream_get_ended (stream))
        pln_watch_tracker_ended (real->tracker, clock_now ());
    }
  else if (g_str_equal (name, "duration"))
    pln_watch_tracker_set_duration (real->tracker, gtk_media_stream_get_duration (stream) / 1000);
  taken = pln_watch_tracker_take_intervals (real->tracker);
  if (taken != NULL)
    g_array_append_vals (real->intervals, taken->data, taken->len);
}

typedef gboolean (*StreamPredicate) (GtkMediaStream *stream, gint64 ms);

/* Runs the main loop until @predicate holds (looking after every round:
 * while a video plays the loop is never idle) or @timeout_ms. */
static gboolean
spin_until (StreamPredicate  predicate,
            GtkMediaStream  *stream,
            gint64           ms,
            guint            timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (predicate (stream, ms))
        return TRUE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  return predicate (stream, ms);
}

static gboolean
is_prepared (GtkMediaStream *stream,
             gint64          ms)
{
  return gtk_media_stream_is_prepared (stream) || gtk_media_stream_get_error (stream) != NULL;
}

static gboolean
landed_at_least (GtkMediaStream *stream,
                 gint64          ms)
{
  return !gtk_media_stream_is_seeking (stream) && gtk_media_stream_get_timestamp (stream) / 1000 >= ms;
}

static gboolean
landed_before (GtkMediaStream *stream,
               gint64          ms)
{
  return !gtk_media_stream_is_seeking (stream) && gtk_media_stream_get_timestamp (stream) / 1000 < ms;
}

static gboolean
is_ended (GtkMediaStream *stream,
          gint64          ms)
{
  return gtk_media_stream_get_ended (stream);
}

static gboolean
wall_passed (GtkMediaStream *stream,
             gint64          until_us)
{
  return g_get_monotonic_time () >= until_us;
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }
  g_remove (path);
}

static void
run_plenary (const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("PLENARY_EXE"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("plenary %s failed: %s%s", args[0], out, err);
}

static gboolean
interval_within (const PlnInterval *interval,
                 gint64             from,
                 gint64             to)
{
  return interval->start_ms >= from && interval->end_ms <= to;
}

static void
test_real_stream (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("plenary-watch-XXXXXX", &error);
  g_autofree char *recording = NULL;
  g_autofree char *packaged = NULL;
  g_autofree char *mp4 = NULL;
  g_autoptr(PlnWatchTracker) tracker = pln_watch_tracker_new ();
  g_autoptr(GArray) intervals = g_array_new (FALSE, FALSE, sizeof (PlnInterval));
  g_autoptr(GArray) merged = NULL;
  RealStream real = { NULL, tracker, intervals, clock_now () };
  const char *signals[] = { "notify::timestamp", "notify::playing", "notify::seeking", "notify::ended", "notify::duration" };
  GtkMediaStream *stream;
  GtkWidget *window;
  gint64 duration, resume = 1225, paused_first, paused_second, jump, covered_start = 0;

  if (!have_display)
    {
      g_test_skip ("no display: DISPLAY and WAYLAND_DISPLAY are unset (run under xvfb-run)");
      return;
    }
  if (g_getenv ("PLENARY_EXE") == NULL)
    {
      g_test_skip ("PLENARY_EXE is unset (run through meson test)");
      return;
    }
  g_assert_no_error (error);
  recording = g_build_filename (dir, "recording", NULL);
  packaged = g_build_filename (dir, "packaged", NULL);
  {
    const char *record[] = { "record", "test://lesson?size=320x240", "--out", recording, "--duration", "4", NULL };
    const char *package[] = { "package", recording, "--out", packaged, NULL };

    run_plenary (record);
    run_plenary (package);
  }
  mp4 = g_build_filename (packaged, "recording.mp4", NULL);
  g_assert_true (g_file_test (mp4, G_FILE_TEST_IS_REGULAR));

  stream = real.stream = gtk_media_file_new_for_filename (mp4);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    g_signal_connect (stream, signals[i], G_CALLBACK (on_real_notify_cb), &real);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 320, 240);
  gtk_window_set_child (GTK_WINDOW (window), gtk_video_new_for_media_stream (stream));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (spin_until (is_prepared, stream, 0, 30000));
  g_assert_null (gtk_media_stream_get_error (stream));
  duration = gtk_media_stream_get_duration (stream) / 1000;
  g_test_message ("%s: %" G_GINT64_FORMAT " ms", mp4, duration);
  g_assert_cmpint (duration, >, 3000);
  pln_watch_tracker_set_duration (tracker, duration);

  /* Resumed while paused (the page seeks once the stream is prepared). */
  pln_watch_tracker_seek_requested (tracker, clock_now ());
  gtk_media_stream_seek (stream, resume * 1000);
  g_assert_true (spin_until (landed_at_least, stream, resume - 100, 30000));
  /* 200 ms of play, then pause. */
  gtk_media_stream_play (stream);
  spin_until (wall_passed, stream, g_get_monotonic_time () + 200 * 1000, 1000);
  gtk_media_stream_pause (stream);
  paused_first = gtk_media_stream_get_timestamp (stream) / 1000;
  /* Back to the start while paused, then play to 800 ms. */
  gtk_media_stream_seek (stream, 0);
  g_assert_true (spin_until (landed_before, stream, 500, 30000));
  gtk_media_stream_play (stream);
  g_assert_true (spin_until (landed_at_least, stream, 800, 30000));
  gtk_media_stream_pause (stream);
  paused_second = gtk_media_stream_get_timestamp (stream) / 1000;
  /* A jump near the end, played to the end. */
  jump = duration - 700;
  pln_watch_tracker_seek_requested (tracker, clock_now ());
  gtk_media_stream_seek (stream, jump * 1000);
  g_assert_true (spin_until (landed_at_least, stream, jump - 100, 30000));
  gtk_media_stream_play (stream);
  g_assert_true (spin_until (is_ended, stream, 0, 30000));
  spin_until (wall_passed, stream, g_get_monotonic_time () + 100 * 1000, 1000);

  g_signal_handlers_disconnect_by_data (stream, &real);
  pln_watch_tracker_close (tracker, clock_now ());
  {
    g_autoptr(GArray) taken = pln_watch_tracker_take_intervals (tracker);

    if (taken != NULL)
      g_array_append_vals (intervals, taken->data, taken->len);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (stream);

  {
    g_autofree char *text = describe (intervals);

    g_test_message ("paused at %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT " ms; saved: %s",
                    paused_first, paused_second, text);
  }
  for (guint i = 0; i < intervals->len; i++)
    {
      const PlnInterval *interval = &g_array_index (intervals, PlnInterval, i);

      g_assert_true (interval_within (interval, resume - 100, paused_first) ||
                     interval_within (interval, 0, paused_second) ||
                     interval_within (interval, jump - 100, duration));
      if (interval_within (interval, 0, paused_second))
        covered_start += interval->end_ms - interval->start_ms;
    }
  /* What was played from the start counts (the first tick may be lost). */
  g_assert_cmpint (covered_start, >=, 500);
  merged = g_array_copy (intervals);
  pln_intervals_merge (merged);
  g_assert_cmpint (pln_intervals_covered (merged, duration), <=,
                   (paused_first - resume + 100) + paused_second + (duration - jump + 100));

  remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/watch-tracker/play-pause", test_play_pause);
  g_test_add_func ("/watch-tracker/resume-play-pause-seek0-play", test_resume_play_pause_seek0_play);
  g_test_add_func ("/watch-tracker/play-before-seek-lands", test_play_before_seek_lands);
  g_test_add_func ("/watch-tracker/skip-ahead-paused-then-play", test_skip_ahead_while_paused_then_play);
  g_test_add_func ("/watch-tracker/skip-ahead-playing", test_skip_ahead_while_playing);
  g_test_add_func ("/watch-tracker/chapter-jumps", test_chapter_jumps);
  g_test_add_func ("/watch-tracker/seeking-while-paused", test_seeking_while_paused);
  g_test_add_func ("/watch-tracker/ended", test_ended);
  g_test_add_func ("/watch-tracker/absurd-jump", test_absurd_jump);
  g_test_add_func ("/watch-tracker/faster-than-wall-clock", test_faster_than_wall_clock);
  g_test_add_func ("/watch-tracker/late-ticks-count", test_late_ticks_count);
  g_test_add_func ("/watch-tracker/saved-in-pieces", test_saved_in_pieces);
  have_display = gtk_init_check ();
  g_test_add_func ("/watch-tracker/real-stream", test_real_stream);

  return g_test_run ();
}
