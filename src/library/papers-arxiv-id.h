/* papers-arxiv-id.h: every form of arXiv identifier a user may paste
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean papers_arxiv_id_parse      (const char  *text,
                                     char       **id,
                                     int         *version);
gboolean papers_arxiv_id_parse_uri  (const char  *uri,
                                     char       **id,
                                     int         *version,
                                     GError     **error);
gboolean papers_arxiv_id_is_valid   (const char  *id);
char    *papers_arxiv_id_to_filename (const char *id);

G_END_DECLS
