/* pln-cli-media.c: `plenary probe`, `plenary package`, `plenary thumbnail`:
 * the offline half of the media engine from the command line. */
#define G_LOG_DOMAIN "plenary-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <gst/gst.h>
#include <stdio.h>
#include <unistd.h>

#include "pln-cli-commands.h"
#include "pln-packager.h"
#include "pln-probe.h"
#include "pln-thumbnailer.h"

static GOptionContext *
make_options (const char   *parameter,
              const char   *summary,
              GOptionEntry *entries)
{
  GOptionContext *options = g_option_context_new (parameter);

  g_option_context_set_translation_domain (options, GETTEXT_PACKAGE);
  g_option_context_set_summary (options, summary);
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (options, gst_init_get_option_group ());
  return options;
}

/* A local path becomes a file:// URI; URIs pass unchanged. */
static char *
to_uri (const char *arg)
{
  g_autofree char *absolute = NULL;

  if (gst_uri_is_valid (arg))
    return g_strdup (arg);
  absolute = g_canonicalize_filename (arg, NULL);
  return g_filename_to_uri (absolute, NULL, NULL);
}

/* ---- probe ------------------------------------------------------------- */

int
pln_cli_probe (PlnCli  *cli,
               int      argc,
               char   **argv)
{
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnProbe) probe = NULL;
  g_autofree char *uri = NULL;
  double timeout = PLN_PROBE_DEFAULT_TIMEOUT_MS / 1000.0;
  GOptionEntry entries[] = {
    { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &timeout, N_("Give up after this many seconds (default 10)"), N_("SECONDS") },
    { NULL }
  };

  options = make_options (N_("URI"),
                          _("Checks that a source answers and prints its codecs, picture size, frame rate, bitrate and the time to its first frame."),
                          entries);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    return pln_cli_fail ("%s", error->message);
  if (argc != 2)
    return pln_cli_usage ("probe");
  if (timeout < 0.1 || timeout > 600)
    return pln_cli_fail (_("The timeout must be between 0.1 and 600 seconds."));

  gst_init (NULL, NULL);
  uri = to_uri (argv[1]);
  probe = pln_probe_new (uri);
  pln_probe_set_timeout (probe, (guint) (timeout * 1000));
  if (!pln_probe_run (probe, NULL, &error))
    return pln_cli_fail_error (error);

  printf ("%s %s\n", _("Source:"), pln_probe_get_display_uri (probe));
  if (pln_probe_get_video_codec (probe) != NULL)
    {
      char fps[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (fps, sizeof fps, "%.2f", pln_probe_get_framerate (probe));
      /* TRANSLATORS: codec, width×height, frames per second */
      printf (_("Video: %s %d×%d %s fps\n"), pln_probe_get_video_codec (probe),
              pln_probe_get_width (probe), pln_probe_get_height (probe), fps);
    }
  else
    printf ("%s\n", _("Video: none"));
  if (pln_probe_get_audio_codec (probe) != NULL)
    /* TRANSLATORS: codec, sample rate, channels */
    printf (_("Audio: %s %d Hz %d ch\n"), pln_probe_get_audio_codec (probe),
            pln_probe_get_audio_rate (probe), pln_probe_get_audio_channels (probe));
  else
    printf ("%s\n", _("Audio: none"));
  if (pln_probe_get_bitrate (probe) > 0)
    printf (_("Bitrate: %u kbit/s\n"), (guint) MIN ((pln_probe_get_bitrate (probe) + 500) / 1000, G_MAXUINT));
  else
    printf ("%s\n", _("Bitrate: unknown (uncompressed source)"));
  printf (_("First frame after: %.2f s\n"), pln_probe_get_first_frame_us (probe) / 1e6);
  return 0;
}

/* ---- package ----------------------------------------------------------- */

typedef struct
{
  GMainLoop    *loop;
  GCancellable *cancellable;
  gboolean      show_progress;
  gboolean      ok;
  GError       *error;
} Package;

static void
on_progress_notify_cb (PlnPackager *packager,
                       GParamSpec  *pspec,
                       Package     *package)
{
  if (package->show_progress)
    {
      fprintf (stderr, "\r%s %3d %%", _("Packaging…"), (int) (pln_packager_get_progress (packager) * 100 + 0.5));
      fflush (stderr);
    }
}

static gboolean
on_interrupt_cb (gpointer user_data)
{
  Package *package = user_data;

  g_cancellable_cancel (package->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
on_package_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Package *package = user_data;

  package->ok = pln_packager_run_finish (PLN_PACKAGER (object), result, &package->error);
  g_main_loop_quit (package->loop);
}

int
pln_cli_package (PlnCli  *cli,
                 int      argc,
                 char   **argv)
{
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnPackager) packager = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *out = NULL;
  gboolean hls = FALSE, low = FALSE, audio = FALSE, no_mp4 = FALSE, quiet = FALSE;
  PlnPackageOutputs outputs = 0;
  Package package = { 0 };
  guint sigint, sigterm;
  GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("The folder for the outputs (created if needed)"), N_("DIR") },
    { "hls", 0, 0, G_OPTION_ARG_NONE, &hls, N_("Also an HLS playlist over the segments (copies no media)"), NULL },
    { "low", 0, 0, G_OPTION_ARG_NONE, &low, N_("Also a 360p version at about 500 kbit/s for slow links"), NULL },
    { "audio", 0, 0, G_OPTION_ARG_NONE, &audio, N_("Also the sound alone, as M4A"), NULL },
    { "no-mp4", 0, 0, G_OPTION_ARG_NONE, &no_mp4, N_("Leave out the single MP4"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("No progress"), NULL },
    { NULL }
  };

  options = make_options (N_("DIR"),
                          _("Packages a recording folder: one MP4 with its index in front (gaps closed and marked as chapters), and optionally HLS, a low-bandwidth version and the sound alone."),
                          entries);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    return pln_cli_fail ("%s", error->message);
  if (argc != 2 || out == NULL)
    return pln_cli_usage ("package");

  if (!no_mp4)
    outputs |= PLN_PACKAGE_MP4;
  if (hls)
    outputs |= PLN_PACKAGE_HLS;
  if (low)
    outputs |= PLN_PACKAGE_LOW;
  if (audio)
    outputs |= PLN_PACKAGE_AUDIO;
  if (outputs == 0)
    return pln_cli_fail (_("Nothing to make: with --no-mp4, ask for --hls, --low or --audio."));

  gst_init (NULL, NULL);
  packager = pln_packager_new (argv[1], out, outputs);
  loop = g_main_loop_new (NULL, FALSE);
  package.loop = loop;
  package.cancellable = cancellable;
  package.show_progress = !quiet && isatty (STDERR_FILENO);

  g_signal_connect (packager, "notify::progress", G_CALLBACK (on_progress_notify_cb), &package);
  sigint = g_unix_signal_add (SIGINT, on_interrupt_cb, &package);
  sigterm = g_unix_signal_add (SIGTERM, on_interrupt_cb, &package);
  pln_packager_run_async (packager, cancellable, on_package_done_cb, &package);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  if (package.show_progress)
    fprintf (stderr, "\n");

  if (!package.ok)
    {
      int status;

      if (g_error_matches (package.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        status = pln_cli_fail (_("Packaging stopped; nothing was written to %s."), out);
      else
        status = pln_cli_fail_error (package.error);
      g_clear_error (&package.error);
      return status;
    }

  for (const char * const *file = pln_packager_get_files (packager); file && *file; file++)
    printf ("%s\n", *file);
  return 0;
}

/* ---- thumbnail --------------------------------------------------------- */

int
pln_cli_thumbnail (PlnCli  *cli,
                   int      argc,
                   char   **argv)
{
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlnThumbnailer) thumbnailer = NULL;
  g_autofree char *out = NULL;
  g_autofree char *uri = NULL;
  double at = 0;
  int width = PLN_THUMBNAILER_DEFAULT_WIDTH;
  GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_DOUBLE, &at, N_("The time of the picture, in seconds (default 0)"), N_("SECONDS") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("The JPEG file to write"), N_("FILE") },
    { "width", 'w', 0, G_OPTION_ARG_INT, &width, N_("Width in pixels (default 320); the height follows the picture"), "W" },
    { NULL }
  };

  options = make_options (N_("FILE"), _("Saves one picture of a video as JPEG."), entries);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    return pln_cli_fail ("%s", error->message);
  if (argc != 2 || out == NULL)
    return pln_cli_usage ("thumbnail");
  if (at < 0)
    return pln_cli_fail (_("The time must not be negative."));
  if (width < 16 || width > 7680)
    return pln_cli_fail (_("The width must be between 16 and 7680 pixels."));

  gst_init (NULL, NULL);
  uri = to_uri (argv[1]);
  thumbnailer = pln_thumbnailer_new (uri);
  pln_thumbnailer_set_width (thumbnailer, width);
  if (!pln_thumbnailer_save (thumbnailer, (GstClockTime) (at * GST_SECOND), out, NULL, &error))
    return pln_cli_fail_error (error);
  printf ("%s\n", out);
  return 0;
}
