/* papers-store-tags.c: the store's tag operations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-store-job.h"

typedef struct
{
  char  *id;
  char **add;
  char **remove;
} TagPaperArgs;

static TagPaperArgs *
tag_paper_args_new (const char         *id,
                    const char * const *add,
                    const char * const *remove)
{
  TagPaperArgs *args = g_new0 (TagPaperArgs, 1);

  args->id = g_strdup (id);
  args->add = g_strdupv ((char **) add);
  args->remove = g_strdupv ((char **) remove);
  return args;
}

static void
tag_paper_args_free (gpointer data)
{
  TagPaperArgs *args = data;

  g_free (args->id);
  g_strfreev (args->add);
  g_strfreev (args->remove);
  g_free (args);
}

static gboolean
run_tag_paper (PapersDb            *db,
               gpointer             data,
               gpointer            *result,
               PapersStoreChanges  *changes,
               GError             **error)
{
  TagPaperArgs *args = data;

  return papers_store_db_tag_paper (db, args->id, (const char * const *) args->add,
                                    (const char * const *) args->remove, changes, error);
}

static gboolean
run_list_tags (PapersDb            *db,
               gpointer             data,
               gpointer            *result,
               PapersStoreChanges  *changes,
               GError             **error)
{
  *result = papers_store_db_list_tags (db, error);
  return *result != NULL;
}

typedef struct
{
  PapersTagEdit  edit;
  char          *name;
  char          *value;
} EditTagArgs;

static EditTagArgs *
edit_tag_args_new (PapersTagEdit  edit,
                   const char    *name,
                   const char    *value)
{
  EditTagArgs *args = g_new0 (EditTagArgs, 1);

  args->edit = edit;
  args->name = g_strdup (name);
  args->value = g_strdup (value);
  return args;
}

static void
edit_tag_args_free (gpointer data)
{
  EditTagArgs *args = data;

  g_free (args->name);
  g_free (args->value);
  g_free (args);
}

static gboolean
run_edit_tag (PapersDb            *db,
              gpointer             data,
              gpointer            *result,
              PapersStoreChanges  *changes,
              GError             **error)
{
  EditTagArgs *args = data;

  return papers_store_db_edit_tag (db, args->edit, args->name, args->value, changes, error);
}

enum
{
  JOB_TAG_PAPER,
  JOB_LIST_TAGS,
  JOB_EDIT_TAG,
};

static const PapersStoreJobKind kinds[] = {
  [JOB_TAG_PAPER] = { "tag paper", run_tag_paper, tag_paper_args_free, NULL,
                      PAPERS_STORE_JOB_WRITES_PAPERS | PAPERS_STORE_JOB_ANNOUNCES_TAGS },
  [JOB_LIST_TAGS] = { "list tags", run_list_tags, NULL, g_object_unref, PAPERS_STORE_JOB_READS },
  [JOB_EDIT_TAG]  = { "edit tag", run_edit_tag, edit_tag_args_free, NULL,
                      PAPERS_STORE_JOB_WRITES_PAPERS | PAPERS_STORE_JOB_ANNOUNCES_TAGS },
};

void
papers_store_tag_paper_async (PapersStore         *self,
                              const char          *id,
                              const char * const  *add,
                              const char * const  *remove,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_TAG_PAPER], tag_paper_args_new (id, add, remove));
}

void
papers_store_list_tags_async (PapersStore         *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_LIST_TAGS], NULL);
}

GListModel *
papers_store_list_tags_finish (PapersStore   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return papers_store_finish_pointer (self, result, &kinds[JOB_LIST_TAGS], error);
}

void
papers_store_edit_tag_async (PapersStore         *self,
                             PapersTagEdit        edit,
                             const char          *name,
                             const char          *value,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_EDIT_TAG], edit_tag_args_new (edit, name, value));
}
