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

// Stacks of certificates (chain verification's untrusted intermediates). The stack does not own
// its certificates: free it with kiln_sk_X509_free, the certificates separately.
static inline STACK_OF(X509) *kiln_sk_X509_new_null(void) { return sk_X509_new_null(); }
static inline int kiln_sk_X509_push(STACK_OF(X509) *s, X509 *x) { return sk_X509_push(s, x); }
static inline void kiln_sk_X509_free(STACK_OF(X509) *s) { sk_X509_free(s); }

static inline int kiln_sk_GENERAL_NAME_push(GENERAL_NAMES *s, GENERAL_NAME *n) { return sk_GENERAL_NAME_push(s, n); }

// EXTENDED_KEY_USAGE is a STACK_OF(ASN1_OBJECT); pushing and reading it are macros.
static inline EXTENDED_KEY_USAGE *kiln_EXTENDED_KEY_USAGE_new_null(void) { return sk_ASN1_OBJECT_new_null(); }
static inline int kiln_sk_ASN1_OBJECT_push(EXTENDED_KEY_USAGE *s, ASN1_OBJECT *o) { return sk_ASN1_OBJECT_push(s, o); }
static inline int kiln_sk_ASN1_OBJECT_num(const EXTENDED_KEY_USAGE *s) { return sk_ASN1_OBJECT_num(s); }
static inline ASN1_OBJECT *kiln_sk_ASN1_OBJECT_value(const EXTENDED_KEY_USAGE *s, int i) { return sk_ASN1_OBJECT_value(s, i); }
static inline void kiln_EXTENDED_KEY_USAGE_pop_free(EXTENDED_KEY_USAGE *s) { sk_ASN1_OBJECT_pop_free(s, ASN1_OBJECT_free); }

// AES-GCM tag get/set: the control codes are macro aliases.
static inline int kiln_EVP_CIPHER_CTX_get_gcm_tag(EVP_CIPHER_CTX *c, unsigned char *tag, int len) {
    return EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, len, tag);
}
static inline int kiln_EVP_CIPHER_CTX_set_gcm_tag(EVP_CIPHER_CTX *c, unsigned char *tag, int len) {
    return EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, len, tag);
}
static inline int kiln_EVP_CIPHER_CTX_set_gcm_ivlen(EVP_CIPHER_CTX *c, int len) {
    return EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, len, NULL);
}

#endif
