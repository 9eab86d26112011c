/* papers-store-wait.h: waiting for one of the store's operations, for
 * callers with no main loop of their own to keep responsive: the command
 * line, the benchmark and the tests
 *
 * They call the same _async and _finish as the window, so they exercise
 * the path it takes; only the wait is theirs.  It runs a private main
 * context, so nothing else the caller's main context holds (a window's
 * timers, a test's pending callbacks) runs while it waits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-store.h"

G_BEGIN_DECLS

typedef struct
{
  GMainContext *context;
  GAsyncResult *result;
} PapersStoreWait;

void          papers_store_wait_begin (PapersStoreWait *wait);
void          papers_store_wait_ready (GObject         *source,
                                       GAsyncResult    *result,
                                       gpointer         wait);
GAsyncResult *papers_store_wait_end   (PapersStoreWait *wait);
void          papers_store_wait_clear (PapersStoreWait *wait);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PapersStoreWait, papers_store_wait_clear)

/* papers_store_wait (async, finish, error, store, args…): calls
 * @async (@store, args…, NULL, papers_store_wait_ready, wait), waits for
 * it and returns @finish (@store, result, @error).  For example:
 *
 *   results = papers_store_wait (papers_store_search_async, papers_store_search_finish,
 *                                &error, store, "attention", 0, 100);
 *
 * The store runs a job waited for this way in place when no other job is
 * queued, rather than waking its worker thread and waiting to be woken:
 * on a loaded machine each of those wake-ups can cost a time slice. */
#define papers_store_wait(async, finish, error, store, ...) \
  (__extension__ ({ \
    g_auto(PapersStoreWait) papers_store_wait_ = { NULL, NULL }; \
    papers_store_wait_begin (&papers_store_wait_); \
    async ((store), ##__VA_ARGS__, NULL, papers_store_wait_ready, &papers_store_wait_); \
    finish ((store), papers_store_wait_end (&papers_store_wait_), (error)); \
  }))

G_END_DECLS
