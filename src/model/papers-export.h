/* papers-export.h: the window's Export…: papers to a file, off the main
 * thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "papers-store.h"

G_BEGIN_DECLS

typedef enum
{
  PAPERS_EXPORT_BIBTEX,
  PAPERS_EXPORT_CSL_JSON,
  PAPERS_EXPORT_MARKDOWN,  /* notes and annotations */
} PapersExportFormat;

/* Which library papers to export: what a list of the library shows (the
 * arguments of papers_store_find_async()) */
typedef struct
{
  const char *query;
  const char *filter_key;
  const char *filter_value;
  PapersSort  sort;
} PapersExportFind;

/* Writes @papers (PapersPaper), or when @papers is NULL every paper
 * @find gives, as @format to @file (replaced whole, never left half
 * written).  Markdown leaves out papers with neither note nor
 * annotations, and writes nothing when that is all of them. */
void  papers_export_async  (PapersStore             *store,
                            GPtrArray               *papers,
                            const PapersExportFind  *find,
                            PapersExportFormat       format,
                            GFile                   *file,
                            GCancellable            *cancellable,
                            GAsyncReadyCallback      callback,
                            gpointer                 user_data);
/* Returns how many papers were written: 0 with @error set when writing
 * failed, 0 without when Markdown had nothing to write */
guint papers_export_finish (GAsyncResult            *result,
                            GError                 **error);

G_END_DECLS
