/* pln-mosaic-source.h: several feeds composed into one grid picture, as
 * one source element the recorder records like any feed (mosaic: URIs). */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/**
 * PlnMosaicDecode:
 * @PLN_MOSAIC_DECODE_AUTO: every frame of small (sub-)streams, key frames
 *   only of streams larger than 640x480
 * @PLN_MOSAIC_DECODE_KEYFRAMES: key frames only, whatever the size
 * @PLN_MOSAIC_DECODE_ALL: every frame, whatever the size
 *
 * How much of each H.264 feed the mosaic decodes.
 */
typedef enum
{
  PLN_MOSAIC_DECODE_AUTO,
  PLN_MOSAIC_DECODE_KEYFRAMES,
  PLN_MOSAIC_DECODE_ALL,
} PlnMosaicDecode;

#define PLN_MOSAIC_MAX_FEEDS 16

GstElement *_pln_mosaic_source_create (const char * const *uris,
                                       int                 width,
                                       int                 height,
                                       int                 fps,
                                       guint               columns,
                                       PlnMosaicDecode     decode,
                                       GError            **error);

G_END_DECLS
