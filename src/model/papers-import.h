/* papers-import.h: a bibliography file read for the library's import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The largest bibliography file read: anything bigger is not one */
#define PAPERS_IMPORT_MAX_BYTES (64 * 1024 * 1024)

#define PAPERS_TYPE_IMPORT_SUMMARY (papers_import_summary_get_type ())

/* What an import read and did: @papers (PapersPaper) as read from the
 * file, the entries it @skipped (PapersBibtexSkip: in a CSL-JSON file,
 * @json, a skip's line is its entry's number), and once written, the ids
 * of the papers it @added to the library (not those it only updated),
 * for papers_collection_undo_import() */
typedef struct
{
  char       *name;
  gboolean    json;
  GPtrArray  *papers;
  GPtrArray  *skipped;
  char      **added;
} PapersImportSummary;

GType                papers_import_summary_get_type (void) G_GNUC_CONST;
PapersImportSummary *papers_import_summary_ref      (PapersImportSummary *summary);
void                 papers_import_summary_unref    (PapersImportSummary *summary);

PapersImportSummary *papers_import_read_file        (GFile               *file,
                                                     GCancellable        *cancellable,
                                                     GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersImportSummary, papers_import_summary_unref)

G_END_DECLS
