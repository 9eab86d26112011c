/* papers-test-dav.h: a real Apache httpd with mod_dav on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PAPERS_TEST_DAV_USER     "ada"
#define PAPERS_TEST_DAV_PASSWORD "correct horse battery"

typedef struct _PapersTestDav PapersTestDav;

PapersTestDav *papers_test_dav_start      (GError        **error);
const char    *papers_test_dav_get_url    (PapersTestDav  *dav);
const char    *papers_test_dav_get_folder (PapersTestDav  *dav);
void           papers_test_dav_own        (PapersTestDav  *dav,
                                           const char     *path);
void           papers_test_dav_kill       (PapersTestDav  *dav);
void           papers_test_dav_stop       (PapersTestDav  *dav);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersTestDav, papers_test_dav_stop)

G_END_DECLS
