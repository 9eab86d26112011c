/* papers-store-tags.h: tags
 *
 * Part of papers-store.h, which includes it: include that.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-store.h"

G_BEGIN_DECLS

/* Tags.  Names are unique case-insensitively; adding a tag a paper does
 * not have creates it with a default color. */
void         papers_store_tag_paper_async      (PapersStore         *self,
                                                const char          *id,
                                                const char * const  *add,
                                                const char * const  *remove,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
/* A GListModel of PapersTag, by name */
void         papers_store_list_tags_async      (PapersStore         *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GListModel  *papers_store_list_tags_finish     (PapersStore         *self,
                                                GAsyncResult        *result,
                                                GError             **error);

typedef enum
{
  PAPERS_TAG_EDIT_RENAME,   /* @name → @value (fails if @value exists: merge instead) */
  PAPERS_TAG_EDIT_RECOLOR,  /* @value is "#rrggbb" */
  PAPERS_TAG_EDIT_MERGE,    /* papers tagged @name get @value; @name goes */
  PAPERS_TAG_EDIT_DELETE,   /* @value is ignored */
} PapersTagEdit;

void         papers_store_edit_tag_async       (PapersStore         *self,
                                                PapersTagEdit        edit,
                                                const char          *name,
                                                const char          *value,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);

G_END_DECLS
