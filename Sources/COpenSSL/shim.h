// OpenSSL 3 headers kiln uses, plus wrappers for the few macros Swift cannot call.
#ifndef KILN_COPENSSL_SHIM_H
#define KILN_COPENSSL_SHIM_H

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/objects.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

static inline void kiln_OPENSSL_free(void *p) { OPENSSL_free(p); }

// BIO_get_mem_data is a macro over BIO_ctrl.
static inline long kiln_BIO_get_mem_data(BIO *b, char **pp) { return BIO_get_mem_data(b, pp); }

// Stack helpers for the GENERAL_NAME stacks of subjectAltName.
static inline int kiln_sk_GENERAL_NAME_num(const GENERAL_NAMES *s) { return sk_GENERAL_NAME_num(s); }
static inline GENERAL_NAME *kiln_sk_GENERAL_NAME_value(const GENERAL_NAMES *s, int i) {
    return sk_GENERAL_NAME_value(s, i);
}
static inline void kiln_GENERAL_NAMES_free(GENERAL_NAMES *s) { GENERAL_NAMES_free(s); }

#endif
