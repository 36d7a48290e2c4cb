/* pln-report-pdf.c: see pln-report-pdf.h.
 *
 * A small page writer: a cursor that moves down an A4 page, blocks of
 * text, tables whose header comes back on each new page, horizontal bar
 * charts with the target as a dashed line, and a column chart for trends.
 * Units are PostScript points (cairo's PDF surface). */
#define G_LOG_DOMAIN "plenary-report"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "pln-bridge-point.h"
#include "pln-report-pdf.h"

#define PAGE_WIDTH   595.276
#define PAGE_HEIGHT  841.890
#define MARGIN       48.0
#define CONTENT      (PAGE_WIDTH - 2 * MARGIN)
#define BOTTOM       (PAGE_HEIGHT - MARGIN - 18.0)
#define FONT         "Noto Sans"

/* Colours: GNOME's palette. */
#define BLUE    0.208, 0.518, 0.894
#define GREEN   0.180, 0.761, 0.494
#define ORANGE  0.902, 0.380, 0.000
#define RED     0.753, 0.110, 0.157
#define GREY    0.600, 0.600, 0.600
#define LIGHT   0.920, 0.920, 0.920
#define INK     0.141, 0.141, 0.141

typedef struct
{
  cairo_surface_t *surface;
  cairo_t         *cr;
  PangoLayout     *layout;
  double           y;
  guint            page;
  char            *footer;
} Doc;

typedef enum { LEFT, RIGHT } Align;

/* ---- Text ----------------------------------------------------------- */

static void
set_font (Doc      *doc,
          double    size,
          gboolean  bold)
{
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (FONT);

  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (doc->layout, desc);
}

/* Lays @text out @width wide; returns its height. */
static double
layout_text (Doc        *doc,
             const char *text,
             double      size,
             gboolean    bold,
             double      width,
             Align       align)
{
  int w, h;

  set_font (doc, size, bold);
  pango_layout_set_width (doc->layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (doc->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (doc->layout, align == RIGHT ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  pango_layout_set_text (doc->layout, text, -1);
  pango_layout_get_pixel_size (doc->layout, &w, &h);
  return h;
}

static void
draw_text_at (Doc        *doc,
              const char *text,
              double      x,
              double      y,
              double      width,
              double      size,
              gboolean    bold,
              Align       align)
{
  layout_text (doc, text, size, bold, width, align);
  cairo_move_to (doc->cr, x, y);
  pango_cairo_show_layout (doc->cr, doc->layout);
}

static void
draw_footer (Doc *doc)
{
  g_autofree char *page = g_strdup_printf (_("Page %u"), doc->page);

  cairo_set_source_rgb (doc->cr, GREY);
  draw_text_at (doc, doc->footer, MARGIN, PAGE_HEIGHT - MARGIN, CONTENT - 60, 7.5, FALSE, LEFT);
  draw_text_at (doc, page, PAGE_WIDTH - MARGIN - 60, PAGE_HEIGHT - MARGIN, 60, 7.5, FALSE, RIGHT);
  cairo_set_source_rgb (doc->cr, INK);
}

static void
new_page (Doc *doc)
{
  draw_footer (doc);
  cairo_show_page (doc->cr);
  doc->page++;
  doc->y = MARGIN;
}

/* Starts a new page unless @height fits below the cursor. */
static gboolean
ensure (Doc    *doc,
        double  height)
{
  if (doc->y + height <= BOTTOM)
    return FALSE;
  new_page (doc);
  return TRUE;
}

static void
paragraph (Doc        *doc,
           const char *text,
           double      size,
           gboolean    bold,
           double      space_after)
{
  double h = layout_text (doc, text, size, bold, CONTENT, LEFT);

  ensure (doc, h);
  cairo_set_source_rgb (doc->cr, INK);
  cairo_move_to (doc->cr, MARGIN, doc->y);
  pango_cairo_show_layout (doc->cr, doc->layout);
  doc->y += h + space_after;
}

static void
heading (Doc        *doc,
         const char *text)
{
  ensure (doc, 60);   /* keep a heading with what follows */
  doc->y += 6;
  paragraph (doc, text, 12.5, TRUE, 6);
}

/* "1 034": digits grouped by three, as Vietnamese and SI write them. */
static char *
group_digits (gint64 value)
{
  g_autofree char *plain = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  GString *out = g_string_new ("");
  gsize len = strlen (plain);
  gsize start = plain[0] == '-' ? 1 : 0;

  g_string_append_len (out, plain, start);
  for (gsize i = start; i < len; i++)
    {
      if (i > start && (len - i) % 3 == 0)
        g_string_append (out, " ");   /* a no-break space */
      g_string_append_c (out, plain[i]);
    }
  return g_string_free (out, FALSE);
}

static char *
format_percent (double percent)
{
  /* Translators: a percentage in the reports, "93.4 %" */
  return g_strdup_printf (_("%.1f %%"), percent);
}

static char *
format_date (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t + 7 * 3600);

  /* Translators: a date in the reports (strftime), day/month/year in Vietnam */
  return g_date_time_format (dt, _("%d/%m/%Y"));
}

static char *
format_made (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t + 7 * 3600);
  g_autofree char *when = g_date_time_format (dt, "%d/%m/%Y %H:%M");

  /* Translators: the footer of every report page */
  return g_strdup_printf (_("Plenary — made on %s (UTC+7)"), when);
}

/* ---- Tables --------------------------------------------------------- */

typedef struct
{
  guint        n_columns;
  const char **headers;
  const double *widths;     /* fractions of the content width */
  const char  *aligns;      /* 'l' or 'r' per column */
} TableSpec;

static double
row_height (Doc              *doc,
            const TableSpec  *spec,
            char            **cells,
            gboolean          bold)
{
  double h = 0;

  for (guint c = 0; c < spec->n_columns; c++)
    h = MAX (h, layout_text (doc, cells[c], 8.5, bold, spec->widths[c] * CONTENT - 6, LEFT));
  return h + 5;
}

static void
draw_row (Doc              *doc,
          const TableSpec  *spec,
          char            **cells,
          gboolean          bold,
          gboolean          shaded)
{
  double h = row_height (doc, spec, cells, bold);
  double x = MARGIN;

  if (shaded)
    {
      cairo_set_source_rgb (doc->cr, 0.965, 0.965, 0.965);
      cairo_rectangle (doc->cr, MARGIN, doc->y, CONTENT, h);
      cairo_fill (doc->cr);
    }
  cairo_set_source_rgb (doc->cr, INK);
  for (guint c = 0; c < spec->n_columns; c++)
    {
      double w = spec->widths[c] * CONTENT;

      draw_text_at (doc, cells[c], x + 3, doc->y + 2.5, w - 6, 8.5, bold,
                    spec->aligns[c] == 'r' ? RIGHT : LEFT);
      x += w;
    }
  doc->y += h;
}

static void
draw_header (Doc             *doc,
             const TableSpec *spec)
{
  draw_row (doc, spec, (char **) spec->headers, TRUE, FALSE);
  cairo_set_source_rgb (doc->cr, INK);
  cairo_set_line_width (doc->cr, 0.8);
  cairo_move_to (doc->cr, MARGIN, doc->y);
  cairo_line_to (doc->cr, MARGIN + CONTENT, doc->y);
  cairo_stroke (doc->cr);
  doc->y += 1;
}

/* @rows: (element-type GStrv); the last is drawn bold when @total_last. */
static void
table (Doc             *doc,
       const TableSpec *spec,
       GPtrArray       *rows,
       gboolean         total_last)
{
  ensure (doc, 3 * 16);
  draw_header (doc, spec);
  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);
      gboolean total = total_last && r + 1 == rows->len;

      if (ensure (doc, row_height (doc, spec, cells, total)))
        draw_header (doc, spec);
      if (total)
        {
          cairo_set_line_width (doc->cr, 0.8);
          cairo_move_to (doc->cr, MARGIN, doc->y);
          cairo_line_to (doc->cr, MARGIN + CONTENT, doc->y);
          cairo_stroke (doc->cr);
        }
      draw_row (doc, spec, cells, total, !total && r % 2 == 1);
    }
  doc->y += 8;
}

/* ---- Charts --------------------------------------------------------- */

/* A horizontal bar per label, 0–100 %, with the target as a dashed line
 * and the value at the end of the bar. Bars at or over the target are
 * green, the others orange. */
static void
bar_chart (Doc           *doc,
           char         **labels,
           const double  *percents,
           guint          n,
           double         target,
           const char    *legend_text)
{
  const double label_w = 150, value_w = 44, bar_h = 11, gap = 4;
  double bar_w = CONTENT - label_w - value_w;
  double x0 = MARGIN + label_w;

  for (guint i = 0; i < n; i++)
    {
      double p = CLAMP (percents[i], 0, 100);
      g_autofree char *value = format_percent (percents[i]);

      ensure (doc, bar_h + gap);
      cairo_set_source_rgb (doc->cr, INK);
      layout_text (doc, labels[i], 8, FALSE, label_w - 6, RIGHT);
      pango_layout_set_ellipsize (doc->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (doc->layout, -1);
      cairo_move_to (doc->cr, MARGIN, doc->y);
      pango_cairo_show_layout (doc->cr, doc->layout);
      pango_layout_set_ellipsize (doc->layout, PANGO_ELLIPSIZE_NONE);

      cairo_set_source_rgb (doc->cr, LIGHT);
      cairo_rectangle (doc->cr, x0, doc->y + 1, bar_w, bar_h - 2);
      cairo_fill (doc->cr);
      if (target > 0 && percents[i] >= target)
        cairo_set_source_rgb (doc->cr, GREEN);
      else
        cairo_set_source_rgb (doc->cr, ORANGE);
      cairo_rectangle (doc->cr, x0, doc->y + 1, bar_w * p / 100, bar_h - 2);
      cairo_fill (doc->cr);
      cairo_set_source_rgb (doc->cr, INK);
      draw_text_at (doc, value, x0 + bar_w + 4, doc->y, value_w - 4, 8, FALSE, LEFT);

      if (target > 0)
        {
          double tx = x0 + bar_w * target / 100;
          const double dash[] = { 2.0, 2.0 };

          cairo_set_source_rgb (doc->cr, RED);
          cairo_set_line_width (doc->cr, 1.0);
          cairo_set_dash (doc->cr, dash, 2, 0);
          cairo_move_to (doc->cr, tx, doc->y - gap / 2);
          cairo_line_to (doc->cr, tx, doc->y + bar_h + gap / 2);
          cairo_stroke (doc->cr);
          cairo_set_dash (doc->cr, NULL, 0, 0);
        }
      doc->y += bar_h + gap;
    }
  if (target > 0)
    {
      g_autofree char *t = format_percent (target);
      /* Translators: the legend of the dashed line in the report charts */
      g_autofree char *legend = legend_text != NULL ? g_strdup (legend_text)
                                                    : g_strdup_printf (_("Dashed line: the target, %s"), t);

      cairo_set_source_rgb (doc->cr, RED);
      draw_text_at (doc, legend, x0, doc->y, bar_w, 7.5, FALSE, LEFT);
      cairo_set_source_rgb (doc->cr, INK);
      doc->y += 12;
    }
  doc->y += 8;
}

/* One wide bar: @done of @whole against @target %. */
static void
progress_bar (Doc    *doc,
              double  percent,
              double  started_percent,
              double  target)
{
  const double h = 22;
  double p = CLAMP (percent, 0, 100), s = CLAMP (started_percent, 0, 100);
  double tx = MARGIN + CONTENT * target / 100;

  ensure (doc, h + 30);
  cairo_set_source_rgb (doc->cr, LIGHT);
  cairo_rectangle (doc->cr, MARGIN, doc->y, CONTENT, h);
  cairo_fill (doc->cr);
  cairo_set_source_rgb (doc->cr, 0.600, 0.757, 0.945);
  cairo_rectangle (doc->cr, MARGIN, doc->y, CONTENT * s / 100, h);
  cairo_fill (doc->cr);
  cairo_set_source_rgb (doc->cr, BLUE);
  cairo_rectangle (doc->cr, MARGIN, doc->y, CONTENT * p / 100, h);
  cairo_fill (doc->cr);
  cairo_set_source_rgb (doc->cr, RED);
  cairo_set_line_width (doc->cr, 2);
  cairo_move_to (doc->cr, tx, doc->y - 4);
  cairo_line_to (doc->cr, tx, doc->y + h + 4);
  cairo_stroke (doc->cr);
  doc->y += h + 6;
  {
    g_autofree char *pc = format_percent (percent);
    g_autofree char *ps = format_percent (started_percent);
    g_autofree char *pt = format_percent (target);
    /* Translators: the legend under the progress bar of a course report */
    g_autofree char *legend = g_strdup_printf (_("Dark blue: completed (%s). Light blue: started (%s). Red line: the target (%s)."),
                                               pc, ps, pt);
    paragraph (doc, legend, 8, FALSE, 10);
  }
}

/* Columns, one per period, of @values out of @max, with the target line. */
static void
column_chart (Doc           *doc,
              char         **labels,
              const double  *percents,
              guint          n,
              double         target)
{
  const double h = 120, axis_w = 30, label_h = 14;
  double w = CONTENT - axis_w;
  double col = n > 0 ? w / n : w;
  double top, x0 = MARGIN + axis_w;
  guint every = n > 24 ? (n + 11) / 12 : (n > 12 ? 2 : 1);

  ensure (doc, h + label_h + 20);
  top = doc->y + 4;
  cairo_set_source_rgb (doc->cr, GREY);
  for (int g = 0; g <= 100; g += 25)
    {
      g_autofree char *tick = g_strdup_printf ("%d %%", g);
      double gy = top + h - h * g / 100.0;

      cairo_set_line_width (doc->cr, 0.3);
      cairo_move_to (doc->cr, x0, gy);
      cairo_line_to (doc->cr, x0 + w, gy);
      cairo_stroke (doc->cr);
      draw_text_at (doc, tick, MARGIN, gy - 5, axis_w - 4, 7, FALSE, RIGHT);
    }
  for (guint i = 0; i < n; i++)
    {
      double p = CLAMP (percents[i], 0, 100);
      double bh = h * p / 100;

      if (target > 0 && percents[i] >= target)
        cairo_set_source_rgb (doc->cr, GREEN);
      else
        cairo_set_source_rgb (doc->cr, BLUE);
      cairo_rectangle (doc->cr, x0 + i * col + col * 0.15, top + h - bh, col * 0.7, bh);
      cairo_fill (doc->cr);
      if (i % every == 0)
        {
          cairo_set_source_rgb (doc->cr, INK);
          draw_text_at (doc, labels[i], x0 + i * col - 10, top + h + 2, col * every + 20, 6.5, FALSE, LEFT);
        }
    }
  if (target > 0)
    {
      const double dash[] = { 3.0, 2.0 };
      double ty = top + h - h * target / 100;

      cairo_set_source_rgb (doc->cr, RED);
      cairo_set_line_width (doc->cr, 1.0);
      cairo_set_dash (doc->cr, dash, 2, 0);
      cairo_move_to (doc->cr, x0, ty);
      cairo_line_to (doc->cr, x0 + w, ty);
      cairo_stroke (doc->cr);
      cairo_set_dash (doc->cr, NULL, 0, 0);
    }
  cairo_set_source_rgb (doc->cr, INK);
  doc->y = top + h + label_h + 10;
}

/* ---- The document --------------------------------------------------- */

static void
doc_begin (Doc        *doc,
           const char *path,
           gint64      made_at)
{
  doc->surface = cairo_pdf_surface_create (path, PAGE_WIDTH, PAGE_HEIGHT);
  doc->cr = cairo_create (doc->surface);
  doc->layout = pango_cairo_create_layout (doc->cr);
  doc->y = MARGIN;
  doc->page = 1;
  doc->footer = format_made (made_at);
  cairo_pdf_surface_set_metadata (doc->surface, CAIRO_PDF_METADATA_CREATOR, "Plenary " PACKAGE_VERSION);
}

static void
doc_title (Doc        *doc,
           const char *title,
           const char *subtitle)
{
  cairo_pdf_surface_set_metadata (doc->surface, CAIRO_PDF_METADATA_TITLE, title);
  paragraph (doc, subtitle, 10, FALSE, 2);
  paragraph (doc, title, 17, TRUE, 10);
}

static gboolean
doc_end (Doc         *doc,
         const char  *path,
         GError     **error)
{
  cairo_status_t status;

  draw_footer (doc);
  cairo_show_page (doc->cr);
  g_clear_object (&doc->layout);
  g_clear_pointer (&doc->cr, cairo_destroy);
  cairo_surface_finish (doc->surface);
  status = cairo_surface_status (doc->surface);
  g_clear_pointer (&doc->surface, cairo_surface_destroy);
  g_clear_pointer (&doc->footer, g_free);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot write the PDF %s: %s. Check that its folder exists and can be written to."),
                   path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static char **
cells (const char *first,
       ...)
{
  GPtrArray *out = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *c = first; c != NULL; c = va_arg (args, const char *))
    g_ptr_array_add (out, g_strdup (c));
  va_end (args);
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

/* ---- Course --------------------------------------------------------- */

gboolean
pln_report_pdf_write_course (PlnCourseReport  *report,
                             const char       *path,
                             GError          **error)
{
  PlnCourse *course = pln_course_report_get_course (report);
  const PlnCourseRow *total = pln_course_report_get_total (report);
  GPtrArray *not_started = pln_course_report_get_not_started (report);
  GArray *trend = pln_course_report_get_trend (report);
  guint n_rows = pln_course_report_get_n_rows (report);
  double target = pln_course_get_target_percent (course);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *subtitle = NULL;
  g_autofree char *line = NULL;
  g_autofree char *audience = group_digits (total->audience);
  g_autofree char *started = group_digits (total->started);
  g_autofree char *completed = group_digits (total->completed);
  g_autofree char *percent = format_percent (pln_course_row_get_percent (total));
  g_autofree char *target_text = format_percent (target);
  const char *group_title;
  const char *by_title;
  Doc doc = { 0 };

  switch (pln_course_report_get_grouping (report))
    {
    case PLN_COURSE_BY_UNIT:
      group_title = _("Unit");
      by_title = _("Completion by unit");
      break;
    case PLN_COURSE_BY_LEVEL:
      group_title = _("Level");
      by_title = _("Completion by level");
      break;
    case PLN_COURSE_BY_DISTRICT:
    default:
      group_title = _("District");
      by_title = _("Completion by district");
      break;
    }

  doc_begin (&doc, path, pln_course_report_get_made_at (report));
  /* Translators: the line above a course report's title */
  subtitle = g_strdup_printf (_("Course completion report — course %lld"), (long long) pln_course_get_id (course));
  doc_title (&doc, pln_course_get_title (course), subtitle);
  if (*pln_course_get_description (course) != '\0')
    paragraph (&doc, pln_course_get_description (course), 9, FALSE, 8);

  if (pln_course_get_target_date (course) != 0)
    {
      g_autofree char *date = format_date (pln_course_get_target_date (course));
      /* Translators: "Target: 90.0 % of the audience complete the course by 10/10/2025; ..." */
      line = g_strdup_printf (_("Target: %s of the audience complete the course by %s. An item counts as completed when %u %% of it has been watched."),
                              target_text, date, pln_course_get_completion_percent (course));
    }
  else
    line = g_strdup_printf (_("Target: %s of the audience complete the course. An item counts as completed when %u %% of it has been watched."),
                            target_text, pln_course_get_completion_percent (course));
  paragraph (&doc, line, 9, FALSE, 10);
  g_clear_pointer (&line, g_free);

  /* Translators: the totals of a course report */
  line = g_strdup_printf (_("Audience: %s people. Started: %s. Completed: %s (%s)."),
                          audience, started, completed, percent);
  paragraph (&doc, line, 11, TRUE, 8);
  progress_bar (&doc, pln_course_row_get_percent (total),
                total->audience ? total->started * 100.0 / total->audience : 0, target);

  if (n_rows > 0 && n_rows <= 40)
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();
      g_autofree double *percents = g_new0 (double, n_rows);

      heading (&doc, by_title);
      for (guint i = 0; i < n_rows; i++)
        {
          const PlnCourseRow *row = pln_course_report_get_row (report, i);

          g_ptr_array_add (labels, row->label);
          percents[i] = pln_course_row_get_percent (row);
        }
      bar_chart (&doc, (char **) labels->pdata, percents, n_rows, target, NULL);
    }

  heading (&doc, n_rows > 40 ? by_title : _("Figures"));
  for (guint i = 0; i <= n_rows; i++)
    {
      const PlnCourseRow *row = i < n_rows ? pln_course_report_get_row (report, i) : total;
      g_autofree char *a = group_digits (row->audience);
      g_autofree char *s = group_digits (row->started);
      g_autofree char *c = group_digits (row->completed);
      g_autofree char *p = format_percent (pln_course_row_get_percent (row));

      g_ptr_array_add (rows, cells (row->label, a, s, c, p,
                                    pln_course_report_row_meets_target (report, row) ? _("yes") : _("no"), NULL));
    }
  {
    const char *headers[] = { group_title, _("Audience"), _("Started"), _("Completed"), _("Completed %"), _("Target met") };
    const double widths[] = { 0.40, 0.12, 0.12, 0.12, 0.12, 0.12 };
    TableSpec spec = { 6, headers, widths, "lrrrrr" };

    table (&doc, &spec, rows, TRUE);
  }

  if (trend->len > 0)
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
      g_autofree double *percents = g_new0 (double, trend->len);

      heading (&doc, _("Completed by the end of each month (share of the audience)"));
      for (guint i = 0; i < trend->len; i++)
        {
          const PlnCourseTrendPoint *t = &g_array_index (trend, PlnCourseTrendPoint, i);

          g_ptr_array_add (labels, g_strdup_printf ("%02d/%04d", t->month, t->year));
          percents[i] = total->audience ? t->completed * 100.0 / total->audience : 0;
        }
      column_chart (&doc, (char **) labels->pdata, percents, trend->len, target);
    }

  {
    g_autofree char *n = group_digits (not_started->len);
    const guint shown = MIN (not_started->len, 150);
    g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
    const char *headers[] = { _("Staff number"), _("Name"), _("Title"), _("Site"), _("District") };
    const double widths[] = { 0.12, 0.22, 0.24, 0.24, 0.18 };
    TableSpec spec = { 5, headers, widths, "lllll" };

    g_clear_pointer (&line, g_free);
    /* Translators: heading of the list of people who have not started a course */
    line = g_strdup_printf (_("Not started: %s people"), n);
    heading (&doc, line);
    for (guint i = 0; i < shown; i++)
      {
        const PlnCoursePerson *p = g_ptr_array_index (not_started, i);
        g_ptr_array_add (people, cells (p->staff_number, p->name, p->title, p->site, p->district, NULL));
      }
    if (shown > 0)
      table (&doc, &spec, people, FALSE);
    if (shown < not_started->len)
      {
        g_autofree char *rest = group_digits (not_started->len - shown);
        g_autofree char *more = g_strdup_printf (_("… and %s more. The full list: plenary report course %lld --not-started --csv"),
                                                 rest, (long long) pln_course_get_id (course));
        paragraph (&doc, more, 8.5, FALSE, 4);
      }
  }

  return doc_end (&doc, path, error);
}

/* ---- Attendance ----------------------------------------------------- */

gboolean
pln_report_pdf_write_attendance (PlnAttendanceReport  *report,
                                 PlnStore             *store,
                                 const char           *path,
                                 GError              **error)
{
  const PlnAttendanceRow *total = pln_attendance_report_get_total (report);
  guint n_rows = pln_attendance_report_get_n_rows (report);
  gint64 event_id = pln_attendance_report_get_event_id (report);
  g_autoptr(PlnEvent) event = NULL;
  g_autoptr(GListModel) points = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *subtitle = NULL;
  g_autofree char *line = NULL;
  g_autofree char *when = NULL;
  gint64 until;
  Doc doc = { 0 };

  event = pln_store_get_event (store, event_id, error);
  if (event == NULL)
    return FALSE;
  /* Connected time is counted up to the end of the event. */
  until = MIN (g_get_real_time () / G_USEC_PER_SEC, pln_event_get_ends_at (event));
  points = pln_store_get_points_model (store, event_id);

  doc_begin (&doc, path, g_get_real_time () / G_USEC_PER_SEC);
  when = format_date (pln_event_get_starts_at (event));
  /* Translators: the line above an attendance report's title: "Attendance report — event 1, 10/11/2022" */
  subtitle = g_strdup_printf (_("Attendance report — event %lld, %s"), (long long) event_id, when);
  doc_title (&doc, pln_attendance_report_get_event_title (report), subtitle);

  {
    g_autofree char *p = group_digits (total->points);
    g_autofree char *c = group_digits (total->connected);
    g_autofree char *e = group_digits (total->expected);
    g_autofree char *r = group_digits (total->reported);

    /* Translators: the totals of an attendance report */
    line = g_strdup_printf (_("%s of %s points connected. Delegates: %s expected, %s reported."), c, p, e, r);
    paragraph (&doc, line, 11, TRUE, 10);
  }

  if (n_rows > 0 && n_rows <= 40)
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();
      g_autofree double *percents = g_new0 (double, n_rows);

      heading (&doc, pln_attendance_report_get_grouping (report) == PLN_REPORT_BY_LEVEL
                     ? _("Reported head-count against expected, by level")
                     : _("Reported head-count against expected, by district"));
      for (guint i = 0; i < n_rows; i++)
        {
          const PlnAttendanceRow *row = pln_attendance_report_get_row (report, i);

          g_ptr_array_add (labels, row->label);
          percents[i] = row->expected > 0 ? row->reported * 100.0 / row->expected : 0;
        }
      /* Translators: the legend of the attendance chart */
      bar_chart (&doc, (char **) labels->pdata, percents, n_rows, 100,
                 _("Dashed line: the expected head-count (100 %). Green: as many or more came."));
    }

  heading (&doc, _("Figures"));
  for (guint i = 0; i <= n_rows; i++)
    {
      const PlnAttendanceRow *row = i < n_rows ? pln_attendance_report_get_row (report, i) : total;
      g_autofree char *p = group_digits (row->points);
      g_autofree char *c = group_digits (row->connected);
      g_autofree char *e = group_digits (row->expected);
      g_autofree char *r = group_digits (row->reported);

      g_ptr_array_add (rows, cells (row->label, p, c, e, r, NULL));
    }
  {
    const char *headers[] = { pln_attendance_report_get_grouping (report) == PLN_REPORT_BY_LEVEL ? _("Level") : _("District"),
                              _("Points"), _("Connected"), _("Expected"), _("Reported") };
    const double widths[] = { 0.44, 0.14, 0.14, 0.14, 0.14 };
    TableSpec spec = { 5, headers, widths, "lrrrr" };

    table (&doc, &spec, rows, TRUE);
  }

  heading (&doc, _("Each point: how long it was connected"));
  g_ptr_array_set_size (rows, 0);
  for (guint i = 0; i < g_list_model_get_n_items (points); i++)
    {
      g_autoptr(PlnBridgePoint) point = g_list_model_get_item (points, i);
      gint64 seconds = pln_store_get_connected_seconds (store, pln_bridge_point_get_id (point), until, NULL);
      g_autofree char *duration = seconds > 0 ? pln_format_duration (seconds) : g_strdup ("—");
      g_autofree char *expected = group_digits (pln_bridge_point_get_expected_count (point));
      g_autofree char *reported = pln_bridge_point_get_reported_count (point) >= 0 && pln_bridge_point_get_reported_at (point) != 0
        ? group_digits (pln_bridge_point_get_reported_count (point)) : g_strdup ("—");

      g_ptr_array_add (rows, cells (pln_bridge_point_get_site_name (point), pln_bridge_point_get_district_name (point),
                                    expected, reported, duration, NULL));
    }
  {
    const char *headers[] = { _("Site"), _("District"), _("Expected"), _("Reported"), _("Connected for") };
    const double widths[] = { 0.38, 0.22, 0.12, 0.12, 0.16 };
    TableSpec spec = { 5, headers, widths, "llrrr" };

    table (&doc, &spec, rows, FALSE);
  }

  return doc_end (&doc, path, error);
}

/* ---- Year ----------------------------------------------------------- */

gboolean
pln_report_pdf_write_year (PlnYearReport  *report,
                           const char     *path,
                           GError        **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GArray *courses = pln_year_report_get_courses (report);
  g_autofree char *title = NULL;
  g_autofree char *hours = NULL;
  Doc doc = { 0 };
  struct { const char *label; gint64 value; } figures[] = {
    { N_("Events held"), pln_year_report_get_events (report, NULL) },
    { N_("  conferences"), pln_year_report_get_events (report, "conference") },
    { N_("  trainings"), pln_year_report_get_events (report, "training") },
    { N_("  workshops"), pln_year_report_get_events (report, "workshop") },
    { N_("Bridge points"), pln_year_report_get_points (report) },
    { N_("Bridge points connected"), pln_year_report_get_points_connected (report) },
    { N_("Delegates expected"), pln_year_report_get_delegates_expected (report) },
    { N_("Delegates reached (reported)"), pln_year_report_get_delegates_reached (report) },
    { N_("Recordings made"), pln_year_report_get_recordings (report) },
    { N_("Recordings published"), pln_year_report_get_recordings_published (report) },
    { N_("Replays (person × recording)"), pln_year_report_get_replays (report) },
    { N_("Staff who replayed"), pln_year_report_get_viewers (report) },
  };

  doc_begin (&doc, path, g_get_real_time () / G_USEC_PER_SEC);
  /* Translators: the title of the yearly report */
  title = g_strdup_printf (_("Activity in %d"), pln_year_report_get_year (report));
  doc_title (&doc, title, _("Yearly activity summary"));

  heading (&doc, _("Events, recordings and replays"));
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_autofree char *value = group_digits (figures[i].value);
      g_ptr_array_add (rows, cells (_(figures[i].label), value, NULL));
      if (i == 8)
        {
          hours = g_strdup_printf ("%.1f", pln_year_report_get_hours_recorded (report));
          g_ptr_array_add (rows, cells (_("Hours recorded"), hours, NULL));
        }
    }
  {
    const char *headers[] = { _("Figure"), _("Value") };
    const double widths[] = { 0.7, 0.3 };
    TableSpec spec = { 2, headers, widths, "lr" };

    table (&doc, &spec, rows, FALSE);
  }

  if (courses->len > 0)
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();
      g_autofree double *percents = g_new0 (double, courses->len);
      double target = 0;
      const char *headers[] = { _("Course"), _("Audience"), _("Started"), _("Completed"), _("Completed %"), _("Target") };
      const double widths[] = { 0.40, 0.12, 0.12, 0.12, 0.12, 0.12 };
      TableSpec spec = { 6, headers, widths, "lrrrrr" };

      heading (&doc, _("Course completion"));
      g_ptr_array_set_size (rows, 0);
      for (guint i = 0; i < courses->len; i++)
        {
          const PlnYearCourse *c = &g_array_index (courses, PlnYearCourse, i);
          g_autofree char *a = group_digits (c->audience);
          g_autofree char *s = group_digits (c->started);
          g_autofree char *d = group_digits (c->completed);
          g_autofree char *p = NULL;
          g_autofree char *t = format_percent (c->target_percent);

          percents[i] = c->audience ? c->completed * 100.0 / c->audience : 0;
          p = format_percent (percents[i]);
          g_ptr_array_add (labels, c->title);
          g_ptr_array_add (rows, cells (c->title, a, s, d, p, t, NULL));
          target = c->target_percent;
        }
      bar_chart (&doc, (char **) labels->pdata, percents, courses->len, courses->len == 1 ? target : 0, NULL);
      table (&doc, &spec, rows, FALSE);
    }

  return doc_end (&doc, path, error);
}

/* ---- In a thread ---------------------------------------------------- */

typedef struct
{
  GObject *report;
  char    *store_path;
  char    *path;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_clear_object (&data->report);
  g_free (data->store_path);
  g_free (data->path);
  g_free (data);
}

static gboolean
write_attendance_in_thread (WriteData  *data,
                            GError    **error)
{
  /* The store's models watch for other writers on the thread-default
   * context: give them one of this thread's own, dropped with them. */
  g_autoptr(GMainContext) context = g_main_context_new ();
  gboolean ok = FALSE;

  g_main_context_push_thread_default (context);
  {
    g_autoptr(PlnStore) store = pln_store_open (data->store_path, error);

    if (store != NULL)
      ok = pln_report_pdf_write_attendance (PLN_ATTENDANCE_REPORT (data->report), store,
                                            data->path, error);
  }
  g_main_context_pop_thread_default (context);
  return ok;
}

static void
write_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (PLN_IS_COURSE_REPORT (data->report))
    ok = pln_report_pdf_write_course (PLN_COURSE_REPORT (data->report), data->path, &error);
  else if (PLN_IS_YEAR_REPORT (data->report))
    ok = pln_report_pdf_write_year (PLN_YEAR_REPORT (data->report), data->path, &error);
  else
    ok = write_attendance_in_thread (data, &error);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
pln_report_pdf_write_async (GObject             *report,
                            const char          *store_path,
                            const char          *path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteData *data;

  g_return_if_fail (PLN_IS_COURSE_REPORT (report) || PLN_IS_ATTENDANCE_REPORT (report) ||
                    PLN_IS_YEAR_REPORT (report));
  g_return_if_fail (path != NULL);
  g_return_if_fail (!PLN_IS_ATTENDANCE_REPORT (report) || store_path != NULL);

  data = g_new0 (WriteData, 1);
  data->report = g_object_ref (report);
  data->store_path = g_strdup (store_path);
  data->path = g_strdup (path);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pln_report_pdf_write_async);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread);
}

gboolean
pln_report_pdf_write_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pln_report_pdf_write_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
