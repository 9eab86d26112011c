/* papers-hf-parser.h: Hugging Face Papers API answers → PapersPaper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "papers-paper.h"

G_BEGIN_DECLS

GPtrArray   *papers_hf_parse_listing (GBytes      *body,
                                      const char  *hf_url,
                                      const char  *arxiv_url,
                                      GError     **error);
PapersPaper *papers_hf_parse_paper   (GBytes      *body,
                                      const char  *hf_url,
                                      const char  *arxiv_url,
                                      GError     **error);

G_END_DECLS
