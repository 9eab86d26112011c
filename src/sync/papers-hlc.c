/* papers-hlc.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "papers-hlc.h"

/* A hybrid logical clock (Kulkarni et al., "Logical Physical Clocks",
 * 2014).  Each change a device makes gets a stamp that is larger than
 * every stamp the device has made or seen, and stays close to its wall
 * clock.  "Latest wins" then means "causally latest": an edit made after
 * seeing another one wins over it even when the editing device's clock is
 * days behind, and a device whose clock is days ahead cannot make its old
 * edits win over newer ones once those were made by devices that saw
 * them. */

struct _PapersHlc
{
  PapersHlcStamp last;
  PapersHlcNow   now;
  gpointer       user_data;
};

/**
 * papers_sync_device_id_is_valid:
 * @device: (nullable): a string
 *
 * Returns: whether @device is 16 lowercase hexadecimal digits
 */
gboolean
papers_sync_device_id_is_valid (const char *device)
{
  if (device == NULL || strlen (device) != PAPERS_SYNC_DEVICE_ID_LEN)
    return FALSE;
  for (const char *p = device; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

/**
 * papers_sync_device_id_new:
 *
 * Returns: (transfer full): a new random device id
 */
char *
papers_sync_device_id_new (void)
{
  guint8 bytes[PAPERS_SYNC_DEVICE_ID_LEN / 2];
  char *hex = g_malloc (PAPERS_SYNC_DEVICE_ID_LEN + 1);

  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");
  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2hex (hex, PAPERS_SYNC_DEVICE_ID_LEN + 1, bytes, sizeof bytes);
  return hex;
}

/**
 * papers_hlc_stamp_compare:
 *
 * Returns: <0, 0 or >0 as @a is before, the same as or after @b
 */
int
papers_hlc_stamp_compare (const PapersHlcStamp *a,
                          const PapersHlcStamp *b)
{
  if (a->wall_ms != b->wall_ms)
    return a->wall_ms < b->wall_ms ? -1 : 1;
  if (a->logical != b->logical)
    return a->logical < b->logical ? -1 : 1;
  return strcmp (a->device, b->device);
}

/**
 * papers_hlc_stamp_to_string:
 *
 * The form stored in the change log: "WALL_MS-LOGICAL-DEVICE" in decimal,
 * for example "1700000000000-3-0123456789abcdef".
 *
 * Returns: (transfer full): the stamp as text
 */
char *
papers_hlc_stamp_to_string (const PapersHlcStamp *stamp)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "-%u-%s",
                          stamp->wall_ms, stamp->logical, stamp->device);
}

/**
 * papers_hlc_stamp_parse:
 * @text: a stamp as papers_hlc_stamp_to_string() writes it
 * @stamp: (out): the stamp
 *
 * Returns: whether @text is a valid stamp in the range of plausible dates
 */
gboolean
papers_hlc_stamp_parse (const char     *text,
                        PapersHlcStamp *stamp)
{
  g_auto(GStrv) parts = NULL;
  guint64 wall, logical;

  if (text == NULL || strlen (text) > 64)
    return FALSE;
  parts = g_strsplit (text, "-", 4);
  if (g_strv_length (parts) != 3 ||
      !g_ascii_string_to_unsigned (parts[0], 10, PAPERS_HLC_MIN_WALL_MS,
                                   PAPERS_HLC_MAX_WALL_MS, &wall, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXUINT32, &logical, NULL) ||
      !papers_sync_device_id_is_valid (parts[2]))
    return FALSE;
  /* g_ascii_string_to_unsigned() takes "+1" and leading zeros; only the
   * canonical form is a stamp, so one change has one spelling. */
  if (parts[0][0] == '0' || parts[0][0] == '+' || parts[1][0] == '+' ||
      (parts[1][0] == '0' && parts[1][1] != '\0'))
    return FALSE;

  stamp->wall_ms = (gint64) wall;
  stamp->logical = (guint32) logical;
  memcpy (stamp->device, parts[2], PAPERS_SYNC_DEVICE_ID_LEN + 1);
  return TRUE;
}

static gint64
real_now (gpointer user_data)
{
  return g_get_real_time () / 1000;
}

/**
 * papers_hlc_new:
 * @device: this device's id
 * @now: (nullable): the wall clock in milliseconds, %NULL for the real one
 * @user_data: passed to @now
 *
 * Returns: (transfer full): a clock that has seen nothing yet
 */
PapersHlc *
papers_hlc_new (const char   *device,
                PapersHlcNow  now,
                gpointer      user_data)
{
  PapersHlc *hlc;

  g_return_val_if_fail (papers_sync_device_id_is_valid (device), NULL);

  hlc = g_new0 (PapersHlc, 1);
  memcpy (hlc->last.device, device, PAPERS_SYNC_DEVICE_ID_LEN + 1);
  hlc->now = now != NULL ? now : real_now;
  hlc->user_data = user_data;
  return hlc;
}

void
papers_hlc_free (PapersHlc *hlc)
{
  g_free (hlc);
}

const char *
papers_hlc_get_device (PapersHlc *hlc)
{
  return hlc->last.device;
}

/**
 * papers_hlc_restore:
 * @last: the largest stamp the device made or saw, as kept from a
 *   previous run
 *
 * Keeps the clock monotonic across restarts, even when the wall clock was
 * set back in between.
 */
void
papers_hlc_restore (PapersHlc            *hlc,
                    const PapersHlcStamp *last)
{
  hlc->last.wall_ms = MAX (hlc->last.wall_ms, last->wall_ms);
  if (last->wall_ms == hlc->last.wall_ms)
    hlc->last.logical = MAX (hlc->last.logical, last->logical);
}

/**
 * papers_hlc_peek_last:
 *
 * Returns: (transfer none): the largest stamp made or seen so far, with
 *   this device's id (what papers_hlc_restore() takes)
 */
const PapersHlcStamp *
papers_hlc_peek_last (PapersHlc *hlc)
{
  return &hlc->last;
}

/* Moves the clock to @wall_ms with @logical, or one past the current
 * logical count when @wall_ms is not ahead; a counter that would wrap
 * moves the physical part instead, so stamps still only grow. */
static void
advance (PapersHlc *hlc,
         gint64     wall_ms,
         guint32    logical_if_same)
{
  if (wall_ms > hlc->last.wall_ms)
    {
      hlc->last.wall_ms = wall_ms;
      hlc->last.logical = 0;
    }
  else if (logical_if_same == G_MAXUINT32)
    {
      hlc->last.wall_ms++;
      hlc->last.logical = 0;
    }
  else
    hlc->last.logical = logical_if_same + 1;
}

/**
 * papers_hlc_send:
 * @stamp: (out): the stamp of a change made on this device now
 *
 * Each call returns a stamp larger than any returned or received before.
 */
void
papers_hlc_send (PapersHlc      *hlc,
                 PapersHlcStamp *stamp)
{
  gint64 now = CLAMP (hlc->now (hlc->user_data), 0, PAPERS_HLC_MAX_WALL_MS);

  advance (hlc, now, hlc->last.logical);
  *stamp = hlc->last;
}

/**
 * papers_hlc_receive:
 * @remote: a stamp read from another device's change
 *
 * Moves the clock past @remote, so that every change made here from now
 * on orders after it.
 *
 * Returns: %FALSE when @remote is more than %PAPERS_HLC_MAX_AHEAD_MS ahead
 *   of this device's wall clock: the change still counts, but the clock
 *   did not follow it (the caller may say that a device's clock is wrong)
 */
gboolean
papers_hlc_receive (PapersHlc            *hlc,
                    const PapersHlcStamp *remote)
{
  gint64 now = CLAMP (hlc->now (hlc->user_data), 0, PAPERS_HLC_MAX_WALL_MS);

  if (remote->wall_ms > now && remote->wall_ms - now > PAPERS_HLC_MAX_AHEAD_MS)
    {
      g_debug ("a change from device %s is stamped %" G_GINT64_FORMAT " ms ahead of this clock",
               remote->device, remote->wall_ms - now);
      return FALSE;
    }

  if (now > hlc->last.wall_ms && now > remote->wall_ms)
    advance (hlc, now, 0);
  else if (remote->wall_ms > hlc->last.wall_ms)
    {
      hlc->last.wall_ms = remote->wall_ms;
      advance (hlc, remote->wall_ms, remote->logical);
    }
  else if (remote->wall_ms == hlc->last.wall_ms)
    advance (hlc, hlc->last.wall_ms, MAX (hlc->last.logical, remote->logical));
  else
    advance (hlc, hlc->last.wall_ms, hlc->last.logical);
  return TRUE;
}
