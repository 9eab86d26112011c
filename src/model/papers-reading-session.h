/* papers-reading-session.h: what the library keeps of one paper being read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "papers-annotation.h"
#include "papers-store.h"
#include "papers-references.h"

G_BEGIN_DECLS

#define PAPERS_TYPE_READING_SESSION (papers_reading_session_get_type ())

G_DECLARE_FINAL_TYPE (PapersReadingSession, papers_reading_session, PAPERS, READING_SESSION, GObject)

PapersReadingSession  *papers_reading_session_new          (PapersStore          *store,
                                                            const char           *paper_id);
const char            *papers_reading_session_get_paper_id (PapersReadingSession *self);
gboolean               papers_reading_session_has_library  (PapersReadingSession *self);
gboolean               papers_reading_session_is_writable  (PapersReadingSession *self);
PapersReferences      *papers_reading_session_get_references (PapersReadingSession *self);

void                   papers_reading_session_load_async        (PapersReadingSession   *self,
                                                                 GCancellable           *cancellable,
                                                                 GAsyncReadyCallback     callback,
                                                                 gpointer                user_data);
gboolean               papers_reading_session_load_finish       (PapersReadingSession   *self,
                                                                 GAsyncResult           *result,
                                                                 PapersReadingPosition **position,
                                                                 GListModel            **annotations,
                                                                 GError                **error);

void                   papers_reading_session_save_position     (PapersReadingSession *self,
                                                                 int                   page,
                                                                 double                offset,
                                                                 double                zoom);
void                   papers_reading_session_add_reading_time  (PapersReadingSession *self,
                                                                 double                seconds);
void                   papers_reading_session_add_annotation    (PapersReadingSession *self,
                                                                 PapersAnnotation     *annotation);
void                   papers_reading_session_restore_annotation (PapersReadingSession *self,
                                                                  PapersAnnotation     *annotation);
void                   papers_reading_session_update_annotation (PapersReadingSession *self,
                                                                 PapersAnnotation     *annotation);
void                   papers_reading_session_remove_annotation (PapersReadingSession *self,
                                                                 PapersAnnotation     *annotation);

G_END_DECLS
