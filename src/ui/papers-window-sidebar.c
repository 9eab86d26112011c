/* papers-window-sidebar.c: the window's sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The sidebar is short (a few sources, five library views, the tags and the
 * saved searches), so it is a navigation-sidebar GtkListBox with section
 * headers, rebuilt when the followed categories, tags or saved searches
 * change.  Each row carries a view key the list understands:
 *
 *   for-you            For You: the day's papers and every follow, ranked
 *   daily              Hugging Face Daily Papers
 *   feed:CATEGORY      an arXiv category feed
 *   hf-search          Hugging Face search
 *   arxiv-search       arXiv search
 *   library:all|unread|reading|read|starred
 *   tag:NAME
 *   saved:QUERY        a saved library search
 */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-sidebar-row.h"
#include "papers-window-private.h"

/**
 * papers_window_view_title:
 *
 * Returns: (transfer full): the title the list shows for @view
 */
char *
papers_window_view_title (const char *view)
{
  static const struct { const char *key; const char *title; } fixed[] = {
    { "for-you", N_("For You") },
    { "daily", N_("Daily Papers") },
    { "hf-search", N_("Search Hugging Face") },
    { "arxiv-search", N_("Search arXiv") },
    { "library:all", N_("All Papers") },
    { "library:unread", N_("Unread") },
    { "library:reading", N_("Reading") },
    { "library:read", N_("Read") },
    { "library:starred", N_("Starred") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    if (g_strcmp0 (view, fixed[i].key) == 0)
      return g_strdup (_(fixed[i].title));
  if (view != NULL && strchr (view, ':') != NULL)
    return g_strdup (strchr (view, ':') + 1);
  return g_strdup (_("Papers"));
}

static void
row_new (PapersWindow *self,
         const char   *section,
         const char   *view,
         const char   *icon_name,
         const char   *color,
         const char   *title)
{
  GtkWidget *row = papers_sidebar_row_new (section, view, icon_name, color, title);

  g_hash_table_insert (self->sidebar_rows, g_strdup (view), row);
  gtk_list_box_append (self->sidebar_list, row);
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  const char *section = papers_sidebar_row_get_section (PAPERS_SIDEBAR_ROW (row));
  GtkWidget *header;

  if (before != NULL && g_strcmp0 (section, papers_sidebar_row_get_section (PAPERS_SIDEBAR_ROW (before))) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  header = gtk_label_new (section);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_widget_add_css_class (header, "sidebar-heading");
  gtk_list_box_row_set_header (row, header);
}

static GMenuModel *
context_menu_for (const char *view)
{
  GMenu *menu = g_menu_new ();
  const char *name = strchr (view, ':') + 1;
  g_autoptr(GMenuItem) item = NULL;

  if (g_str_has_prefix (view, "tag:"))
    {
      static const struct { const char *label; const char *action; } entries[] = {
        { N_("_Rename…"), "win.tag-rename" },
        { N_("Change _Color…"), "win.tag-recolor" },
        { N_("_Merge Into…"), "win.tag-merge" },
        { N_("_Delete"), "win.tag-delete" },
      };

      for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
        {
          item = g_menu_item_new (_(entries[i].label), NULL);
          g_menu_item_set_action_and_target (item, entries[i].action, "s", name);
          g_menu_append_item (menu, item);
          g_clear_object (&item);
        }
    }
  else
    {
      item = g_menu_item_new (_("_Remove Saved Search"), NULL);
      g_menu_item_set_action_and_target (item, "win.remove-saved-search", "s", name);
      g_menu_append_item (menu, item);
    }
  return G_MENU_MODEL (menu);
}

static void
unparent_cb (gpointer popover)
{
  if (gtk_widget_get_parent (popover) != NULL)
    gtk_widget_unparent (popover);
  g_object_unref (popover);
}

/* A menu closes before its item's action runs: the popover stays in the
 * window until then, or the action, looked up from the item, is not
 * found.  (Rows are rebuilt later still, see rebuild_soon().) */
static void
popover_closed_cb (GtkWidget *popover)
{
  g_idle_add_once (unparent_cb, g_object_ref (popover));
}

/**
 * papers_window_popup_menu:
 * @parent: what the menu hangs from
 * @x: where in @parent it points, or -1 (a menu opened by the keyboard)
 *
 * Opens @model as a context menu, gone once it is closed.
 */
void
papers_window_popup_menu (GtkWidget  *parent,
                          GMenuModel *model,
                          double      x,
                          double      y)
{
  GtkWidget *popover = gtk_popover_menu_new_from_model (model);

  gtk_widget_set_parent (popover, parent);
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  if (x >= 0)
    gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  g_signal_connect (popover, "closed", G_CALLBACK (popover_closed_cb), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

static void
popup_context_menu (GtkWidget *row,
                    double     x,
                    double     y)
{
  const char *view = papers_sidebar_row_get_view (PAPERS_SIDEBAR_ROW (row));
  g_autoptr(GMenuModel) model = NULL;

  if (view == NULL || !(g_str_has_prefix (view, "tag:") || g_str_has_prefix (view, "saved:")))
    return;
  model = context_menu_for (view);
  papers_window_popup_menu (row, model, x, y);
}

static void
sidebar_secondary_click_cb (GtkGestureClick *gesture,
                            int              n_press,
                            double           x,
                            double           y,
                            PapersWindow    *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_y (self->sidebar_list, (int) y);
  graphene_point_t point;

  if (row == NULL)
    return;
  if (!gtk_widget_compute_point (GTK_WIDGET (self->sidebar_list), GTK_WIDGET (row), &GRAPHENE_POINT_INIT (x, y), &point))
    return;
  if (gesture != NULL)
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_context_menu (GTK_WIDGET (row), point.x, point.y);
}

static void
sidebar_long_press_cb (GtkGestureLongPress *gesture,
                       double               x,
                       double               y,
                       PapersWindow        *self)
{
  sidebar_secondary_click_cb (NULL, 1, x, y, self);
}

/* Menu or Shift+F10 opens the focused row's menu: nothing is reachable
 * only with a pointer. */
static void
row_menu_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (widget));

  if (focus != NULL && PAPERS_IS_SIDEBAR_ROW (focus))
    popup_context_menu (focus, -1, -1);
}

void
papers_window_sidebar_update_counts (PapersWindow *self)
{
  const PapersCounts *library = papers_collection_get_counts (self->collection);
  guint counts[5] = { library->all, library->unread, library->reading, library->read, library->starred };
  static const char * const keys[] = {
    "library:all", "library:unread", "library:reading", "library:read", "library:starred",
  };
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      PapersSidebarRow *row = g_hash_table_lookup (self->sidebar_rows, keys[i]);
      g_autofree char *text = g_strdup_printf ("%u", counts[i]);

      if (row != NULL)
        papers_sidebar_row_set_count (row, counts[i] > 0 ? text : "");
    }

  g_hash_table_iter_init (&iter, self->sidebar_rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_has_prefix (key, "tag:"))
      {
        g_autofree char *text = g_strdup_printf ("%u", papers_collection_count_tag (self->collection,
                                                                                   (char *) key + 4));
        papers_sidebar_row_set_count (value, text);
      }
}

static gboolean
rebuild_cb (gpointer data)
{
  PapersWindow *self = data;

  self->sidebar_rebuild_source = 0;
  papers_window_sidebar_rebuild (self);
  return G_SOURCE_REMOVE;
}

/* Tags change from a row's own menu: the rows go once the menu is gone
 * (its popover hangs from one of them), and once for a burst of edits. */
static void
rebuild_soon (PapersWindow *self)
{
  if (self->sidebar_rebuild_source == 0)
    self->sidebar_rebuild_source = g_idle_add (rebuild_cb, self);
}

void
papers_window_sidebar_select (PapersWindow *self,
                              const char   *view)
{
  gboolean navigating = self->navigating;

  /* Showing the view in the sidebar is not choosing it. */
  self->navigating = TRUE;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (PAPERS_IS_SIDEBAR_ROW (row) && g_strcmp0 (papers_sidebar_row_get_view (PAPERS_SIDEBAR_ROW (row)), view) == 0)
      {
        gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
        self->navigating = navigating;
        return;
      }
  gtk_list_box_unselect_all (self->sidebar_list);
  self->navigating = navigating;
}

void
papers_window_sidebar_rebuild (PapersWindow *self)
{
  g_auto(GStrv) categories = g_settings_get_strv (self->settings, "followed-categories");
  g_auto(GStrv) saved = g_settings_get_strv (self->settings, "saved-searches");
  g_auto(GStrv) tags = papers_collection_dup_tag_names (self->collection);
  g_autofree char *view = g_strdup (self->view);
  const char *discover = _("Discover");
  const char *library = _("Library");
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gboolean had_focus = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->sidebar_list));

  /* Rebuilding selects nothing; keep the list from reacting to that. */
  self->navigating = TRUE;
  /* A menu still open on a row goes with it */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    for (GtkWidget *child = gtk_widget_get_first_child (row), *next; child != NULL; child = next)
      {
        next = gtk_widget_get_next_sibling (child);
        if (GTK_IS_POPOVER (child))
          gtk_widget_unparent (child);
      }
  gtk_list_box_remove_all (self->sidebar_list);
  g_hash_table_remove_all (self->sidebar_rows);

  row_new (self, discover, "for-you", "semi-starred-symbolic", NULL, _("For You"));
  row_new (self, discover, "daily", "x-office-calendar-symbolic", NULL, _("Daily Papers"));
  for (guint i = 0; categories[i] != NULL; i++)
    {
      g_autofree char *key = g_strconcat ("feed:", categories[i], NULL);
      row_new (self, discover, key, "application-rss+xml-symbolic", NULL, categories[i]);
    }
  row_new (self, discover, "hf-search", "system-search-symbolic", NULL, _("Search Hugging Face"));
  row_new (self, discover, "arxiv-search", "system-search-symbolic", NULL, _("Search arXiv"));

  row_new (self, library, "library:all", "folder-documents-symbolic", NULL, _("All Papers"));
  row_new (self, library, "library:unread", "mail-unread-symbolic", NULL, _("Unread"));
  row_new (self, library, "library:reading", "document-open-symbolic", NULL, _("Reading"));
  row_new (self, library, "library:read", "object-select-symbolic", NULL, _("Read"));
  row_new (self, library, "library:starred", "starred-symbolic", NULL, _("Starred"));

  papers_window_for_you_update_tags (self, (const char * const *) tags);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      g_autofree char *key = g_strconcat ("tag:", tags[i], NULL);
      row_new (self, _("Tags"), key, NULL, papers_collection_get_tag_color (self->collection, tags[i]), tags[i]);
    }
  for (guint i = 0; saved[i] != NULL; i++)
    {
      g_autofree char *key = g_strconcat ("saved:", saved[i], NULL);
      row_new (self, _("Saved Searches"), key, "folder-saved-search-symbolic", NULL, saved[i]);
    }

  papers_window_sidebar_update_counts (self);
  papers_window_sidebar_select (self, view);
  /* The keyboard stays on the row shown, not on the first one */
  if (had_focus && gtk_list_box_get_selected_row (self->sidebar_list) != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_selected_row (self->sidebar_list)));
  self->navigating = FALSE;
}

/* The sidebar's gestures and its menu key are in papers-window.ui */
void
papers_window_sidebar_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "sidebar.row-menu", NULL, row_menu_action);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_secondary_click_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_long_press_cb);
}

void
papers_window_sidebar_init (PapersWindow *self)
{
  gtk_list_box_set_header_func (self->sidebar_list, header_func, NULL, NULL);
  g_signal_connect_object (self->settings, "changed::followed-categories",
                           G_CALLBACK (papers_window_sidebar_rebuild), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::saved-searches",
                           G_CALLBACK (papers_window_sidebar_rebuild), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->collection, "tags-changed",
                           G_CALLBACK (rebuild_soon), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->collection, "notify::counts",
                           G_CALLBACK (papers_window_sidebar_update_counts), self, G_CONNECT_SWAPPED);
  papers_window_sidebar_rebuild (self);
}
