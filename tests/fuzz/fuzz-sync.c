/* fuzz-sync.c: libFuzzer target for what sync reads from the server: the
 * encrypted file framing, the change log's segments and snapshots (and
 * their merge, and the merged state kept entry by entry in the library),
 * and WebDAV's PROPFIND answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-dav-client.h"
#include "papers-sync-crypto.h"
#include "papers-sync-state.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static PapersSyncKey *
fuzz_key (void)
{
  static PapersSyncKey *key = NULL;

  /* Derived once, at the smallest cost: the format is what is fuzzed */
  if (key == NULL)
    {
      g_autoptr(GBytes) header = papers_sync_header_new ("fuzz", 1, 8192, &key, NULL);
      g_assert_nonnull (key);
    }
  return key;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) input = g_bytes_new (data, size);
  g_autoptr(GError) crypto_error = NULL;
  g_autoptr(GError) format_error = NULL;
  g_autoptr(GError) dav_error = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(PapersSyncSegment) segment = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  /* Decryption: the plain text or a typed error, never both */
  plain = papers_sync_decrypt (fuzz_key (), "log/0123456789abcdef/1", input, &crypto_error);
  g_assert_true ((plain == NULL) != (crypto_error == NULL));
  if (crypto_error != NULL)
    g_assert_true (crypto_error->domain == PAPERS_SYNC_CRYPTO_ERROR);

  /* The segment decoder, then the merge over what it accepted: a
   * snapshot of the result decodes again to the same state */
  segment = papers_sync_segment_decode (input, &format_error);
  g_assert_true ((segment == NULL) != (format_error == NULL));
  if (segment != NULL)
    {
      g_autoptr(PapersSyncState) state = papers_sync_state_new ();
      g_autoptr(PapersSyncState) again = papers_sync_state_new ();
      g_autoptr(PapersSyncState) kept = papers_sync_state_new ();
      g_autoptr(GHashTable) entries_kept = NULL;
      g_autoptr(GBytes) c = NULL;
      GHashTableIter iter;
      gpointer value;
      g_autoptr(PapersSyncSegment) snapshot = NULL, decoded = NULL;
      g_autoptr(GBytes) encoded = NULL, a = NULL, b = NULL;
      g_autoptr(GError) error = NULL;

      papers_sync_state_apply_segment (state, segment);
      snapshot = papers_sync_state_snapshot (state, "0123456789abcdef", 1);
      encoded = papers_sync_segment_encode (snapshot);
      decoded = papers_sync_segment_decode (encoded, &error);
      g_assert_no_error (error);
      papers_sync_state_apply_segment (again, decoded);
      a = papers_sync_state_canonical (state);
      b = papers_sync_state_canonical (again);
      g_assert_true (g_bytes_equal (a, b));

      /* The state as the library keeps it, entry by entry, read back */
      entries_kept = papers_sync_state_steal_changes (state);
      g_hash_table_iter_init (&iter, entries_kept);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          g_autoptr(PapersSyncSegment) entry = NULL;

          if (value == NULL)
            continue;
          entry = papers_sync_segment_decode (value, &error);
          g_assert_no_error (error);
          papers_sync_state_apply_segment (kept, entry);
        }
      c = papers_sync_state_canonical (kept);
      g_assert_true (g_bytes_equal (a, c));
    }

  entries = papers_dav_parse_multistatus (input, "/dav/", &dav_error);
  g_assert_true ((entries == NULL) != (dav_error == NULL));

  return 0;
}
