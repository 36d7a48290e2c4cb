/* ui-helpers.h: what the UI tests (and the screenshot tool) share: the main
 * loop spun for a while or until something holds, widgets found by name,
 * the text a widget shows, search entries typed into, screenshots saved as
 * PNG, the plenary command and sqlite3 run as other processes, and a
 * window on a database of its own in a temporary folder. */
#pragma once

#include <adwaita.h>

#include "pln-context.h"
#include "pln-window.h"

G_BEGIN_DECLS

/* ---- Set-up ------------------------------------------------------------- */

/* g_test_init () with --keep-going: a failing test (a page too wide, say)
 * is reported and the next ones still run. */
void        pln_test_init_keep_going    (int             *argc,
                                         char          ***argv);

/* Binds the message catalogue to PLENARY_LOCALEDIR when set (the build's
 * po/), then, when there is a display, loads the UI resources, starts GTK
 * and libadwaita and the app's style sheet as PlnApplication does. Returns
 * FALSE when there is no display (the caller skips). Call after
 * g_test_init (). */
gboolean    pln_test_ui_init            (void);

/* pln_test_ui_init (), first making GTK draw with Cairo when @cairo is
 * TRUE; when there is no display, marks the test skipped with that reason
 * and returns FALSE (the caller returns g_test_run ()). */
gboolean    pln_test_ui_start           (gboolean         cairo);

/* TRUE when the texts are English (LANGUAGE unset, empty or "en"): tests
 * check English sentences only then. */
gboolean    pln_test_ui_is_english      (void);

/* ---- The main loop ------------------------------------------------------ */

typedef gboolean (*PlnTestPredicate) (gpointer data);

/* Runs the main loop for @ms of wall time and at least @ms / 5
 * iterations, so a descheduled test still lets the frames happen. Only
 * for what has no condition to wait for (a frame to lay out); prefer
 * pln_test_spin_until (). */
void        pln_test_spin               (guint            ms);
/* @ms times PLN_TEST_TIMEOUT_MULTIPLIER (set by ./test.sh as it sets
 * meson test's --timeout-multiplier: 3 for the sanitizer pass), so a
 * wait's deadline grows with the test's own. */
guint       pln_test_scaled_ms          (guint            ms);
/* Runs the main loop until @predicate holds or @timeout_ms of wall time
 * (monotonic clock, scaled by pln_test_scaled_ms ()) passed, looking at
 * @predicate after every iteration (a playing video or live previews keep
 * the loop from ever being idle); returns the predicate's last answer. */
gboolean    pln_test_spin_until         (PlnTestPredicate predicate,
                                         gpointer         data,
                                         guint            timeout_ms);
/* Predicate: *(gboolean *) data. */
gboolean    pln_test_flag_is_set        (gpointer         data);

/* ---- Widgets ------------------------------------------------------------ */

/* The first widget named @name under @root (itself included), or NULL. */
GtkWidget  *pln_test_find               (GtkWidget       *root,
                                         const char      *name);
/* The same, and the test stops with the name when there is none. */
GtkWidget  *pln_test_must_find          (GtkWidget       *root,
                                         const char      *name);
/* Every mapped widget named @name under @root, in order, added to @out. */
void        pln_test_find_all_mapped    (GtkWidget       *root,
                                         const char      *name,
                                         GPtrArray       *out);
/* The first descendant of @root of @type, or NULL. */
GtkWidget  *pln_test_find_child_of_type (GtkWidget       *root,
                                         GType            type);
/* The visible toplevel window named @name, or NULL. */
GtkWindow  *pln_test_find_toplevel      (const char      *name);
/* Predicates: a visible toplevel window is named @name (a string), or
 * none is (a dialog or the event editor closed). */
gboolean    pln_test_toplevel_shown     (gpointer         name);
gboolean    pln_test_toplevel_gone      (gpointer         name);

/* The text @widget shows now: every mapped label, one per line; a spin
 * button as its value in brackets ("[15]"). */
char       *pln_test_shown_text         (GtkWidget       *widget);
/* Waits up to @timeout_ms until @widget shows @needle; the test stops with
 * what it shows otherwise. */
void        pln_test_assert_shows_soon  (GtkWidget       *widget,
                                         const char      *needle,
                                         guint            timeout_ms);

/* Activates the GtkButton @button (sensitive, or the test stops) as the
 * keyboard does and waits until it has been clicked: a button's
 * "activate" clicks only after its 250 ms press animation. */
void        pln_test_click              (GtkWidget       *button);
/* Pops up the GtkMenuButton @button and waits until its popover shows. */
void        pln_test_popup              (GtkWidget       *button);

/* Sets the text of the GtkSearchEntry @entry and waits until it reports
 * that text: gtk_editable_set_text () deletes, then inserts, so the entry
 * reports "" at once and the new text only after its delay. The page's
 * own handler has run when this returns. */
void        pln_test_set_search         (GtkWidget       *entry,
                                         const char      *text);

/* The pages of @window's view stack that need more than @max_width
 * pixels ("PlnTrainingPage (674 px)", space-separated), or NULL when none
 * does; every page's need goes to the test log. The pages share the
 * window, so the widest one sets how narrow the window can be. */
char       *pln_test_pages_wider_than   (GtkWidget       *window,
                                         int              max_width);

/* ---- Screenshots -------------------------------------------------------- */

/* Renders @widget (a window or any widget of one) as it is now into a PNG
 * at @path. */
gboolean    pln_test_save_png           (GtkWidget       *widget,
                                         const char      *path,
                                         GError         **error);
/* Lets a frame lay out what just became visible, then saves @widget as
 * $G_TEST_BUILDDIR/screenshots/@name (prefixed with "<LANGUAGE>-" when
 * the texts are not English) and says where in the test log. */
void        pln_test_save_screenshot    (GtkWidget       *widget,
                                         const char      *name);

/* ---- Other processes ---------------------------------------------------- */

/* TRUE when PLENARY_EXE is set and sqlite3 is on PATH. */
gboolean    pln_test_have_plenary_and_sqlite (void);
/* Runs the built plenary (PLENARY_EXE) with --db @db and the arguments,
 * as another process; the test stops with its output if it fails. */
void        pln_test_run_plenary        (const char      *db,
                                         const char      *first,
                                         ...) G_GNUC_NULL_TERMINATED;
/* The sqlite3 command-line tool's answer to @sql on @db, stripped. */
char       *pln_test_sqlite             (const char      *db,
                                         const char      *sql);
/* Removes @path and everything beneath it (symbolic links not followed). */
void        pln_test_remove_tree        (const char      *path);

/* ---- A window on its own database --------------------------------------- */

typedef struct
{
  char       *dir;       /* temporary folder, removed by teardown */
  char       *db;        /* dir/plenary.db */
  PlnStore   *store;
  GSettings  *settings;
  PlnContext *context;
  PlnWindow  *window;
} PlnTestApp;

typedef struct
{
  gboolean    demo;      /* `plenary demo` writes the database first */
  int         width;     /* default 1280 */
  int         height;    /* default 800 */
  const char *page;      /* shown first; default: the window's own choice */
} PlnTestAppOptions;

/* Makes a temporary folder, (the demo database in it,) opens the store, a
 * context with fresh settings (last page and portal port reset), and the
 * window, presented and mapped. @options may be NULL. */
void        pln_test_app_setup          (PlnTestApp              *app,
                                         const PlnTestAppOptions *options);
/* Destroys the window, drops the context and store, removes the folder. */
void        pln_test_app_teardown       (PlnTestApp              *app);

/* g_test_add () fixture functions for PlnTestApp: pln_test_app_setup ()
 * with the default options, and pln_test_app_teardown (). */
void        pln_test_app_fixture_setup    (PlnTestApp    *app,
                                           gconstpointer  data);
void        pln_test_app_fixture_teardown (PlnTestApp    *app,
                                           gconstpointer  data);

G_END_DECLS
