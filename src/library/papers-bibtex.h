/* papers-bibtex.h: BibTeX import and export, CSL-JSON export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-paper.h"

G_BEGIN_DECLS

/* An entry the importer left out, and why (for the user) */
typedef struct
{
  char  *key;     /* may be NULL when the entry was too broken to have one */
  guint  line;    /* where the entry starts, from 1 */
  char  *reason;
} PapersBibtexSkip;

void       papers_bibtex_skip_free     (PapersBibtexSkip *skip);

/* Parses @text (UTF-8) into papers; entries it cannot use are listed in
 * @skipped.  Only fails on text that is not UTF-8. */
GPtrArray *papers_bibtex_parse         (const char        *text,
                                        GPtrArray        **skipped,
                                        GError           **error);
char      *papers_bibtex_latex_to_utf8 (const char        *latex);

char      *papers_bibtex_citation_key  (PapersPaper       *paper);
char      *papers_bibtex_export        (GPtrArray         *papers);
char      *papers_csl_json_export      (GPtrArray         *papers);

G_END_DECLS
