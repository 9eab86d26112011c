/* papers-text.h: repairs of text as bibliographic sources send it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *papers_text_repair_double_utf8 (const char *text,
                                      gssize      len);
double papers_text_title_similarity  (const char *a,
                                      const char *b);

G_END_DECLS
