/* papers-arxiv-parser.h: arXiv API (Atom) and listing feed (RSS) → PapersPaper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "papers-paper.h"

G_BEGIN_DECLS

GPtrArray *papers_arxiv_parse_atom (GBytes      *body,
                                    const char  *arxiv_url,
                                    int         *total_results,
                                    GError     **error);
GPtrArray *papers_arxiv_parse_rss  (GBytes      *body,
                                    const char  *arxiv_url,
                                    GError     **error);
void       papers_arxiv_set_links  (PapersPaper *paper,
                                    const char  *arxiv_url,
                                    const char  *id,
                                    int          version);

G_END_DECLS
