/* papers-background.h: permission to run in the background and start at
 * login, from the Background portal inside Flatpak or an XDG autostart
 * file outside it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The option that starts the windowless service */
#define PAPERS_BACKGROUND_OPTION "background"

gboolean  papers_background_uses_portal     (void);
char     *papers_background_autostart_path  (void);
char     *papers_background_autostart_entry (const char *executable);

void      papers_background_request_async   (gboolean             enable,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean  papers_background_request_finish  (GAsyncResult        *result,
                                             GError             **error);

G_END_DECLS
