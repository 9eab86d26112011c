/* papers-preferences.h: the preferences dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PAPERS_TYPE_PREFERENCES_DIALOG (papers_preferences_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PapersPreferencesDialog, papers_preferences_dialog, PAPERS, PREFERENCES_DIALOG,
                      AdwPreferencesDialog)

AdwDialog *papers_preferences_dialog_new (GSettings  *settings);
gboolean   papers_settings_edit_strv     (GSettings  *settings,
                                          const char *key,
                                          const char *add,
                                          const char *remove);

G_END_DECLS
