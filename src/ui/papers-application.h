/* papers-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "papers-collection.h"
#include "papers-source-client.h"
#ifdef PAPERS_HAVE_SYNC
#include "papers-sync-service.h"
#endif

G_BEGIN_DECLS

#define PAPERS_TYPE_APPLICATION (papers_application_get_type ())

G_DECLARE_FINAL_TYPE (PapersApplication, papers_application, PAPERS, APPLICATION, AdwApplication)

PapersApplication *papers_application_new          (void);
GSettings         *papers_application_get_settings (PapersApplication *self);
PapersCollection  *papers_application_get_collection (PapersApplication *self);
PapersSourceClient *papers_application_get_client  (PapersApplication *self);
#ifdef PAPERS_HAVE_SYNC
PapersSyncService *papers_application_get_sync_service (PapersApplication *self);
#endif
void               papers_application_await        (gpointer           object);
void               papers_application_import       (PapersApplication *self,
                                                    GFile             *file);
const char        *papers_application_get_background_error (PapersApplication *self);
char             **papers_application_get_handover (PapersApplication *self);

G_END_DECLS
