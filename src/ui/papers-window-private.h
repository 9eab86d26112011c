/* papers-window-private.h: state shared by the window's source files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-collection.h"
#include "papers-detail.h"
#include "papers-for-you.h"
#include "papers-hf-period.h"
#include "papers-recovery.h"
#include "papers-references.h"
#include "papers-source-client.h"
#include "papers-window.h"

G_BEGIN_DECLS

struct _PapersWindow
{
  AdwApplicationWindow    parent_instance;

  GSettings              *settings;
  PapersCollection       *collection;
  gboolean                owns_collection;  /* made here, not handed */
  PapersDetail           *detail;

  /* What the list shows: see papers-window-sidebar.c for the keys */
  char                   *view;
  GDateTime              *day;      /* Daily Papers shows the period holding it */
  PapersHfPeriod          period;
  char                   *sort;
  char                   *query;
  GHashTable             *queries;   /* view → its own search text */
  char                   *restore_paper;
  gboolean                navigating;
  gboolean                restoring;
  gboolean                narrow;
  gboolean                narrow_seen;

  PapersSourceClient     *client;
  /* Lookups, downloads, PDF title reads and pastes: cancelled on close */
  GCancellable           *cancellable;
  /* papers_window_shutdown() ran: callbacks still arriving touch nothing */
  gboolean                closed;
  GListStore             *listing;
  GCancellable           *listing_cancellable;
  gboolean                listing_failed;
  GListModel             *library_model;   /* PapersResults of the library view */
  guint                   refresh_source;
  guint                   present_source;   /* waiting for the first list */
  guint                   sidebar_rebuild_source;
  GCancellable           *search_cancellable;
  /* The find the library list shows ("view\nsort\nquery") and the text
   * typed it is for; the same two for the find running */
  char                   *shown_find;
  char                   *shown_search;
  char                   *running_find;
  char                   *running_search;
  guint                   refine_source;
  GtkSortListModel       *sort_model;
  GtkCustomSorter        *sorter;
  GtkSingleSelection     *selection;
  GHashTable             *sidebar_rows;     /* view → its PapersSidebarRow */

  /* For You: see papers-window-for-you.c */
  PapersForYou           *for_you;
  GCancellable           *rank_cancellable;
  GHashTable             *ranks;            /* id → its Rank in the listing */
  gboolean                still_learning;   /* sorted For You, nothing to rank by */
  char                   *for_you_tag;      /* rank for this tag's papers; NULL: all */
  GMenu                  *for_you_tag_menu; /* the sort menu's "For You by Tag" */
  gboolean                choosing_for_you_tag;
  GHashTable             *seen;             /* ids opened from a listing */
  GStrv                   followed_authors;
  GStrv                   followed_searches;
  GCancellable           *follows_cancellable;
  GPtrArray              *filter_keys;      /* the filter menu's "author\tNAME" */
  GtkCustomFilter        *filter;
  GtkFilterListModel     *filter_model;
  guint                   for_you_generation;
  guint                   for_you_pending;  /* listings of the view still coming */
  GPtrArray              *for_you_papers;   /* what came, merged */
  gboolean                for_you_failed;   /* every one failed so far */
  AdwBanner              *learning_banner;
  GtkWidget              *for_you_bar;
  GtkDropDown            *follow_filter;
  GtkWidget              *unfollow_button;
  GtkWidget              *follow_search_button;

  /* The library's state: see papers-window-library-state.c */
  AdwBanner              *library_banner;
  AdwStatusPage          *library_page;
  GtkWidget              *library_primary_button;
  PapersBackup           *library_backup;       /* of a damaged library */
  gboolean                library_backup_known;  /* looked for */
  gboolean                library_busy;          /* a restore runs */

  /* The reader's tabs: see papers-window-tabs.c */
  AdwNavigationPage      *reader_page;
  AdwTabView             *tab_view;
  AdwTabBar              *tab_bar;
  AdwTabOverview         *tab_overview;
  GtkWidget              *tab_overview_button;
  GPtrArray              *closed_tabs;      /* their papers, for Ctrl+Shift+T */
  guint                   tab_clock;        /* orders the tabs by their last selection */
  gboolean                restoring_tabs;
  gboolean                tabs_restored;
  guint                   ctrl_click_time;  /* a row pressed with Ctrl, for its activation */

  /* template children */
  AdwToastOverlay        *toast_overlay;
  GtkWidget              *add_button;
  AdwNavigationView      *main_view;
  AdwNavigationSplitView *outer_split;
  AdwNavigationSplitView *inner_split;
  GtkListBox             *sidebar_list;
  AdwNavigationPage      *list_page;
  AdwNavigationPage      *detail_page;
  AdwWindowTitle         *list_title;
  GtkWidget              *period_bar;
  AdwToggleGroup         *period_group;
  GtkWidget              *prev_day_button;
  GtkWidget              *date_button;
  GtkWidget              *next_day_button;
  GtkCalendar            *calendar;           /* once its popover is first opened */
  GtkWidget              *sort_button;
  GtkWidget              *narrow_sort_button;
  GtkWidget              *primary_menu_button;
  GtkWidget              *sync_status_button;
  GtkWidget              *sync_status_label;
  GMenuModel             *primary_menu;
  GMenuModel             *sort_menu;
  GtkActionBar           *narrow_bar;
  GtkWidget              *narrow_prev_button;
  GtkWidget              *narrow_next_button;
  GtkSearchBar           *search_bar;
  GtkSearchEntry         *search_entry;
  GtkWidget              *search_help_button;
  GtkWidget              *save_search_button;
  AdwBanner              *offline_banner;
  /* Shown while the collection is busy with an import */
  GtkProgressBar         *import_progress;
  guint                   import_pulse;
  GtkStack               *list_stack;
  GtkGridView            *paper_list;
  AdwStatusPage          *status_page;
  GtkButton              *status_button;
};

/* papers-window-pdfs.c (a build with sync) */
gboolean papers_window_pdfs_sync_set_up (PapersWindow *self);
gboolean papers_window_read_synced_pdf  (PapersWindow *self,
                                         PapersPaper  *paper,
                                         gboolean      new_tab);

/* papers-window-sidebar.c */
void     papers_window_sync_init        (PapersWindow *self);
void     papers_window_sidebar_class_init (GtkWidgetClass *widget_class);
void     papers_window_sidebar_init     (PapersWindow *self);
void     papers_window_sidebar_rebuild  (PapersWindow *self);
void     papers_window_sidebar_update_counts (PapersWindow *self);
void     papers_window_sidebar_select   (PapersWindow *self,
                                         const char   *view);
char    *papers_window_view_title       (const char   *view);
void     papers_window_popup_menu       (GtkWidget    *parent,
                                         GMenuModel   *model,
                                         double        x,
                                         double        y);

/* papers-window.c */
void     papers_window_set_view         (PapersWindow *self,
                                         const char   *view);
void     papers_window_toast            (PapersWindow *self,
                                         const char   *title);
void     papers_window_error            (PapersWindow *self,
                                         const char   *title,
                                         const char   *details);

void     papers_window_update_status_page (PapersWindow *self);
void     papers_window_refresh_library (PapersWindow *self);
void     papers_window_show_unlisted_paper (PapersWindow *self,
                                           PapersPaper  *paper);
void     papers_window_show_paper       (PapersWindow *self,
                                         PapersPaper  *paper);
gboolean papers_window_is_library_view  (const char   *view);
int      papers_window_compare_dates    (GDateTime    *a,
                                         GDateTime    *b);
void     papers_window_update_rows      (PapersWindow *self);

/* papers-window-sources.c */
PapersSourceClient *papers_window_client (PapersWindow *self);
void     papers_window_load_listing     (PapersWindow *self);
void     papers_window_lookup_paper     (PapersWindow *self,
                                         PapersPaper  *paper);
void     papers_window_read             (PapersWindow *self,
                                         PapersPaper  *paper);
void     papers_window_show_papers      (PapersWindow *self,
                                         GPtrArray    *papers);

/* papers-window-for-you.c */
void     papers_window_for_you_class_init (GtkWidgetClass *widget_class);
void     papers_window_for_you_init     (PapersWindow *self);
void     papers_window_for_you_shutdown (PapersWindow *self);
void     papers_window_for_you_dispose  (PapersWindow *self);
gboolean papers_window_for_you_sorting  (PapersWindow *self);
int      papers_window_for_you_compare  (PapersWindow *self,
                                         PapersPaper  *a,
                                         PapersPaper  *b);
char    *papers_window_for_you_note     (PapersWindow *self,
                                         PapersPaper  *paper);
void     papers_window_for_you_rank     (PapersWindow *self);
void     papers_window_for_you_load     (PapersWindow *self,
                                         PapersStore  *store);
void     papers_window_for_you_update_header (PapersWindow *self);
void     papers_window_for_you_seen     (PapersWindow *self,
                                         PapersPaper  *paper);
void     papers_window_for_you_library_opened (PapersWindow *self);
void     papers_window_for_you_update_actions (PapersWindow *self);
void     papers_window_for_you_sort_chosen (PapersWindow *self);
void     papers_window_for_you_update_tags (PapersWindow *self,
                                            const char * const *tags);

/* papers-window-library-state.c */
void        papers_window_library_state_init           (PapersWindow *self);
void        papers_window_library_state_update         (PapersWindow *self);
gboolean    papers_window_library_state_show           (PapersWindow *self,
                                                        gboolean      library_view);
void        papers_window_library_state_update_actions (PapersWindow *self);
const char *papers_window_library_unavailable_reason   (PapersWindow *self);
gboolean    papers_window_library_check_editable       (PapersWindow *self);

/* papers-window-files.c */
void     papers_window_files_init       (PapersWindow *self);
void     papers_window_files_update_actions (PapersWindow *self);

/* papers-window-find.c */
void     papers_window_find_title       (PapersWindow     *self,
                                         const char       *title,
                                         PapersReferences *references);
gboolean papers_window_is_bibliography  (GFile        *file);
void     papers_window_import_file      (PapersWindow *self,
                                         GFile        *file);
void     papers_window_import_done      (PapersWindow       *self,
                                         const char         *summary,
                                         const char         *details,
                                         const char * const *added);

/* papers-window.c: what a library view finds */
void     papers_window_view_find        (PapersWindow *self,
                                         const char  **query,
                                         const char  **filter_key,
                                         const char  **filter_value,
                                         PapersSort   *sort);

/* papers-window-actions.c */
void     papers_window_actions_init     (PapersWindow *self);
void     papers_window_update_actions   (PapersWindow *self);
gboolean papers_window_add_arxiv_id     (PapersWindow *self,
                                         const char   *text);
gboolean papers_window_add_pdf          (PapersWindow *self,
                                         GFile        *file);
void     papers_window_open_pdf         (PapersWindow *self,
                                         GFile        *file);
void     papers_window_open_arxiv_id    (PapersWindow *self,
                                         const char   *id,
                                         int           version);

/* papers-window-sources.c: reading */
GtkWidget *papers_window_new_reader     (PapersWindow *self,
                                         PapersPaper  *paper);
void     papers_window_read_in_tab      (PapersWindow *self,
                                         PapersPaper  *paper,
                                         gboolean      new_tab);

/* papers-window-tabs.c */
void       papers_window_tabs_init      (PapersWindow *self);
void       papers_window_tabs_dispose   (PapersWindow *self);
void       papers_window_tabs_restore   (PapersWindow *self);
gboolean   papers_window_reader_shown   (PapersWindow *self);
GtkWidget *papers_window_visible_reader (PapersWindow *self);
void       papers_window_leave_reader   (PapersWindow *self);
gboolean   papers_window_tabs_select    (PapersWindow *self,
                                         const char   *key);
void       papers_window_tabs_add       (PapersWindow *self,
                                         GtkWidget    *reader,
                                         const char   *key,
                                         PapersPaper  *paper,
                                         gboolean      new_tab,
                                         gboolean      select);
void       papers_window_close_tab      (PapersWindow *self,
                                         GtkWidget    *reader);
void       papers_window_switch_tab     (PapersWindow *self,
                                         int           step);
void       papers_window_reopen_tab     (PapersWindow *self);
void       papers_window_show_tabs      (PapersWindow *self);

G_END_DECLS
