/* papers-store-papers.h: the papers themselves: adding, getting, removing
 *
 * Part of papers-store.h, which includes it: include that.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-store.h"

G_BEGIN_DECLS

/* Inserts @papers as a source or import knows them, or merges them
 * (papers_paper_merge()) into the same papers already stored under their
 * id, arXiv id or DOI; all in one transaction.  With @add_to_library,
 * they are kept in the library, with their tags and note.  Waited for
 * with papers_store_wait(), papers given without an id get theirs set. */
void         papers_store_upsert_papers_async  (PapersStore         *self,
                                                GPtrArray           *papers,
                                                gboolean             add_to_library,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);

/* An import: upserts @papers into the library as
 * papers_store_upsert_papers_async() does, and gives back (a string
 * array) the ids of the papers it added to the library, not those that
 * were in it already and were only updated: what undoing the import
 * removes.  The store knows which were new only as it writes them, so
 * this is the write itself, not a question asked before it. */
void         papers_store_import_papers_async  (PapersStore         *self,
                                                GPtrArray           *papers,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
char       **papers_store_import_papers_finish (PapersStore         *self,
                                                GAsyncResult        *result,
                                                GError             **error);

void         papers_store_get_paper_async      (PapersStore         *self,
                                                const char          *id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
PapersPaper *papers_store_get_paper_finish     (PapersStore         *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Removes the papers from the library: their tags, note, annotations,
 * reading position and PDF record go; the metadata stays for listings. */
void         papers_store_remove_papers_async  (PapersStore         *self,
                                                const char * const  *ids,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);

/* Loads the papers with these ids that the store knows, in the library
 * or not, in no particular order.  "doi:" and a DOI also finds, in any
 * case, a paper with that DOI kept under another id (its arXiv id). */
void         papers_store_get_papers_async     (PapersStore         *self,
                                                const char * const  *ids,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray   *papers_store_get_papers_finish    (PapersStore         *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
