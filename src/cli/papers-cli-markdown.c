/* papers-cli-markdown.c: `papers-reader export --format markdown`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "papers-cli-private.h"
#include "papers-markdown.h"
#include "papers-store-wait.h"

/* Prints the notes and annotations of @papers as Markdown; standard error
 * says so when none of them has any */
int
papers_cli_export_markdown (PapersCli *cli,
                            GPtrArray *papers)
{
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  PapersStore *store = papers_cli_get_store (cli, &error);

  if (store == NULL)
    return papers_cli_fail ("export", error);
  for (guint i = 0; i < papers->len; i++)
    {
      GListModel *list = papers_store_wait (papers_store_list_annotations_async,
                                            papers_store_list_annotations_finish, &error, store,
                                            papers_paper_get_id (papers->pdata[i]));

      if (list == NULL)
        return papers_cli_fail ("export", error);
      g_ptr_array_add (annotations, list);
    }
  text = papers_markdown_export (papers, annotations);
  if (*text == '\0')
    fprintf (stderr, "%s\n", _("No notes or annotations to export"));
  fputs (text, stdout);
  return 0;
}
