/* papers-reader-private.h: what the reader's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-reader.h"

G_BEGIN_DECLS

struct _PapersReader
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkWidget      *toolbar;
  GtkWidget      *stack;
  GtkWidget      *scrolled;
  PapersView     *view;

  GtkWidget      *back_button;
  GtkWidget      *forward_button;
  GtkWidget      *page_entry;
  GtkWidget      *page_count;
  GtkWidget      *zoom_button;
  GtkWidget      *outline_toggle;
  GtkWidget      *annotations_toggle;

  GtkWidget      *search_bar;
  GtkWidget      *search_entry;
  GtkWidget      *search_count;

  GtkWidget      *outline_list;
  GtkSingleSelection *annotations_selection;
  GtkFilterListModel *annotations_filtered;
  GtkCustomFilter *annotations_filter;
  GtkWidget      *kind_filter;
  GtkWidget      *color_filter;
  GtkWidget      *comment_entry;
  GtkWidget      *delete_button;
  GtkWidget      *undo_button;
  GPtrArray      *deleted;          /* of PapersAnnotation, for undo */

  GtkWidget      *password_entry;
  GtkWidget      *password_message;
  GtkWidget      *error_message;

  GtkWidget      *selection_popover;
  GtkWidget      *popover_separator;
  guint           selection_popover_id;
  double          pointer_x, pointer_y;

  GFile          *file;
  PapersDocument *document;
  GCancellable   *cancellable;

  /* Where annotations and the reading position live, if anywhere. */
  PapersReadingSession *session;
  guint           save_position_id;
  gboolean        position_restored;
  /* papers_reader_find_at(): what to find, from which page (from 1),
   * once the document is on screen */
  char           *find_words;
  char           *find_words_echo;  /* set in the find bar, its change not yet seen */
  int             find_page;

  /* References and citations (papers-reader-references.c) */
  GtkWidget      *references_toggle;
  GtkWidget      *references_sidebar;
  GtkWidget      *references_stack;
  GtkWidget      *references_title;
  GtkWidget      *references_list;
  GtkWidget      *references_add_all;
  GtkWidget      *citation_popover;
  GtkWidget      *citation_box;
  PapersReferences *references;
  gulong          first_update_id;
  int             shown_citation;   /* in the popover, or -1 */
  int             shown_mention;
  gboolean        popover_by_hover;
  gboolean        pointer_in_popover;
  guint           hide_popover_id;
  GCancellable   *preview_cancellable;
};

/* papers-reader-references.c */
void papers_reader_references_class_init (GtkWidgetClass *widget_class);
void papers_reader_references_init       (PapersReader   *self);
void papers_reader_references_load       (PapersReader   *self);
void papers_reader_references_dispose    (PapersReader   *self);
void papers_reader_references_motion     (PapersReader   *self,
                                          double          x,
                                          double          y);

G_END_DECLS
