/* papers-hlc.h: the hybrid logical clock that orders sync changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A device id: 16 lowercase hexadecimal digits (64 random bits). */
#define PAPERS_SYNC_DEVICE_ID_LEN 16

/* A remote stamp further ahead of this device's clock than this is still
 * accepted (nothing is dropped) but the clock does not follow it: a device
 * whose clock is years wrong, or a hostile file, must not drag every other
 * device's clock along for good. */
#define PAPERS_HLC_MAX_AHEAD_MS ((gint64) 30 * 24 * 3600 * 1000)

/* Stamps before 2000-01-01 or after 9999-12-31 are refused when decoded. */
#define PAPERS_HLC_MIN_WALL_MS ((gint64) 946684800000)
#define PAPERS_HLC_MAX_WALL_MS ((gint64) 253402300799999)

/**
 * PapersHlcStamp:
 * @wall_ms: the physical part, milliseconds since the epoch as the clock
 *   had it (at least the largest one it had seen)
 * @logical: counts events within one @wall_ms
 * @device: the device that made the stamp; makes every stamp unique
 *
 * Stamps are totally ordered by (@wall_ms, @logical, @device).
 */
typedef struct
{
  gint64  wall_ms;
  guint32 logical;
  char    device[PAPERS_SYNC_DEVICE_ID_LEN + 1];
} PapersHlcStamp;

/* Milliseconds since the epoch; tests pass a clock that is wrong. */
typedef gint64 (*PapersHlcNow) (gpointer user_data);

typedef struct _PapersHlc PapersHlc;

gboolean   papers_sync_device_id_is_valid (const char            *device);
char      *papers_sync_device_id_new      (void);

int        papers_hlc_stamp_compare       (const PapersHlcStamp  *a,
                                           const PapersHlcStamp  *b);
char      *papers_hlc_stamp_to_string     (const PapersHlcStamp  *stamp);
gboolean   papers_hlc_stamp_parse         (const char            *text,
                                           PapersHlcStamp        *stamp);

PapersHlc *papers_hlc_new                 (const char            *device,
                                           PapersHlcNow           now,
                                           gpointer               user_data);
void       papers_hlc_free                (PapersHlc             *hlc);
const char *papers_hlc_get_device         (PapersHlc             *hlc);
void       papers_hlc_restore             (PapersHlc             *hlc,
                                           const PapersHlcStamp  *last);
const PapersHlcStamp *papers_hlc_peek_last (PapersHlc            *hlc);
void       papers_hlc_send                (PapersHlc             *hlc,
                                           PapersHlcStamp        *stamp);
gboolean   papers_hlc_receive             (PapersHlc             *hlc,
                                           const PapersHlcStamp  *remote);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersHlc, papers_hlc_free)

G_END_DECLS
