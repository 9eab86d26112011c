/* test-history.c: PapersHistory without a view or a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-history.h"

/* What the history asked the view to do, last first. */
typedef struct {
  GString *log;
  int      notes;
} Record;

static void
on_restore (PapersHistory *history,
            int            page,
            double         top,
            Record        *record)
{
  g_string_append_printf (record->log, "restore %d %g;", page, top);
}

static void
on_go_to_dest (PapersHistory *history,
               int            page,
               double         top,
               Record        *record)
{
  g_string_append_printf (record->log, "dest %d %g;", page, top);
}

static void
on_activate_uri (PapersHistory *history,
                 const char    *uri,
                 Record        *record)
{
  g_string_append_printf (record->log, "uri %s;", uri);
}

static void
on_notify (PapersHistory *history,
           GParamSpec    *pspec,
           Record        *record)
{
  record->notes++;
}

static PapersHistory *
history_with_record (Record *record)
{
  PapersHistory *history = papers_history_new ();

  record->log = g_string_new (NULL);
  record->notes = 0;
  g_signal_connect (history, "restore", G_CALLBACK (on_restore), record);
  g_signal_connect (history, "go-to-dest", G_CALLBACK (on_go_to_dest), record);
  g_signal_connect (history, "activate-uri", G_CALLBACK (on_activate_uri), record);
  g_signal_connect (history, "notify", G_CALLBACK (on_notify), record);
  return history;
}

static const char *
take_log (Record *record)
{
  static char buffer[256];

  g_strlcpy (buffer, record->log->str, sizeof buffer);
  g_string_truncate (record->log, 0);
  return buffer;
}

static void
test_back_and_forward (void)
{
  Record record;
  g_autoptr(PapersHistory) history = history_with_record (&record);
  PapersLink to_three = { { 0 }, PAPERS_LINK_INTERNAL, 3, 120, NULL };
  PapersLink to_nine = { { 0 }, PAPERS_LINK_INTERNAL, 9, -1, NULL };
  PapersHistoryEntry first = { 0, 40 }, at_three = { 3, 130 }, at_nine = { 9, 0 };
  gboolean back;

  g_assert_false (papers_history_can_go_back (history));
  g_assert_false (papers_history_can_go_forward (history));
  /* Nothing to go back or forward to: nothing happens. */
  papers_history_go_back (history, &first);
  papers_history_go_forward (history, &first);
  g_assert_cmpstr (take_log (&record), ==, "");

  papers_history_follow_link (history, &to_three, &first);
  g_assert_cmpstr (take_log (&record), ==, "dest 3 120;");
  g_assert_true (papers_history_can_go_back (history));
  g_object_get (history, "can-go-back", &back, NULL);
  g_assert_true (back);
  g_assert_cmpint (record.notes, ==, 2);
  papers_history_follow_link (history, &to_nine, &at_three);
  g_assert_cmpstr (take_log (&record), ==, "dest 9 -1;");

  /* Back returns where each link was followed from, exactly. */
  papers_history_go_back (history, &at_nine);
  g_assert_cmpstr (take_log (&record), ==, "restore 3 130;");
  g_assert_true (papers_history_can_go_forward (history));
  papers_history_go_back (history, &at_three);
  g_assert_cmpstr (take_log (&record), ==, "restore 0 40;");
  g_assert_false (papers_history_can_go_back (history));

  /* Forward returns to where back was pressed from. */
  papers_history_go_forward (history, &first);
  g_assert_cmpstr (take_log (&record), ==, "restore 3 130;");
  papers_history_go_forward (history, &at_three);
  g_assert_cmpstr (take_log (&record), ==, "restore 9 0;");
  g_assert_false (papers_history_can_go_forward (history));

  /* A link followed after going back forgets what was forward. */
  papers_history_go_back (history, &at_nine);
  g_assert_cmpstr (take_log (&record), ==, "restore 3 130;");
  papers_history_follow_link (history, &to_nine, &at_three);
  g_assert_false (papers_history_can_go_forward (history));
  papers_history_go_back (history, &at_nine);
  papers_history_go_back (history, &at_three);
  g_assert_cmpstr (take_log (&record), ==, "dest 9 -1;restore 3 130;restore 0 40;");

  /* A new document forgets every place, and says so. */
  record.notes = 0;
  papers_history_clear (history);
  g_assert_false (papers_history_can_go_forward (history));
  g_assert_false (papers_history_can_go_back (history));
  g_assert_cmpint (record.notes, ==, 2);
  papers_history_clear (history);
  g_assert_cmpint (record.notes, ==, 2);
  g_string_free (record.log, TRUE);
}

static void
test_links (void)
{
  Record record;
  g_autoptr(PapersHistory) history = history_with_record (&record);
  PapersLink web = { { 0 }, PAPERS_LINK_EXTERNAL, -1, -1, (char *) "https://example.org/paper" };
  PapersLink broken = { { 0 }, PAPERS_LINK_INTERNAL, -1, -1, NULL };
  PapersHistoryEntry here = { 2, 10 };

  /* External links are only reported, never remembered. */
  papers_history_follow_link (history, &web, &here);
  g_assert_cmpstr (take_log (&record), ==, "uri https://example.org/paper;");
  g_assert_false (papers_history_can_go_back (history));
  /* A link to nowhere does nothing. */
  papers_history_follow_link (history, &broken, &here);
  g_assert_cmpstr (take_log (&record), ==, "");
  g_assert_false (papers_history_can_go_back (history));
  g_assert_cmpint (record.notes, ==, 0);
  g_string_free (record.log, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/viewer/history/back-and-forward", test_back_and_forward);
  g_test_add_func ("/viewer/history/links", test_links);
  return g_test_run ();
}
