/* viewer-test-util.h: PDFs made with cairo for the viewer tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Writes a PDF of @n_pages US-letter pages into a temporary folder.  Every
 * page says "Page N: the quick brown fox jumps over the lazy dog."; page 1
 * links to page 3 and to https://example.org/paper; the outline holds
 * "Chapter 1" (page 1) with a child "Section 1.1" (page 2), and
 * "Chapter 2" (page 3). */
GFile *viewer_test_make_pdf (int n_pages);

/* $PAPERS_CORPUS_DIR/pdf/NAME, or NULL (and the test skipped) when absent. */
GFile *viewer_test_corpus_file (const char *name);

/* Waits until the window of @widget, which must be shown, has drawn a
 * frame with @widget in it: for what a test checks once laid out and
 * drawn, and for drawing itself. */
void viewer_test_wait_for_frame (GtkWidget *widget);

G_END_DECLS
