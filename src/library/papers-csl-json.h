/* papers-csl-json.h: CSL-JSON import (the export is in papers-bibtex.h),
 * and the check of JSON nesting that every reader of untrusted JSON makes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-bibtex.h"

G_BEGIN_DECLS

/* Parses @data (@length bytes, a CSL-JSON array as Zotero, citeproc and
 * papers_csl_json_export() write it) into papers.  Entries it cannot use
 * are listed in @skipped as PapersBibtexSkip, whose line is then the
 * entry's number in the array, from 1, and whose key is the entry's "id".
 * Fails only when the whole file is unusable: not JSON, not an array,
 * nested too deep. */
GPtrArray *papers_csl_json_parse (const char  *data,
                                  gsize        length,
                                  GPtrArray  **skipped,
                                  GError     **error);

gboolean   papers_json_nested_deeper (const char *data,
                                      gsize       length,
                                      int         max_depth);

G_END_DECLS
