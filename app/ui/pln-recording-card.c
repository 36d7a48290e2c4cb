/* pln-recording-card.c: see pln-recording-card.h. */
#define G_LOG_DOMAIN "plenary-library"

#include "config.h"

#include <glib/gi18n.h>

#include "pln-event.h"
#include "pln-recording-card.h"

/* Posters are shown at most this wide; read smaller, they cost less. */
#define CARD_TEXTURE_WIDTH 320
/* Past this many posters kept, the cache starts again (about 35 MB). */
#define CACHE_MAX 300

struct _PlnRecordingCard
{
  GtkWidget     parent_instance;

  PlnRecording *recording;
  char         *poster;
  GHashTable   *cache;
  GCancellable *cancellable;

  GtkWidget    *box;
  GtkPicture   *picture;
  GtkImage     *placeholder;
  GtkLabel     *state_label;
  GtkLabel     *duration_label;
  GtkLabel     *title_label;
  GtkLabel     *subtitle_label;
};

G_DEFINE_FINAL_TYPE (PlnRecordingCard, pln_recording_card, GTK_TYPE_WIDGET)

char *
pln_format_clock (gint64 ms)
{
  gint64 s = MAX (ms, 0) / 1000;

  if (s >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (s / 3600), (int) (s / 60 % 60), (int) (s % 60));
  return g_strdup_printf ("%d:%02d", (int) (s / 60), (int) (s % 60));
}

const char *
pln_recording_state_label (PlnRecording *recording)
{
  const char *state = pln_recording_get_state (recording);

  if (g_strcmp0 (state, "recording") == 0 || g_strcmp0 (state, "scheduled") == 0)
    return _("Recording");
  if (g_strcmp0 (state, "stopped") == 0)
    return _("Waiting to Be Packaged");
  if (g_strcmp0 (state, "packaging") == 0)
    return _("Packaging…");
  if (g_strcmp0 (state, "failed") == 0)
    return _("Packaging Failed");
  switch (pln_recording_get_visibility (recording))
    {
    case PLN_VISIBILITY_PUBLIC:
      return C_("recording visibility", "Public");
    case PLN_VISIBILITY_STAFF:
      return C_("recording visibility", "Staff Only");
    case PLN_VISIBILITY_DRAFT:
    default:
      return C_("recording visibility", "Not Published");
    }
}

/* ---- The poster, read in a worker thread ---------------------------- */

static void
read_poster_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  const char *path = task_data;
  GError *error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  pixbuf = gdk_pixbuf_new_from_file_at_scale (path, CARD_TEXTURE_WIDTH, -1, TRUE, &error);
  if (pixbuf == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, gdk_texture_new_for_pixbuf (pixbuf), g_object_unref);
}

static void
show_texture (PlnRecordingCard *self,
              GdkTexture       *texture)
{
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->placeholder), texture == NULL);
}

static void
on_poster_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PlnRecordingCard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), &error);
  const char *path = g_task_get_task_data (G_TASK (result));

  if (texture == NULL)
    {
      /* A missing poster is shown as the placeholder, not as an error:
       * `plenary library verify` reports missing files. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Cannot read the poster %s: %s", path, error->message);
      return;
    }
  if (self->cache != NULL)
    {
      if (g_hash_table_size (self->cache) >= CACHE_MAX)
        g_hash_table_remove_all (self->cache);
      g_hash_table_insert (self->cache, g_strdup (path), g_object_ref (texture));
    }
  if (g_strcmp0 (self->poster, path) == 0)
    show_texture (self, texture);
}

/* ---- Overrides ------------------------------------------------------ */

static void
pln_recording_card_dispose (GObject *object)
{
  PlnRecordingCard *self = (PlnRecordingCard *)object;

  pln_recording_card_unbind (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLN_TYPE_RECORDING_CARD);

  G_OBJECT_CLASS (pln_recording_card_parent_class)->dispose (object);
}

static void
pln_recording_card_class_init (PlnRecordingCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pln_recording_card_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "recordingcard");
  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenary/Plenary/ui/pln-recording-card.ui");
  gtk_widget_class_bind_template_child (widget_class, PlnRecordingCard, box);
  gtk_widget_class_bind_template_child (widget_class, PlnRecordingCard, picture);
  gtk_widget_class_bind_template_child (widget_class, PlnRecordingCard, placeholder);
  gtk_widget_class_bind_template_child (widget_class, PlnRecordingCard, state_label);
  gtk_widget_class_bind_template_child (widget_class, PlnRecordingCard, duration_label);
  gtk_widget_class_bind_template_child (widget_class, PlnRecordingCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, PlnRecordingCard, subtitle_label);
}

static void
pln_recording_card_init (PlnRecordingCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ---- Public API ----------------------------------------------------- */

PlnRecordingCard *
pln_recording_card_new (void)
{
  return g_object_new (PLN_TYPE_RECORDING_CARD, NULL);
}

void
pln_recording_card_bind (PlnRecordingCard      *self,
                         PlnRecording          *recording,
                         const PlnLibraryExtra *extra,
                         GHashTable            *cache)
{
  g_autofree char *date = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *subtitle = NULL;
  const char *event_title;
  const char *state;
  GdkTexture *cached;

  g_return_if_fail (PLN_IS_RECORDING_CARD (self));
  g_return_if_fail (PLN_IS_RECORDING (recording));

  pln_recording_card_unbind (self);
  self->recording = g_object_ref (recording);
  self->cache = cache != NULL ? g_hash_table_ref (cache) : NULL;

  gtk_label_set_text (self->title_label, pln_recording_get_title (recording));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), pln_recording_get_title (recording));

  /* TRANSLATORS: a recording's date in the Library, see g_date_time_format */
  date = pln_format_local_time (pln_recording_get_started_at (recording), _("%d/%m/%Y %H:%M"));
  event_title = pln_recording_get_event_title (recording);
  if (event_title != NULL && *event_title != '\0' &&
      g_strcmp0 (event_title, pln_recording_get_title (recording)) != 0)
    subtitle = g_strdup_printf ("%s · %s", date, event_title);
  else
    subtitle = g_steal_pointer (&date);
  gtk_label_set_text (self->subtitle_label, subtitle);

  duration = pln_format_clock (pln_recording_get_duration_ms (recording));
  gtk_label_set_text (self->duration_label, duration);
  gtk_widget_set_visible (GTK_WIDGET (self->duration_label), pln_recording_get_duration_ms (recording) > 0);

  state = pln_recording_get_state (recording);
  gtk_label_set_text (self->state_label, pln_recording_state_label (recording));
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "accent");
  if (g_strcmp0 (state, "failed") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "error");
  else if (g_strcmp0 (state, "ready") != 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "warning");
  else if (pln_recording_get_visibility (recording) == PLN_VISIBILITY_PUBLIC)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "accent");

  self->poster = extra != NULL ? g_strdup (extra->poster) : NULL;
  cached = (self->poster != NULL && cache != NULL) ? g_hash_table_lookup (cache, self->poster) : NULL;
  show_texture (self, cached);
  if (self->poster != NULL && cached == NULL)
    {
      g_autoptr(GTask) task = NULL;

      self->cancellable = g_cancellable_new ();
      task = g_task_new (NULL, self->cancellable, on_poster_read_cb, g_object_ref (self));
      g_task_set_source_tag (task, pln_recording_card_bind);
      g_task_set_priority (task, G_PRIORITY_LOW);
      g_task_set_task_data (task, g_strdup (self->poster), g_free);
      g_task_run_in_thread (task, read_poster_thread);
    }
}

void
pln_recording_card_unbind (PlnRecordingCard *self)
{
  g_return_if_fail (PLN_IS_RECORDING_CARD (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->recording);
  g_clear_pointer (&self->poster, g_free);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  if (self->picture != NULL)
    show_texture (self, NULL);
}

PlnRecording *
pln_recording_card_get_recording (PlnRecordingCard *self)
{
  g_return_val_if_fail (PLN_IS_RECORDING_CARD (self), NULL);
  return self->recording;
}
