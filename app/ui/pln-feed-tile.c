/* pln-feed-tile.c: see pln-feed-tile.h. */
#define G_LOG_DOMAIN "plenary-feed-tile"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-bridge-point.h"
#include "pln-feed-tile.h"
#include "pln-frame-paintable.h"

/* The meters show −60 dB … 0 dB. */
#define METER_FLOOR_DB (-60.0)
/* A wall of previews redraws the window for each frame: at most this many
 * frames a second per feed keeps a busy machine's main loop free (the tap
 * gives up to 15). */
#define PREVIEW_MIN_INTERVAL_US (G_USEC_PER_SEC / 6)

struct _PlnFeedTile
{
  AdwBin             parent_instance;

  gint64             source_id;
  char              *uri;
  PlnRecorder       *recorder;
  PlnPreviewTap     *tap;
  PlnFramePaintable *paintable;
  gboolean           watching;

  /* Figures. */
  PlnRecorderState   state;
  double             bitrate_kbps;
  double             fps;
  gint64             elapsed_ms;
  double             frames;
  guint64            frames_dropped;
  gint64             silent_since_us;   /* monotonic; 0: not silent */
  gint64             lost_since_us;     /* monotonic; 0: not reconnecting */
  gint64             last_frame_us;
  gboolean           idle_can_record;

  GtkPicture        *preview;
  GtkLabel          *placeholder;
  GtkLabel          *state_label;
  GtkLabel          *silence_label;
  GtkLabel          *title_label;
  GtkLabel          *uri_label;
  GtkButton         *record_button;
  GtkButton         *stop_button;
  GtkButton         *remove_button;
  GtkBox            *meters;
  GtkLabel          *figures_label;
};

G_DEFINE_FINAL_TYPE (PlnFeedTile, pln_feed_tile, ADW_TYPE_BIN)

enum {
  FIGURES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const state_classes[] = {
  "feed-state-recording", "feed-state-reconnecting", "feed-state-failed", "feed-state-idle",
};

/* ---- Helpers ------------------------------------------------------------ */

static void
set_str (char       **target,
                 const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*target);
  *target = copy;
}

static char *
format_clock (gint64 ms)
{
  gint64 s = MAX (ms, 0) / 1000;

  return g_strdup_printf ("%d:%02d:%02d", (int) (s / 3600), (int) (s / 60 % 60), (int) (s % 60));
}

static void
set_state_text (PlnFeedTile *self,
                const char  *text,
                const char  *css_class)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), state_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), css_class);
  gtk_label_set_text (self->state_label, text);
}

static void
update_buttons (PlnFeedTile *self)
{
  gboolean active = self->recorder != NULL &&
                    self->state != PLN_RECORDER_STATE_STOPPED && self->state != PLN_RECORDER_STATE_FAILED;
  g_autoptr(GVariant) target = g_variant_ref_sink (g_variant_new_int64 (self->source_id));

  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->stop_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->record_button),
                                          g_variant_new_string (self->uri));
  /* Offered on a recording feed too: the page then says to stop it first. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->remove_button),
                                          g_variant_new_string (self->uri));
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), active);
  gtk_widget_set_visible (GTK_WIDGET (self->record_button), !active && self->idle_can_record);
}

static void
update_placeholder (PlnFeedTile *self,
                    const char  *text)
{
  gboolean show = text != NULL || !pln_frame_paintable_has_frame (self->paintable);

  if (text == NULL && show)
    text = self->watching ? _("Waiting for the first picture…") : "";
  gtk_label_set_text (self->placeholder, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->placeholder), show);
}

static void
update_meters (PlnFeedTile  *self,
               const double *levels,
               guint         n)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->meters));
  guint count = 0;

  for (GtkWidget *c = child; c != NULL; c = gtk_widget_get_next_sibling (c))
    count++;
  /* One bar per channel (a mono feed has one). */
  while (count < n)
    {
      GtkLevelBar *bar = GTK_LEVEL_BAR (gtk_level_bar_new_for_interval (0.0, 1.0));

      gtk_widget_set_name (GTK_WIDGET (bar), "feed-meter");
      gtk_level_bar_remove_offset_value (bar, GTK_LEVEL_BAR_OFFSET_LOW);
      gtk_level_bar_remove_offset_value (bar, GTK_LEVEL_BAR_OFFSET_HIGH);
      gtk_level_bar_remove_offset_value (bar, GTK_LEVEL_BAR_OFFSET_FULL);
      gtk_level_bar_add_offset_value (bar, "meter-ok", 0.9);   /* up to −6 dB */
      gtk_level_bar_add_offset_value (bar, "meter-hot", 1.0);
      gtk_widget_add_css_class (GTK_WIDGET (bar), "feed-meter");
      gtk_box_append (self->meters, GTK_WIDGET (bar));
      count++;
    }
  while (count > n)
    {
      gtk_box_remove (self->meters, gtk_widget_get_last_child (GTK_WIDGET (self->meters)));
      count--;
    }

  child = gtk_widget_get_first_child (GTK_WIDGET (self->meters));
  for (guint i = 0; i < n && child != NULL; i++, child = gtk_widget_get_next_sibling (child))
    {
      double value = CLAMP ((levels[i] - METER_FLOOR_DB) / -METER_FLOOR_DB, 0.0, 1.0);
      g_autofree char *tip = NULL;

      gtk_level_bar_set_value (GTK_LEVEL_BAR (child), value);
      /* Translators: the tooltip of an audio meter: channel number and peak level. */
      tip = g_strdup_printf (_("Channel %u: %.0f dB"), i + 1, levels[i]);
      gtk_widget_set_tooltip_text (child, tip);
    }
}

guint
pln_feed_tile_get_silent_seconds (PlnFeedTile *self)
{
  g_return_val_if_fail (PLN_IS_FEED_TILE (self), 0);

  if (self->silent_since_us == 0 || self->state != PLN_RECORDER_STATE_RECORDING)
    return 0;
  return (guint) ((g_get_monotonic_time () - self->silent_since_us) / G_USEC_PER_SEC);
}

static void
update_figures (PlnFeedTile *self)
{
  g_autofree char *clock = format_clock (self->elapsed_ms);
  g_autofree char *text = NULL;
  guint silent = pln_feed_tile_get_silent_seconds (self);
  double total = self->frames + self->frames_dropped;
  double dropped_pct = total > 0 ? 100.0 * self->frames_dropped / total : 0.0;

  if (self->recorder == NULL)
    {
      gtk_label_set_text (self->figures_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->silence_label), FALSE);
      return;
    }
  /* Translators: a feed's figures: elapsed time, bitrate, frame rate,
   * frames dropped and their share. */
  text = g_strdup_printf (_("%s · %.0f kbit/s · %.0f fps · %u dropped (%.1f %%)"),
                          clock, self->bitrate_kbps, self->fps, (guint) MIN (self->frames_dropped, G_MAXUINT),
                          dropped_pct);
  gtk_label_set_text (self->figures_label, text);

  if (silent >= PLN_FEED_TILE_SILENCE_SECONDS)
    {
      g_autofree char *duration = pln_format_duration (silent);
      g_autofree char *warning = g_strdup_printf (_("No sound for %s: check the microphone or the feed’s audio"),
                                                  duration);

      gtk_label_set_text (self->silence_label, warning);
      gtk_widget_set_visible (GTK_WIDGET (self->silence_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->silence_label), FALSE);
}

static void
update_state (PlnFeedTile *self)
{
  const GError *error;
  g_autofree char *text = NULL;

  if (self->recorder == NULL)
    return;

  switch (self->state)
    {
    case PLN_RECORDER_STATE_IDLE:
    case PLN_RECORDER_STATE_STARTING:
      set_state_text (self, _("Connecting…"), "feed-state-idle");
      update_placeholder (self, _("Connecting to the feed…"));
      break;
    case PLN_RECORDER_STATE_RECORDING:
      /* Translators: the badge of a feed being recorded. */
      set_state_text (self, _("● Recording"), "feed-state-recording");
      update_placeholder (self, NULL);
      break;
    case PLN_RECORDER_STATE_RECONNECTING:
      {
        gint64 lost = self->lost_since_us != 0 ? (g_get_monotonic_time () - self->lost_since_us) / G_USEC_PER_SEC : 0;
        g_autofree char *duration = pln_format_duration (lost);

        /* Translators: the badge of a feed whose link dropped; %s is how long ago, "12 s". */
        text = g_strdup_printf (_("Link lost %s ago · reconnecting…"), duration);
        set_state_text (self, text, "feed-state-reconnecting");
        update_placeholder (self, _("Plenary keeps trying; the recording goes on when the picture comes back."));
      }
      break;
    case PLN_RECORDER_STATE_STOPPED:
      set_state_text (self, _("Stopped"), "feed-state-idle");
      update_placeholder (self, _("Recording stopped. It is being packaged for the Library."));
      break;
    case PLN_RECORDER_STATE_FAILED:
    default:
      error = pln_recorder_get_error (self->recorder);
      set_state_text (self, _("Failed"), "feed-state-failed");
      text = g_strdup_printf (_("Recording failed: %s"), error != NULL ? error->message : _("unknown error"));
      update_placeholder (self, text);
      break;
    }
  update_buttons (self);
}

/* ---- Recorder signals --------------------------------------------------- */

static void
on_recorder_stats_cb (PlnRecorder      *recorder,
                      PlnRecorderStats *stats,
                      PlnFeedTile      *self)
{
  double peak = -200.0;

  self->bitrate_kbps = stats->bitrate_kbps;
  self->fps = stats->fps;
  self->elapsed_ms = stats->elapsed_ms;
  self->frames += stats->fps;
  self->frames_dropped = stats->frames_dropped;

  for (guint i = 0; i < stats->n_channels && i < PLN_RECORDER_MAX_CHANNELS; i++)
    peak = MAX (peak, stats->level_db[i]);
  if (self->state == PLN_RECORDER_STATE_RECORDING && stats->n_channels > 0 && peak < PLN_FEED_TILE_SILENCE_DB)
    {
      if (self->silent_since_us == 0)
        self->silent_since_us = g_get_monotonic_time ();
    }
  else
    self->silent_since_us = 0;

  /* Without the preview tap's levels (not watched), the meters follow
   * the once-a-second figures. */
  if (!self->watching && stats->n_channels > 0)
    update_meters (self, stats->level_db, MIN (stats->n_channels, PLN_RECORDER_MAX_CHANNELS));

  update_figures (self);
  if (self->state == PLN_RECORDER_STATE_RECONNECTING)
    update_state (self);
  g_signal_emit (self, signals[FIGURES_CHANGED], 0);
}

static void
on_recorder_state_cb (PlnRecorder *recorder,
                      GParamSpec  *pspec,
                      PlnFeedTile *self)
{
  PlnRecorderState state = pln_recorder_get_state (recorder);

  if (state == self->state)
    return;
  if (state == PLN_RECORDER_STATE_RECONNECTING)
    self->lost_since_us = g_get_monotonic_time ();
  else
    self->lost_since_us = 0;
  if (state != PLN_RECORDER_STATE_RECORDING)
    {
      pln_frame_paintable_clear (self->paintable);
      self->bitrate_kbps = self->fps = 0;
      self->silent_since_us = 0;
      update_meters (self, NULL, 0);
    }
  self->state = state;
  update_state (self);
  update_figures (self);
  g_signal_emit (self, signals[FIGURES_CHANGED], 0);
}

static void
on_tap_frame_cb (PlnPreviewTap *tap,
                 GBytes        *bytes,
                 int            width,
                 int            height,
                 int            stride,
                 PlnFeedTile   *self)
{
  gboolean first = !pln_frame_paintable_has_frame (self->paintable);
  gint64 now = g_get_monotonic_time ();

  if (!first && now - self->last_frame_us < PREVIEW_MIN_INTERVAL_US)
    return;
  self->last_frame_us = now;
  pln_frame_paintable_push (self->paintable, bytes, width, height, stride);
  if (first)
    update_placeholder (self, NULL);
}

static void
on_tap_levels_cb (PlnPreviewTap *tap,
                  GVariant      *levels,
                  PlnFeedTile   *self)
{
  gsize n = 0;
  const double *values = g_variant_get_fixed_array (levels, &n, sizeof (double));

  update_meters (self, values, (guint) MIN (n, PLN_RECORDER_MAX_CHANNELS));
}

static void
apply_watching (PlnFeedTile *self)
{
  if (self->tap != NULL)
    pln_preview_tap_set_enabled (self->tap, self->watching && self->recorder != NULL);
}

/* ---- GObject ------------------------------------------------------------ */

static void
pln_feed_tile_dispose (GObject *object)
{
  PlnFeedTile *self = PLN_FEED_TILE (object);

  pln_feed_tile_set_recorder (self, NULL);
  /* The template's top widget is AdwBin's child: AdwBin lets go of it
   * before the template drops it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLN_TYPE_FEED_TILE);
  g_clear_object (&self->paintable);

  G_OBJECT_CLASS (pln_feed_tile_parent_class)->dispose (object);
}

static void
pln_feed_tile_finalize (GObject *object)
{
  PlnFeedTile *self = PLN_FEED_TILE (object);

  g_free (self->uri);
  G_OBJECT_CLASS (pln_feed_tile_parent_class)->finalize (object);
}

static void
pln_feed_tile_class_init (PlnFeedTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pln_feed_tile_dispose;
  object_class->finalize = pln_feed_tile_finalize;

  signals[FIGURES_CHANGED] =
    g_signal_new ("figures-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenary/Plenary/ui/pln-feed-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, PlnFeedTile, preview);
  gtk_widget_class_bind_template_child (widget_class, PlnFeedTile, placeholder);
  gtk_widget_class_bind_template_child (widget_class, PlnFeedTile, state_label);
  gtk_widget_class_bind_template_child (widget_class, PlnFeedTile, silence_label);
  gtk_widget_class_bind_template_child (widget_class, PlnFeedTile, title_label);
  gtk_widget_class_bind_template_child (widget_class, PlnFeedTile, uri_label);
  gtk_widget_class_bind_template_child (widget_class, PlnFeedTile, record_button);
  gtk_widget_class_bind_template_child (widget_class, PlnFeedTile, stop_button);
  gtk_widget_class_bind_template_child (widget_class, PlnFeedTile, remove_button);
  gtk_widget_class_bind_template_child (widget_class, PlnFeedTile, meters);
  gtk_widget_class_bind_template_child (widget_class, PlnFeedTile, figures_label);
}

static void
pln_feed_tile_init (PlnFeedTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->paintable = pln_frame_paintable_new ();
  gtk_picture_set_paintable (self->preview, GDK_PAINTABLE (self->paintable));
  self->state = PLN_RECORDER_STATE_IDLE;
}

/* ---- Public API --------------------------------------------------------- */

PlnFeedTile *
pln_feed_tile_new (gint64      source_id,
                   const char *uri)
{
  PlnFeedTile *self;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (uri != NULL, NULL);

  self = g_object_new (PLN_TYPE_FEED_TILE, NULL);
  self->source_id = source_id;
  self->uri = g_strdup (uri);
  shown = pln_uri_strip_credentials (uri);
  if (shown != NULL)
    {
      /* Readable: "title=Sở Y tế", not "title=S%E1%BB%9F…". */
      g_autofree char *unescaped = g_uri_unescape_string (shown, NULL);

      if (unescaped != NULL && g_utf8_validate (unescaped, -1, NULL))
        set_str (&shown, unescaped);
    }
  gtk_label_set_text (self->uri_label, shown != NULL ? shown : uri);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->uri_label), shown != NULL ? shown : uri);
  gtk_label_set_text (self->title_label, shown != NULL ? shown : uri);
  update_buttons (self);
  return self;
}

gint64
pln_feed_tile_get_source_id (PlnFeedTile *self)
{
  g_return_val_if_fail (PLN_IS_FEED_TILE (self), 0);
  return self->source_id;
}

const char *
pln_feed_tile_get_uri (PlnFeedTile *self)
{
  g_return_val_if_fail (PLN_IS_FEED_TILE (self), NULL);
  return self->uri;
}

const char *
pln_feed_tile_get_title (PlnFeedTile *self)
{
  g_return_val_if_fail (PLN_IS_FEED_TILE (self), NULL);
  return gtk_label_get_text (self->title_label);
}

void
pln_feed_tile_set_title (PlnFeedTile *self,
                         const char  *title)
{
  g_return_if_fail (PLN_IS_FEED_TILE (self));
  gtk_label_set_text (self->title_label, title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), title);
}

void
pln_feed_tile_set_source_id (PlnFeedTile *self,
                             gint64       source_id)
{
  g_return_if_fail (PLN_IS_FEED_TILE (self));
  self->source_id = source_id;
  update_buttons (self);
}

void
pln_feed_tile_set_recorder (PlnFeedTile *self,
                            PlnRecorder *recorder)
{
  g_return_if_fail (PLN_IS_FEED_TILE (self));

  if (self->recorder == recorder)
    return;

  if (self->tap != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->tap, self);
      pln_preview_tap_set_enabled (self->tap, FALSE);
      g_clear_object (&self->tap);
    }
  if (self->recorder != NULL)
    g_signal_handlers_disconnect_by_data (self->recorder, self);
  g_clear_object (&self->recorder);

  self->bitrate_kbps = self->fps = self->frames = 0;
  self->frames_dropped = 0;
  self->elapsed_ms = 0;
  self->silent_since_us = self->lost_since_us = 0;
  self->state = PLN_RECORDER_STATE_IDLE;
  if (self->paintable != NULL)
    pln_frame_paintable_clear (self->paintable);

  if (recorder != NULL)
    {
      self->recorder = g_object_ref (recorder);
      self->tap = g_object_ref (pln_recorder_get_preview_tap (recorder));
      pln_preview_tap_set_width (self->tap, 320);
      g_signal_connect (self->tap, "frame", G_CALLBACK (on_tap_frame_cb), self);
      g_signal_connect (self->tap, "levels", G_CALLBACK (on_tap_levels_cb), self);
      g_signal_connect (recorder, "stats", G_CALLBACK (on_recorder_stats_cb), self);
      g_signal_connect (recorder, "notify::state", G_CALLBACK (on_recorder_state_cb), self);
      self->state = pln_recorder_get_state (recorder);
      if (self->state == PLN_RECORDER_STATE_RECONNECTING)
        self->lost_since_us = g_get_monotonic_time ();
      self->elapsed_ms = pln_recorder_get_elapsed_ms (recorder);
      apply_watching (self);
      update_state (self);
    }
  if (self->meters != NULL)
    update_meters (self, NULL, 0);
  if (self->figures_label != NULL)
    update_figures (self);
  if (self->stop_button != NULL)
    update_buttons (self);
}

PlnRecorder *
pln_feed_tile_get_recorder (PlnFeedTile *self)
{
  g_return_val_if_fail (PLN_IS_FEED_TILE (self), NULL);
  return self->recorder;
}

void
pln_feed_tile_set_idle (PlnFeedTile *self,
                        const char  *state,
                        const char  *explanation,
                        gboolean     can_record)
{
  g_return_if_fail (PLN_IS_FEED_TILE (self));

  self->idle_can_record = can_record;
  if (self->recorder == NULL)
    {
      set_state_text (self, state, "feed-state-idle");
      update_placeholder (self, explanation != NULL ? explanation : "");
    }
  update_buttons (self);
}

void
pln_feed_tile_set_watching (PlnFeedTile *self,
                            gboolean     watching)
{
  g_return_if_fail (PLN_IS_FEED_TILE (self));

  watching = !!watching;
  if (self->watching == watching)
    return;
  self->watching = watching;
  apply_watching (self);
}

PlnRecorderState
pln_feed_tile_get_state (PlnFeedTile *self)
{
  g_return_val_if_fail (PLN_IS_FEED_TILE (self), PLN_RECORDER_STATE_IDLE);
  return self->recorder != NULL ? self->state : PLN_RECORDER_STATE_IDLE;
}

double
pln_feed_tile_get_bitrate_kbps (PlnFeedTile *self)
{
  g_return_val_if_fail (PLN_IS_FEED_TILE (self), 0);
  return self->bitrate_kbps;
}

gint64
pln_feed_tile_get_elapsed_ms (PlnFeedTile *self)
{
  g_return_val_if_fail (PLN_IS_FEED_TILE (self), 0);
  return self->elapsed_ms;
}

guint64
pln_feed_tile_get_frames (PlnFeedTile *self)
{
  g_return_val_if_fail (PLN_IS_FEED_TILE (self), 0);
  return (guint64) self->frames;
}

guint64
pln_feed_tile_get_frames_dropped (PlnFeedTile *self)
{
  g_return_val_if_fail (PLN_IS_FEED_TILE (self), 0);
  return self->frames_dropped;
}

guint64
pln_feed_tile_get_n_preview_frames (PlnFeedTile *self)
{
  g_return_val_if_fail (PLN_IS_FEED_TILE (self), 0);
  return pln_frame_paintable_get_n_frames (self->paintable);
}
