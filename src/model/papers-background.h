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

/* The service's hidden option naming when its next round is due (the
 * monotonic time in µs), given when one process hands over to the other */
#define PAPERS_BACKGROUND_NEXT_OPTION "background-next"

/* How often the background service checks for new papers: every few hours,
 * as Daily Papers and the arXiv feeds change a few times a day */
#define PAPERS_BACKGROUND_INTERVAL_S (4 * 60 * 60)

gboolean  papers_background_wanted          (int                  argc,
                                             char               **argv);
guint     papers_background_interval        (void);
guint     papers_background_seconds_until   (gint64               next_round);
void      papers_background_exec            (GApplication        *app,
                                             char               **args);
void      papers_background_trim_memory     (void);
void      papers_background_limit_memory    (void);

G_END_DECLS
