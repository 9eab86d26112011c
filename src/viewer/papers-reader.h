/* papers-reader.h: the view with its page entry, zoom, find bar and sidebars
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "papers-reading-session.h"
#include "papers-view.h"

G_BEGIN_DECLS

#define PAPERS_TYPE_READER (papers_reader_get_type ())
G_DECLARE_FINAL_TYPE (PapersReader, papers_reader, PAPERS, READER, GtkWidget)

GtkWidget      *papers_reader_new                (void);

void            papers_reader_set_session        (PapersReader         *self,
                                                  PapersReadingSession *session);
void            papers_reader_load               (PapersReader *self,
                                                  GFile        *file);
PapersDocument *papers_reader_get_document       (PapersReader *self);
PapersView     *papers_reader_get_view           (PapersReader *self);
GtkWidget      *papers_reader_get_toolbar        (PapersReader *self);

void            papers_reader_set_outline_visible     (PapersReader *self,
                                                       gboolean      visible);
void            papers_reader_set_annotations_visible (PapersReader *self,
                                                       gboolean      visible);
void            papers_reader_set_references_visible (PapersReader *self,
                                                      gboolean      visible);
PapersReferences *papers_reader_get_references   (PapersReader *self);
void            papers_reader_preview_citation   (PapersReader *self,
                                                  int           citation);
void            papers_reader_preview_mention    (PapersReader *self,
                                                  int           mention);
GtkWidget      *papers_reader_get_citation_popover (PapersReader *self);
void            papers_reader_show_find          (PapersReader *self);
void            papers_reader_find_at            (PapersReader *self,
                                                  const char   *words,
                                                  int           page);
void            papers_reader_export_annotated   (PapersReader *self);
void            papers_reader_export_annotated_to (PapersReader *self,
                                                   GFile        *file);

G_END_DECLS
