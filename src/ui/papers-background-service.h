/* papers-background-service.h: the windowless background service, without GTK
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The GUI's hidden option that replays what was asked of the service:
 * "for-you" (the notification's Open), "paper:ID" or "search:TERMS"
 * (GNOME Shell's search) */
#define PAPERS_SHOW_OPTION "show"

#define PAPERS_TYPE_BACKGROUND_SERVICE (papers_background_service_get_type ())

G_DECLARE_FINAL_TYPE (PapersBackgroundService, papers_background_service, PAPERS, BACKGROUND_SERVICE, GApplication)

PapersBackgroundService *papers_background_service_new          (void);
char                   **papers_background_service_get_handover (PapersBackgroundService *self);

G_END_DECLS
