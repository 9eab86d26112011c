/* papers-uri.h: which addresses Papers opens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean papers_uri_is_web (const char *uri);

G_END_DECLS
