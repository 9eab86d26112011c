/* papers-store-job.h: the kinds of job the store's worker runs, for the
 * files that define them (papers-store-papers.c and the others, by
 * concern) and papers-store.c, which runs them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-store-private.h"
#include "papers-store-wait.h"

G_BEGIN_DECLS

/* Runs a job on the connection, in the worker (or in place for a caller
 * that waits): fills *@result, or leaves it NULL for a kind that gives
 * back only success, and notes in @changes (NULL unless the kind writes)
 * what to announce. */
typedef gboolean (*PapersStoreJobRun) (PapersDb            *db,
                                       gpointer             args,
                                       gpointer            *result,
                                       PapersStoreChanges  *changes,
                                       GError             **error);

typedef enum
{
  PAPERS_STORE_JOB_READS                 = 0,
  PAPERS_STORE_JOB_WRITES                = 1 << 0,
  /* papers-added, papers-removed, paper-changed */
  PAPERS_STORE_JOB_ANNOUNCES_PAPERS      = 1 << 1,
  PAPERS_STORE_JOB_ANNOUNCES_TAGS        = 1 << 2,
  PAPERS_STORE_JOB_ANNOUNCES_ANNOTATIONS = 1 << 3,
  /* A write that leaves papers_store_get_generation() as it is: what
   * changed is no one's to read again (For You's own model) */
  PAPERS_STORE_JOB_KEEPS_GENERATION      = 1 << 4,
} PapersStoreJobFlags;

#define PAPERS_STORE_JOB_WRITES_PAPERS (PAPERS_STORE_JOB_WRITES | PAPERS_STORE_JOB_ANNOUNCES_PAPERS)

/* A kind of job: its typed arguments are freed by @args_free, its result
 * by @result_free (NULL: papers_store_write_finish() finishes it); @flags
 * say whether it writes and which signals it may emit, which is checked
 * when it completes.  Each file keeps its kinds in one table. */
typedef struct
{
  const char          *name;
  PapersStoreJobRun    run;
  GDestroyNotify       args_free;
  GDestroyNotify       result_free;
  PapersStoreJobFlags  flags;
} PapersStoreJobKind;

/* Queues a job of @kind with @args, which it takes and frees */
void      papers_store_submit         (PapersStore               *self,
                                       const PapersStoreJobKind  *kind,
                                       gpointer                   args,
                                       GCancellable              *cancellable,
                                       GAsyncReadyCallback        callback,
                                       gpointer                   user_data);
gpointer  papers_store_finish_pointer (PapersStore               *self,
                                       GAsyncResult              *result,
                                       const PapersStoreJobKind  *kind,
                                       GError                   **error);

/* An operation's _async submits with its own cancellable, callback and
 * user_data */
#define PAPERS_STORE_SUBMIT(self, kind, args) \
  papers_store_submit ((self), (kind), (args), cancellable, callback, user_data)

/* Copies for the worker, as the caller keeps using its objects */
GPtrArray *papers_store_copy_papers   (GPtrArray                 *papers);

G_END_DECLS
