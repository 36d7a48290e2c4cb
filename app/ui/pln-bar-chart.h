/* pln-bar-chart.h: a small chart drawn in the app: one bar per group
 * (horizontal bars with the group's name on the left and its figure on the
 * right) or one column per period (a trend), each with a lighter
 * secondary value behind it (started behind completed, expected behind
 * reported) and an optional target drawn as a dashed line. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  PLN_BAR_CHART_BARS,     /* a row per group */
  PLN_BAR_CHART_COLUMNS,  /* a column per period, left to right */
} PlnBarChartLayout;

#define PLN_TYPE_BAR_CHART (pln_bar_chart_get_type ())
G_DECLARE_FINAL_TYPE (PlnBarChart, pln_bar_chart, PLN, BAR_CHART, GtkWidget)

GtkWidget        *pln_bar_chart_new          (PlnBarChartLayout  layout);
PlnBarChartLayout pln_bar_chart_get_layout   (PlnBarChart       *self);
void              pln_bar_chart_set_layout   (PlnBarChart       *self,
                                              PlnBarChartLayout  layout);
void              pln_bar_chart_clear        (PlnBarChart       *self);
/* Appends a bar: @value is drawn strong, @secondary light behind it (0:
 * none); @value_text is the figure written beside the bar (NULL: none). */
void              pln_bar_chart_add          (PlnBarChart       *self,
                                              const char        *label,
                                              double             value,
                                              double             secondary,
                                              const char        *value_text);
guint             pln_bar_chart_get_n_bars   (PlnBarChart       *self);
/* The value at the far end of the scale; 0: the largest value shown. */
void              pln_bar_chart_set_maximum  (PlnBarChart       *self,
                                              double             maximum);
/* A dashed line at @target with @label over it; a bar reaching it is drawn
 * in the success colour. A negative @target removes it. */
void              pln_bar_chart_set_target   (PlnBarChart       *self,
                                              double             target,
                                              const char        *label);
/* What the strong and the light bars mean, drawn under the chart. */
void              pln_bar_chart_set_legend   (PlnBarChart       *self,
                                              const char        *primary,
                                              const char        *secondary);

G_END_DECLS
