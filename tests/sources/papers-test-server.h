/* papers-test-server.h: loopback HTTP servers for the network tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

SoupServer *test_server_new          (char          **base_url);
void        test_server_reply        (SoupServerMessage *msg,
                                      guint              status,
                                      const char        *content_type,
                                      GBytes            *body);
void        test_server_reply_text   (SoupServerMessage *msg,
                                      guint              status,
                                      const char        *content_type,
                                      const char        *text);
GBytes     *test_corpus_bytes        (const char        *relative);
void        test_run_until           (gboolean          *flag);

/* A raw TCP server in a thread, for faults SoupServer cannot produce. */
typedef enum
{
  RAW_CLOSE_AFTER,     /* send the head and some body, then close */
  RAW_RESET_AFTER,     /* send the head and some body, then reset */
  RAW_STALL,           /* send nothing for a long time */
  RAW_ENDLESS,         /* send body bytes until the client goes away */
  RAW_TRICKLE,         /* send a body byte every 50 ms until the client goes away */
  RAW_STALL_AFTER,     /* send the head and some body, then nothing for a long time */
} RawAction;

typedef struct _RawServer RawServer;

RawServer  *raw_server_start         (const char *head,
                                      gsize       body_bytes,
                                      RawAction   action,
                                      char      **base_url);
void        raw_server_stop          (RawServer  *server);

char       *test_closed_port_url     (void);

G_END_DECLS
