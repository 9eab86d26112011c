/* papers-import.c: a bibliography file read for the library's import
 *
 * The reading is blocking and meant for a worker thread: a large .bib
 * takes a while, and a file on a slow disk or a network mount can block.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "papers-bibtex.h"
#include "papers-csl-json.h"
#include "papers-import.h"

G_DEFINE_BOXED_TYPE (PapersImportSummary, papers_import_summary,
                     papers_import_summary_ref, papers_import_summary_unref)

static void
summary_clear (gpointer data)
{
  PapersImportSummary *summary = data;

  g_free (summary->name);
  g_clear_pointer (&summary->papers, g_ptr_array_unref);
  g_clear_pointer (&summary->skipped, g_ptr_array_unref);
  g_strfreev (summary->added);
}

PapersImportSummary *
papers_import_summary_ref (PapersImportSummary *summary)
{
  return g_atomic_rc_box_acquire (summary);
}

void
papers_import_summary_unref (PapersImportSummary *summary)
{
  g_atomic_rc_box_release_full (summary, summary_clear);
}

static gboolean
has_suffix_nocase (const char *name,
                   const char *suffix)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_str_has_suffix (lower, suffix);
}

/**
 * papers_import_read_file:
 * @file: a BibTeX (.bib, .bibtex) or CSL-JSON (.json) file
 *
 * Reads and parses @file: a .json is CSL-JSON, anything else BibTeX.
 * Blocks: call it on a worker.  Fails on a file that cannot be read, is
 * over %PAPERS_IMPORT_MAX_BYTES, is not text, or is not a bibliography
 * at all; entries that cannot be read are skipped and listed.
 *
 * Returns: (transfer full): what was read, with no ids added yet
 */
PapersImportSummary *
papers_import_read_file (GFile         *file,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(PapersImportSummary) summary = NULL;
  g_autofree char *text = NULL;
  g_autofree char *basename = NULL;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_size (info) > PAPERS_IMPORT_MAX_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The file is larger than %d MB: it is not a bibliography"),
                   PAPERS_IMPORT_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  /* The size said may be stale (a file growing as it is read): what is
   * read is checked again */
  if (!g_file_load_contents (file, cancellable, &text, &length, NULL, error))
    return NULL;
  if (length > PAPERS_IMPORT_MAX_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The file is larger than %d MB: it is not a bibliography"),
                   PAPERS_IMPORT_MAX_BYTES / (1024 * 1024));
      return NULL;
    }

  summary = g_atomic_rc_box_new0 (PapersImportSummary);
  summary->name = g_strdup (g_file_info_get_display_name (info));
  basename = g_file_get_basename (file);
  summary->json = basename != NULL && has_suffix_nocase (basename, ".json");
  if (summary->json)
    summary->papers = papers_csl_json_parse (text, length, &summary->skipped, error);
  else if (memchr (text, '\0', length) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The file is not text: it is not a BibTeX file"));
      return NULL;
    }
  else
    summary->papers = papers_bibtex_parse (text, &summary->skipped, error);
  if (summary->papers == NULL)
    return NULL;
  return g_steal_pointer (&summary);
}
