/* papers-history.c: the page view's back and forward through links
 *
 * Following a link remembers where the reader was; going back returns
 * there and remembers where the reader left from, to come forward to.
 * The history moves nothing itself: it says where to go through its
 * signals, and the view, which knows its layout, goes there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-history.h"

struct _PapersHistory
{
  GObject  parent_instance;

  GArray  *entries;    /* of PapersHistoryEntry */
  guint    pos;        /* entries before this are "back" */
};

G_DEFINE_FINAL_TYPE (PapersHistory, papers_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAN_GO_BACK,
  PROP_CAN_GO_FORWARD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ACTIVATE_URI,
  GO_TO_DEST,
  RESTORE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
notify_state (PapersHistory *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_BACK]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_FORWARD]);
}

static void
restore (PapersHistory *self)
{
  const PapersHistoryEntry *entry = &g_array_index (self->entries, PapersHistoryEntry, self->pos);

  g_signal_emit (self, signals[RESTORE], 0, entry->page, entry->top);
  notify_state (self);
}

gboolean
papers_history_can_go_back (PapersHistory *self)
{
  g_return_val_if_fail (PAPERS_IS_HISTORY (self), FALSE);
  return self->pos > 0;
}

gboolean
papers_history_can_go_forward (PapersHistory *self)
{
  g_return_val_if_fail (PAPERS_IS_HISTORY (self), FALSE);
  return self->pos + 1 < self->entries->len;
}

/**
 * papers_history_go_back:
 * @here: where the view is now
 *
 * Emits #PapersHistory::restore for the place before the last link
 * followed, if any.
 */
void
papers_history_go_back (PapersHistory            *self,
                        const PapersHistoryEntry *here)
{
  g_return_if_fail (here != NULL);
  if (!papers_history_can_go_back (self))
    return;
  /* The position left becomes the entry to come forward to. */
  if (self->pos == self->entries->len)
    g_array_append_val (self->entries, *here);
  else
    g_array_index (self->entries, PapersHistoryEntry, self->pos) = *here;
  self->pos--;
  restore (self);
}

void
papers_history_go_forward (PapersHistory            *self,
                           const PapersHistoryEntry *here)
{
  g_return_if_fail (here != NULL);
  if (!papers_history_can_go_forward (self))
    return;
  g_array_index (self->entries, PapersHistoryEntry, self->pos) = *here;
  self->pos++;
  restore (self);
}

/**
 * papers_history_follow_link:
 * @link: a link the reader activated
 * @here: where the view is now
 *
 * Emits #PapersHistory::activate-uri for an external link; for an
 * internal one with a destination, remembers @here (forgetting what was
 * forward of it) and emits #PapersHistory::go-to-dest.
 */
void
papers_history_follow_link (PapersHistory            *self,
                            const PapersLink         *link,
                            const PapersHistoryEntry *here)
{
  g_return_if_fail (PAPERS_IS_HISTORY (self));
  g_return_if_fail (link != NULL);
  g_return_if_fail (here != NULL);

  if (link->kind == PAPERS_LINK_EXTERNAL)
    {
      g_signal_emit (self, signals[ACTIVATE_URI], 0, link->uri);
      return;
    }
  if (link->dest_page < 0)
    return;
  g_array_set_size (self->entries, self->pos);
  g_array_append_val (self->entries, *here);
  self->pos = self->entries->len;
  g_signal_emit (self, signals[GO_TO_DEST], 0, link->dest_page, link->dest_top);
  notify_state (self);
}

/* Forgets every place, for a new document. */
void
papers_history_clear (PapersHistory *self)
{
  gboolean had;

  g_return_if_fail (PAPERS_IS_HISTORY (self));
  had = self->entries->len > 0;
  g_array_set_size (self->entries, 0);
  self->pos = 0;
  if (had)
    notify_state (self);
}

static void
papers_history_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PapersHistory *self = PAPERS_HISTORY (object);

  switch (prop_id)
    {
    case PROP_CAN_GO_BACK: g_value_set_boolean (value, papers_history_can_go_back (self)); break;
    case PROP_CAN_GO_FORWARD: g_value_set_boolean (value, papers_history_can_go_forward (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_history_finalize (GObject *object)
{
  PapersHistory *self = PAPERS_HISTORY (object);

  g_array_unref (self->entries);
  G_OBJECT_CLASS (papers_history_parent_class)->finalize (object);
}

static void
papers_history_class_init (PapersHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = papers_history_get_property;
  object_class->finalize = papers_history_finalize;

  properties[PROP_CAN_GO_BACK] =
    g_param_spec_boolean ("can-go-back", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_GO_FORWARD] =
    g_param_spec_boolean ("can-go-forward", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PapersHistory::activate-uri:
   * @uri: the address of an external link followed
   */
  signals[ACTIVATE_URI] = g_signal_new ("activate-uri", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * PapersHistory::go-to-dest:
   * @page: the destination's page
   * @top: its top in points, or -1 for the top of the page
   *
   * An internal link was followed: show its destination.
   */
  signals[GO_TO_DEST] = g_signal_new ("go-to-dest", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_DOUBLE);
  /**
   * PapersHistory::restore:
   * @page: a page
   * @top: points from its top
   *
   * Back or forward: show exactly this place again.
   */
  signals[RESTORE] = g_signal_new ("restore", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_DOUBLE);
}

static void
papers_history_init (PapersHistory *self)
{
  self->entries = g_array_new (FALSE, FALSE, sizeof (PapersHistoryEntry));
}

PapersHistory *
papers_history_new (void)
{
  return g_object_new (PAPERS_TYPE_HISTORY, NULL);
}
