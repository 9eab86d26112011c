/* papers-tag.h: a tag of the library, with its color and use count
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PAPERS_TYPE_TAG (papers_tag_get_type ())

G_DECLARE_FINAL_TYPE (PapersTag, papers_tag, PAPERS, TAG, GObject)

PapersTag  *papers_tag_new       (const char *name,
                                  const char *color,
                                  guint       n_papers);
const char *papers_tag_get_name  (PapersTag  *self);
const char *papers_tag_get_color (PapersTag  *self);
guint       papers_tag_get_n_papers (PapersTag *self);

char       *papers_tag_dup_key   (const char *name);
char       *papers_tag_default_color (const char *name);
gboolean    papers_tag_color_is_valid (const char *color);

G_END_DECLS
