/* papers-cli-sources.h: the verbs that talk to Hugging Face and arXiv
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each takes argv from the verb on (argv[0] is the verb). */
int papers_cli_fetch    (int argc, char **argv);
int papers_cli_add      (int argc, char **argv);
int papers_cli_download (int argc, char **argv);

G_END_DECLS
