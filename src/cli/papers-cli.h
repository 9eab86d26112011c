/* papers-cli.h: the command-line verbs of the papers binary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean papers_cli_handles (int    argc,
                             char **argv);
int      papers_cli_run     (int    argc,
                             char **argv);

G_END_DECLS
