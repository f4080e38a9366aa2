// libcurl's setopt/getinfo entry points are variadic, which Swift cannot call.
// These typed wrappers are the whole shim: one per argument type kiln passes.
#ifndef KILN_CCURL_SHIM_H
#define KILN_CCURL_SHIM_H

#include <curl/curl.h>

typedef size_t (*kiln_curl_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef int (*kiln_curl_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                          curl_off_t ultotal, curl_off_t ulnow);
typedef CURLcode (*kiln_curl_ssl_ctx_callback)(CURL *curl, void *ssl_ctx, void *userdata);
typedef int (*kiln_curl_debug_callback)(CURL *handle, curl_infotype type, char *data, size_t size,
                                       void *userdata);

static inline CURLcode kiln_curl_easy_setopt_long(CURL *h, CURLoption o, long v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode kiln_curl_easy_setopt_off(CURL *h, CURLoption o, curl_off_t v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode kiln_curl_easy_setopt_ptr(CURL *h, CURLoption o, const void *v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode kiln_curl_easy_setopt_string(CURL *h, CURLoption o, const char *v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode kiln_curl_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode kiln_curl_easy_setopt_blob(CURL *h, CURLoption o, struct curl_blob *v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode kiln_curl_easy_setopt_data_callback(CURL *h, CURLoption o, kiln_curl_data_callback v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode kiln_curl_easy_setopt_xferinfo_callback(CURL *h, kiln_curl_xferinfo_callback v) {
    return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, v);
}
static inline CURLcode kiln_curl_easy_setopt_ssl_ctx_callback(CURL *h, kiln_curl_ssl_ctx_callback v) {
    return curl_easy_setopt(h, CURLOPT_SSL_CTX_FUNCTION, v);
}
static inline CURLcode kiln_curl_easy_setopt_debug_callback(CURL *h, kiln_curl_debug_callback v) {
    return curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, v);
}

static inline CURLcode kiln_curl_easy_getinfo_long(CURL *h, CURLINFO i, long *v) {
    return curl_easy_getinfo(h, i, v);
}
static inline CURLcode kiln_curl_easy_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) {
    return curl_easy_getinfo(h, i, v);
}
static inline CURLcode kiln_curl_easy_getinfo_string(CURL *h, CURLINFO i, char **v) {
    return curl_easy_getinfo(h, i, v);
}
static inline CURLcode kiln_curl_easy_getinfo_ptr(CURL *h, CURLINFO i, void **v) {
    return curl_easy_getinfo(h, i, v);
}

// CURLVERSION_NOW is a macro alias Swift does not import.
static inline curl_version_info_data *kiln_curl_version_info(void) { return curl_version_info(CURLVERSION_NOW); }

static inline CURLMcode kiln_curl_multi_setopt_long(CURLM *m, CURLMoption o, long v) {
    return curl_multi_setopt(m, o, v);
}

#endif
