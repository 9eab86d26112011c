/* papers-references.h: a paper's parsed reference list and citations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "papers-refs.h"
#include "papers-store.h"

G_BEGIN_DECLS

/**
 * PapersReferenceState:
 * @PAPERS_REFERENCE_UNRESOLVED: the entry names neither an arXiv id nor a
 *   paper of the library
 * @PAPERS_REFERENCE_ON_ARXIV: it has an arXiv id and is not in the library
 * @PAPERS_REFERENCE_IN_LIBRARY: the library keeps it
 */
typedef enum {
  PAPERS_REFERENCE_UNRESOLVED,
  PAPERS_REFERENCE_ON_ARXIV,
  PAPERS_REFERENCE_IN_LIBRARY,
} PapersReferenceState;

#define PAPERS_TYPE_REFERENCE (papers_reference_get_type ())
G_DECLARE_FINAL_TYPE (PapersReference, papers_reference, PAPERS, REFERENCE, GObject)

guint                 papers_reference_get_index    (PapersReference *self);
const PapersRefEntry *papers_reference_get_entry    (PapersReference *self);
PapersReferenceState  papers_reference_get_state    (PapersReference *self);
const char           *papers_reference_get_paper_id (PapersReference *self);

#define PAPERS_TYPE_REFERENCES (papers_references_get_type ())
G_DECLARE_FINAL_TYPE (PapersReferences, papers_references, PAPERS, REFERENCES, GObject)

/**
 * PapersReferencesReadFunc:
 * @data: the caller's data
 * @cancellable: cancelled when the text is no longer wanted
 * @error: where to say why the text could not be read
 *
 * Reads a document's text, on a worker thread: the viewer through its
 * Poppler document, a test or the command line from a file.
 *
 * Returns: (transfer full) (nullable): of #PapersTextPage, one per page
 */
typedef GPtrArray *(*PapersReferencesReadFunc) (gpointer       data,
                                                GCancellable  *cancellable,
                                                GError       **error);

PapersReferences *papers_references_new          (PapersStore          *store);
void              papers_references_read_async   (PapersReferences         *self,
                                                  PapersReferencesReadFunc  read,
                                                  gpointer                  data,
                                                  GDestroyNotify            destroy,
                                                  GCancellable             *cancellable,
                                                  GAsyncReadyCallback       callback,
                                                  gpointer                  user_data);
gboolean          papers_references_read_finish  (PapersReferences         *self,
                                                  GAsyncResult             *result,
                                                  GError                  **error);
void              papers_references_set_refs     (PapersReferences     *self,
                                                  PapersRefs           *refs);

gboolean          papers_references_get_loaded   (PapersReferences     *self);
const PapersRefs *papers_references_get_refs     (PapersReferences     *self);
GListModel       *papers_references_get_entries  (PapersReferences     *self);
guint             papers_references_count_arxiv  (PapersReferences     *self);

const guint      *papers_references_page_citations (PapersReferences   *self,
                                                    int                 page,
                                                    guint              *n);
int               papers_references_citation_at  (PapersReferences     *self,
                                                  int                   page,
                                                  double                x,
                                                  double                y);
int               papers_references_mention_at   (PapersReferences     *self,
                                                  int                   page,
                                                  double                x,
                                                  double                y);
GPtrArray        *papers_references_dup_arxiv_ids_to_add (PapersReferences *self);
void              papers_references_refresh_library (PapersReferences  *self);
void              papers_references_resolve_title (PapersReferences  *self,
                                                   const char        *title,
                                                   const char        *arxiv_id);

G_END_DECLS
