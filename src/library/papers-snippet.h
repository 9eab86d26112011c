/* papers-snippet.h: where a search's words are in a PDF's text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean papers_snippet_find (const char         *text,
                              const char * const *terms,
                              const gboolean     *prefixes,
                              char              **snippet,
                              int                *page);

gboolean papers_snippet_find_all (const char         *text,
                                  const char * const *terms,
                                  const gboolean     *prefixes,
                                  char              **snippet,
                                  int                *page);

gboolean papers_snippet_has_all (const char * const *texts,
                                 guint               n_texts,
                                 const char * const *terms,
                                 const gboolean     *prefixes);

/* A snippet's markup as plain text, its marked words in [brackets] */
char    *papers_snippet_to_plain (const char         *snippet);

G_END_DECLS
