/* papers-sync-crypto.h: every file Papers writes to the server is
 * encrypted and authenticated on the device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PAPERS_SYNC_CRYPTO_ERROR (papers_sync_crypto_error_quark ())

/**
 * PapersSyncCryptoError:
 * @PAPERS_SYNC_CRYPTO_ERROR_WRONG_PASSPHRASE: the passphrase is not the
 *   one the library on the server was made with
 * @PAPERS_SYNC_CRYPTO_ERROR_BAD_HEADER: the library's header file is
 *   damaged, or asks for key derivation limits out of range
 * @PAPERS_SYNC_CRYPTO_ERROR_NOT_ENCRYPTED: not a file Papers encrypted
 *   (garbage, or another program's file)
 * @PAPERS_SYNC_CRYPTO_ERROR_TOO_NEW: encrypted in a format this Papers
 *   does not know
 * @PAPERS_SYNC_CRYPTO_ERROR_TRUNCATED: shorter than it says it is
 * @PAPERS_SYNC_CRYPTO_ERROR_TAMPERED: changed after it was written (or
 *   encrypted with another key)
 * @PAPERS_SYNC_CRYPTO_ERROR_REPLAYED: a valid file written under another
 *   name, put in this one's place
 * @PAPERS_SYNC_CRYPTO_ERROR_TOO_LARGE: over the size a sync file may have
 * @PAPERS_SYNC_CRYPTO_ERROR_FAILED: the key could not be derived (out of
 *   memory)
 */
typedef enum
{
  PAPERS_SYNC_CRYPTO_ERROR_WRONG_PASSPHRASE,
  PAPERS_SYNC_CRYPTO_ERROR_BAD_HEADER,
  PAPERS_SYNC_CRYPTO_ERROR_NOT_ENCRYPTED,
  PAPERS_SYNC_CRYPTO_ERROR_TOO_NEW,
  PAPERS_SYNC_CRYPTO_ERROR_TRUNCATED,
  PAPERS_SYNC_CRYPTO_ERROR_TAMPERED,
  PAPERS_SYNC_CRYPTO_ERROR_REPLAYED,
  PAPERS_SYNC_CRYPTO_ERROR_TOO_LARGE,
  PAPERS_SYNC_CRYPTO_ERROR_FAILED,
} PapersSyncCryptoError;

GQuark papers_sync_crypto_error_quark (void);

/* Argon2id's cost, written into each library's header.  libsodium's
 * "moderate" limits (3 passes over 256 MiB, about a second on a laptop):
 * the key is derived once per device when the reader enters the
 * passphrase and then kept in the keyring, so a second is paid rarely,
 * while the header sits on a server the reader does not control and
 * every guess of an offline attack pays it too.  "Sensitive" (1 GiB)
 * would not fit the memory of the phones Papers runs on. */
#define PAPERS_SYNC_KDF_OPSLIMIT 3
#define PAPERS_SYNC_KDF_MEMLIMIT ((gsize) 256 * 1024 * 1024)
/* A header asking for more is refused (it could exhaust memory). */
#define PAPERS_SYNC_KDF_MAX_OPSLIMIT 10
#define PAPERS_SYNC_KDF_MAX_MEMLIMIT ((gsize) 1024 * 1024 * 1024)

/* An encrypted file holds at most this much. */
#define PAPERS_SYNC_MAX_FILE_BYTES ((guint64) 512 * 1024 * 1024)
/* A file's name (what it is bound to) is at most this long. */
#define PAPERS_SYNC_MAX_NAME_BYTES 1024

typedef struct _PapersSyncKey PapersSyncKey;

GBytes        *papers_sync_header_new     (const char     *passphrase,
                                           guint64         opslimit,
                                           gsize           memlimit,
                                           PapersSyncKey **key,
                                           GError        **error);
PapersSyncKey *papers_sync_header_unlock  (GBytes         *header,
                                           const char     *passphrase,
                                           GError        **error);
void           papers_sync_key_free       (PapersSyncKey  *key);

GBytes        *papers_sync_encrypt        (PapersSyncKey  *key,
                                           const char     *name,
                                           GBytes         *plain);
GBytes        *papers_sync_decrypt        (PapersSyncKey  *key,
                                           const char     *name,
                                           GBytes         *sealed,
                                           GError        **error);

gboolean       papers_sync_encrypt_stream (PapersSyncKey  *key,
                                           const char     *name,
                                           GInputStream   *in,
                                           guint64         length,
                                           GOutputStream  *out,
                                           char          **sha256,
                                           GCancellable   *cancellable,
                                           GError        **error);
gboolean       papers_sync_decrypt_to_stream (PapersSyncKey  *key,
                                              const char     *name,
                                              GBytes         *sealed,
                                              GOutputStream  *out,
                                              char          **sha256,
                                              guint64        *length,
                                              GError        **error);
char          *papers_sync_key_name_for   (PapersSyncKey  *key,
                                           const char     *prefix,
                                           const char     *content_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersSyncKey, papers_sync_key_free)

G_END_DECLS
