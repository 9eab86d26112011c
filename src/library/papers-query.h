/* papers-query.h: the search language, parsed into terms and turned into
 * an FTS5 expression plus SQL conditions with bound parameters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PAPERS_QUERY_ERROR (papers_query_error_quark ())

typedef enum
{
  PAPERS_QUERY_ERROR_UNKNOWN_KEY,
  PAPERS_QUERY_ERROR_UNBALANCED_QUOTE,
  PAPERS_QUERY_ERROR_BAD_VALUE,
  PAPERS_QUERY_ERROR_TOO_LONG,
} PapersQueryError;

GQuark papers_query_error_quark (void);

typedef enum
{
  PAPERS_QUERY_WORD,
  PAPERS_QUERY_PHRASE,
  PAPERS_QUERY_TAG,
  PAPERS_QUERY_AUTHOR,
  PAPERS_QUERY_YEAR,
  PAPERS_QUERY_IS,
  PAPERS_QUERY_HAS,
} PapersQueryKind;

typedef struct
{
  PapersQueryKind kind;
  gboolean        negated;
  gboolean        prefix;   /* WORD and PHRASE: ended with '*' */
  char           *text;     /* word, phrase, tag key, author, is/has value */
  int             year_from;
  int             year_to;
} PapersQueryTerm;

typedef struct _PapersQuery PapersQuery;

PapersQuery *papers_query_parse        (const char   *text,
                                        GError      **error);
void         papers_query_free         (PapersQuery  *query);
guint        papers_query_get_n_terms  (PapersQuery  *query);
const PapersQueryTerm *papers_query_get_term (PapersQuery *query,
                                              guint        index);

char        *papers_query_dup_incremental (const char *text);
gboolean     papers_query_add_filter   (PapersQuery  *query,
                                        const char   *key,
                                        const char   *value,
                                        GError      **error);

/* Appends @text as an FTS5 string: quoted, quotes doubled */
void         papers_query_append_fts_string (GString    *out,
                                             const char *text,
                                             gboolean    prefix);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersQuery, papers_query_free)

G_END_DECLS
