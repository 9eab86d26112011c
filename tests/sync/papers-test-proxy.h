/* papers-test-proxy.h: faults on cue in front of the test Apache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * PapersTestProxyFault:
 * @PAPERS_TEST_PROXY_NONE: everything passes
 * @PAPERS_TEST_PROXY_STATUS: answered with a status, never passed on
 * @PAPERS_TEST_PROXY_DROP: the connection closed before passing it on
 * @PAPERS_TEST_PROXY_DROP_ANSWER: passed on and done, then the
 *   connection closed before the answer
 */
typedef enum
{
  PAPERS_TEST_PROXY_NONE,
  PAPERS_TEST_PROXY_STATUS,
  PAPERS_TEST_PROXY_DROP,
  PAPERS_TEST_PROXY_DROP_ANSWER,
} PapersTestProxyFault;

typedef struct _PapersTestProxy PapersTestProxy;

PapersTestProxy *papers_test_proxy_start     (const char           *upstream,
                                              GError              **error);
const char      *papers_test_proxy_get_url   (PapersTestProxy      *self);
void             papers_test_proxy_set_fault (PapersTestProxy      *self,
                                              PapersTestProxyFault  fault,
                                              const char           *method,
                                              const char           *prefix,
                                              guint                 status,
                                              guint                 times);
guint            papers_test_proxy_get_made  (PapersTestProxy      *self);
void             papers_test_proxy_stop      (PapersTestProxy      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersTestProxy, papers_test_proxy_stop)

G_END_DECLS
