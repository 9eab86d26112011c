/* papers-store-state.c: the store's operations on a paper's library state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-store-job.h"

/* A paper's library state: its status or its star */
typedef struct
{
  char       *id;
  const char *column;  /* static: "status" or "starred" */
  int         value;
} StateArgs;

static StateArgs *
state_args_new (const char *id,
                const char *column,
                int         value)
{
  StateArgs *args = g_new0 (StateArgs, 1);

  args->id = g_strdup (id);
  args->column = column;
  args->value = value;
  return args;
}

static void
state_args_free (gpointer data)
{
  StateArgs *args = data;

  g_free (args->id);
  g_free (args);
}

static gboolean
run_set_state (PapersDb            *db,
               gpointer             data,
               gpointer            *result,
               PapersStoreChanges  *changes,
               GError             **error)
{
  StateArgs *args = data;

  return papers_store_db_set_state (db, args->id, args->column, args->value, changes, error);
}

/* A paper and a text: its note, or its PDF's text */
typedef struct
{
  char *id;
  char *text;
} PaperTextArgs;

static PaperTextArgs *
paper_text_args_new (const char *id,
                     const char *text)
{
  PaperTextArgs *args = g_new0 (PaperTextArgs, 1);

  args->id = g_strdup (id);
  args->text = g_strdup (text);
  return args;
}

static void
paper_text_args_free (gpointer data)
{
  PaperTextArgs *args = data;

  g_free (args->id);
  g_free (args->text);
  g_free (args);
}

static gboolean
run_set_note (PapersDb            *db,
              gpointer             data,
              gpointer            *result,
              PapersStoreChanges  *changes,
              GError             **error)
{
  PaperTextArgs *args = data;

  return papers_store_db_set_note (db, args->id, args->text, changes, error);
}

static gboolean
run_set_pdf_text (PapersDb            *db,
                  gpointer             data,
                  gpointer            *result,
                  PapersStoreChanges  *changes,
                  GError             **error)
{
  PaperTextArgs *args = data;

  return papers_store_db_set_pdf_text (db, args->id, args->text, error);
}

typedef struct
{
  char   *id;
  char   *path;
  gint64  size;
  char   *sha256;
} SetPdfArgs;

static SetPdfArgs *
set_pdf_args_new (const char *id,
                  const char *path,
                  gint64      size,
                  const char *sha256)
{
  SetPdfArgs *args = g_new0 (SetPdfArgs, 1);

  args->id = g_strdup (id);
  args->path = g_strdup (path);
  args->size = size;
  args->sha256 = g_strdup (sha256);
  return args;
}

static void
set_pdf_args_free (gpointer data)
{
  SetPdfArgs *args = data;

  g_free (args->id);
  g_free (args->path);
  g_free (args->sha256);
  g_free (args);
}

static gboolean
run_set_pdf (PapersDb            *db,
             gpointer             data,
             gpointer            *result,
             PapersStoreChanges  *changes,
             GError             **error)
{
  SetPdfArgs *args = data;

  return papers_store_db_set_pdf (db, args->id, args->path, args->size, args->sha256, changes, error);
}

void
papers_pdf_text_stamp_free (PapersPdfTextStamp *stamp)
{
  g_free (stamp->id);
  g_free (stamp->path);
  g_free (stamp->sha256);
  g_free (stamp->indexed_sha256);
  g_free (stamp);
}

typedef struct
{
  char   *id;
  char   *text;
  gint64  size;
  gint64  mtime;
  char   *sha256;
} SetPagesArgs;

static SetPagesArgs *
set_pages_args_new (const char         *id,
                    const char * const *pages,
                    gint64              size,
                    gint64              mtime,
                    const char         *sha256)
{
  SetPagesArgs *args = g_new0 (SetPagesArgs, 1);
  gboolean any = FALSE;

  for (guint i = 0; pages != NULL && pages[i] != NULL; i++)
    any |= pages[i][0] != '\0';
  args->id = g_strdup (id);
  /* Joined here, on the caller's thread: the store's thread writes */
  args->text = any ? g_strjoinv ("\f", (char **) pages) : g_strdup ("");
  args->size = size;
  args->mtime = mtime;
  args->sha256 = g_strdup (sha256);
  return args;
}

static void
set_pages_args_free (gpointer data)
{
  SetPagesArgs *args = data;

  g_free (args->id);
  g_free (args->text);
  g_free (args->sha256);
  g_free (args);
}

static gboolean
run_set_pdf_pages (PapersDb            *db,
                   gpointer             data,
                   gpointer            *result,
                   PapersStoreChanges  *changes,
                   GError             **error)
{
  SetPagesArgs *args = data;

  return papers_store_db_set_pdf_pages (db, args->id, args->text, args->size, args->mtime,
                                        args->sha256, error);
}

static gboolean
run_list_pdf_texts (PapersDb            *db,
                    gpointer             data,
                    gpointer            *result,
                    PapersStoreChanges  *changes,
                    GError             **error)
{
  *result = papers_store_db_list_pdf_texts (db, data, error);
  return *result != NULL;
}

enum
{
  JOB_SET_STATE,
  JOB_SET_NOTE,
  JOB_SET_PDF,
  JOB_SET_PDF_TEXT,
  JOB_SET_PDF_PAGES,
  JOB_LIST_PDF_TEXTS,
};

static const PapersStoreJobKind kinds[] = {
  [JOB_SET_STATE]    = { "set state", run_set_state, state_args_free, NULL, PAPERS_STORE_JOB_WRITES_PAPERS },
  [JOB_SET_NOTE]     = { "set note", run_set_note, paper_text_args_free, NULL,
                         PAPERS_STORE_JOB_WRITES_PAPERS },
  [JOB_SET_PDF]      = { "set pdf", run_set_pdf, set_pdf_args_free, NULL, PAPERS_STORE_JOB_WRITES_PAPERS },
  [JOB_SET_PDF_TEXT] = { "set pdf text", run_set_pdf_text, paper_text_args_free, NULL,
                         PAPERS_STORE_JOB_WRITES },
  [JOB_SET_PDF_PAGES] = { "set pdf pages", run_set_pdf_pages, set_pages_args_free, NULL,
                          PAPERS_STORE_JOB_WRITES },
  [JOB_LIST_PDF_TEXTS] = { "list pdf texts", run_list_pdf_texts, g_free,
                           (GDestroyNotify) g_ptr_array_unref, PAPERS_STORE_JOB_READS },
};

void
papers_store_set_status_async (PapersStore         *self,
                               const char          *id,
                               PapersReadStatus     status,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_SET_STATE], state_args_new (id, "status", status));
}

void
papers_store_set_starred_async (PapersStore         *self,
                                const char          *id,
                                gboolean             starred,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_SET_STATE], state_args_new (id, "starred", !!starred));
}

void
papers_store_set_note_async (PapersStore         *self,
                             const char          *id,
                             const char          *text,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_SET_NOTE], paper_text_args_new (id, text));
}

void
papers_store_set_pdf_async (PapersStore         *self,
                            const char          *id,
                            const char          *path,
                            gint64               size,
                            const char          *sha256,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_SET_PDF], set_pdf_args_new (id, path, size, sha256));
}

void
papers_store_set_pdf_text_async (PapersStore         *self,
                                 const char          *id,
                                 const char          *text,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_SET_PDF_TEXT], paper_text_args_new (id, text));
}

void
papers_store_set_pdf_pages_async (PapersStore         *self,
                                  const char          *id,
                                  const char * const  *pages,
                                  gint64               size,
                                  gint64               mtime,
                                  const char          *sha256,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_SET_PDF_PAGES], set_pages_args_new (id, pages, size, mtime, sha256));
}

void
papers_store_list_pdf_texts_async (PapersStore         *self,
                                   const char          *id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (PAPERS_IS_STORE (self));
  PAPERS_STORE_SUBMIT (self, &kinds[JOB_LIST_PDF_TEXTS], g_strdup (id));
}

GPtrArray *
papers_store_list_pdf_texts_finish (PapersStore   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return papers_store_finish_pointer (self, result, &kinds[JOB_LIST_PDF_TEXTS], error);
}
