/* papers-markdown.h: notes and annotations as Markdown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "papers-paper.h"

G_BEGIN_DECLS

/* @text as Markdown inline text that shows as written: every character
 * Markdown would read as markup is escaped, line breaks become spaces */
char *papers_markdown_escape_inline (const char *text);

/* Each paper of @papers (PapersPaper) with a note or annotations: a
 * heading with its title, a line with its authors, year and link, its note,
 * then its annotations
 * (@annotations: for each paper a GListModel of PapersAnnotation, or NULL)
 * by page, each with its page number (from 1, as the reader shows it), the
 * quoted text as a block quote and its comment.  Notes, quotes and comments
 * are plain text (a note typed in the window, text from a PDF): each line
 * is escaped so it shows as written and cannot end the structure around
 * it.  Papers with neither are left out; with none at all the text is
 * empty. */
char *papers_markdown_export (GPtrArray *papers,
                              GPtrArray *annotations);

G_END_DECLS
